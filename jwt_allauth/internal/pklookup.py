"""One row by primary key, with SQL the ORM compiles once.

Cloning a queryset, resolving its filter and compiling its SQL cost more than
running the ``SELECT``, and the hottest requests load one row by its key: the
token's user, the refresh token's session. Here the ORM compiles each such
lookup once per model, database and ``select_related``; each call binds its own
key, runs the statement and builds the instances as the queryset would
(``Model.from_db``, the backend's converters, the related objects). A default
manager that filters, defers, annotates or joins keeps the ORM path.

The refresh's compare-and-swap ``UPDATE`` of one row by its key is compiled the
same way, once per model, database, vendor and set of columns: the statement is
the ORM's own, kept only when binding this call's values reproduces the ORM's
parameters; values are always bound, never written into the SQL.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import connections, router, transaction
from django.db.models.query import get_related_populators
from django.db.models.sql import UpdateQuery

Converter = tuple[int, tuple[Callable[..., Any] | str, ...], Any]


@dataclass(frozen=True)
class _Lookup:
    """``SELECT ... WHERE <pk> = %s`` and how to turn its row into instances."""

    sql: str
    attnames: tuple[str, ...]
    columns: int  # the model's own columns come first
    converters: tuple[Converter, ...]
    related: tuple[Any, ...]  # Django's populators of the select_related objects


# (model, database alias, select_related) -> its compiled lookup, or None: use the ORM.
_lookups: dict[tuple[type, str, tuple[str, ...]], _Lookup | None] = {}


def fetch_by_pk(model: type, pk: Any, select_related: tuple[str, ...] = ()) -> Any:
    """``model``'s row ``pk`` or None, as ``filter(pk=pk).select_related(...).first()``."""
    manager = model._default_manager  # type: ignore[attr-defined]
    alias = manager.db
    key = (model, alias, select_related)
    if key not in _lookups:
        _lookups[key] = _compile(manager.using(alias).all(), select_related, pk)
    lookup = _lookups[key]
    if lookup is None:
        return manager.select_related(*select_related).filter(pk=pk).first()
    connection = connections[alias]
    value = model._meta.pk.get_db_prep_value(pk, connection, prepared=False)  # type: ignore[attr-defined]
    with connection.cursor() as cursor:
        cursor.execute(lookup.sql, [value])
        row = cursor.fetchone()
    if row is None:
        return None
    values = _converted(list(row), lookup.converters, connection)
    instance = model.from_db(alias, lookup.attnames, values[: lookup.columns])  # type: ignore[attr-defined]
    for populator in lookup.related:
        populator.populate(values, instance)
    return instance


def _converted(values: list[Any], converters: tuple[Converter, ...], connection: Any) -> list[Any]:
    for index, functions, expression in converters:
        for convert in functions:
            # The backend's own converters are methods of this thread's connection.
            convert = getattr(connection.ops, convert) if isinstance(convert, str) else convert
            values[index] = convert(values[index], expression, connection)
    return values


def _related_populators(queryset: Any, klass_info: Any, select: Any, alias: str) -> list[Any]:
    """Django's populators of the joined objects; Django 6 also passes the fetch mode."""
    populators: Any = get_related_populators
    fetch_mode = getattr(queryset, "_fetch_mode", None)
    if fetch_mode is None:
        return list(populators(klass_info, select, alias))
    return list(populators(klass_info, select, alias, fetch_mode))


def _compile(base: Any, select_related: tuple[str, ...], sample_pk: Any) -> _Lookup | None:
    query = base.query
    if query.where or query.select_related or query.annotations or query.extra:
        return None
    if query.deferred_loading != (frozenset(), True) or query.distinct:
        return None
    lookup = base.filter(pk=sample_pk).order_by()
    if select_related:
        lookup = lookup.select_related(*select_related)
    compiler = lookup.query.get_compiler(base.db)
    sql, params = compiler.as_sql()
    pk = base.model._meta.pk
    prepared = pk.get_db_prep_value(sample_pk, connections[base.db], prepared=False)
    select, klass_info = compiler.select, compiler.klass_info
    own = klass_info["select_fields"] if klass_info else []
    if list(params) != [prepared] or not own or own != list(range(len(own))):
        return None
    if compiler.annotation_col_map or (not select_related and len(own) != len(select)):
        return None
    converters = compiler.get_converters([column for column, _sql, _alias in select])
    ops = compiler.connection.ops

    def portable(function: Callable[..., Any]) -> Callable[..., Any] | str:
        return function.__name__ if getattr(function, "__self__", None) is ops else function

    return _Lookup(
        sql=sql,
        attnames=tuple(column.target.attname for column, _sql, _alias in select[: len(own)]),
        columns=len(own),
        converters=tuple(
            (i, tuple(map(portable, fns)), expr) for i, (fns, expr) in converters.items()
        ),
        related=tuple(_related_populators(lookup, klass_info, select, base.db)),
    )


@dataclass(frozen=True)
class _Update:
    """``UPDATE ... SET <changes> WHERE <pk> = %s AND <equal> AND <null> IS NULL``."""

    sql: str
    changed: tuple[Any, ...]  # the fields SET, in the statement's order
    matched: tuple[tuple[str, Any], ...]  # the names and fields compared with ``=``, in order


# (model, database alias, vendor, changed names, equal names, null names) -> its UPDATE or None.
_updates: dict[tuple[Any, ...], _Update | None] = {}


def update_by_pk(
    model: type,
    pk: Any,
    changes: dict[str, Any],
    equal: dict[str, Any],
    null: tuple[str, ...] = (),
) -> int:
    """The rows ``filter(pk=pk, **equal, <each of null>__isnull=True).update(**changes)`` changed.

    One statement, as the ORM's: the conditions and the changes are applied by
    the database at once, so a compare-and-swap stays one. Values are plain
    field values (no expressions, no ``None`` among ``equal``), always bound.
    """
    manager = model._default_manager  # type: ignore[attr-defined]
    alias = router.db_for_write(model)
    connection = connections[alias]
    key = (model, alias, connection.vendor, tuple(changes), tuple(equal), null)
    if key not in _updates:
        _updates[key] = _compile_update(manager.db_manager(alias), pk, changes, equal, null)
    update = _updates[key]
    if update is None or None in equal.values():
        return int(_orm_filter(manager.db_manager(alias), pk, equal, null).update(**changes))
    params = _update_params(update, connection, pk, changes, equal)
    with transaction.mark_for_rollback_on_error(using=alias), connection.cursor() as cursor:
        cursor.execute(update.sql, params)
        return int(cursor.rowcount)


def _orm_filter(manager: Any, pk: Any, equal: dict[str, Any], null: tuple[str, ...]) -> Any:
    # The ORM orders keyword conditions by name: so does the compiled statement.
    return manager.filter(pk=pk, **equal, **{f"{name}__isnull": True for name in null})


def _update_params(
    update: _Update, connection: Any, pk: Any, changes: dict[str, Any], equal: dict[str, Any]
) -> list[Any]:
    params = [
        field.get_db_prep_save(value, connection)
        for field, value in zip(update.changed, changes.values(), strict=True)
    ]
    for name, field in update.matched:
        value = pk if name == "pk" else equal[name]
        params.append(field.get_db_prep_value(value, connection, prepared=False))
    return params


def _compile_update(
    manager: Any, pk: Any, changes: dict[str, Any], equal: dict[str, Any], null: tuple[str, ...]
) -> _Update | None:
    """The ORM's own statement, kept only if binding reproduces its parameters."""
    queryset = manager.all()
    query = queryset.query
    if query.where or query.annotations or query.extra or query.distinct:
        return None
    values = (*changes.values(), *equal.values())
    if None in equal.values() or any(hasattr(v, "resolve_expression") for v in values):
        return None
    update_query = _orm_filter(manager, pk, equal, null).query.chain(UpdateQuery)
    update_query.add_update_values(changes)
    if update_query.related_updates:
        return None
    update_query.get_initial_alias()
    if update_query.count_active_tables() != 1:
        return None  # a join: the ORM would select the keys first
    compiler = update_query.get_compiler(manager.db)
    compiler.pre_sql_setup()
    sql, params = compiler.as_sql()
    opts = manager.model._meta
    update = _Update(
        sql=sql,
        changed=tuple(field for field, _model, _value in update_query.values),
        matched=tuple(
            (name, opts.pk if name == "pk" else opts.get_field(name))
            for name in sorted(("pk", *equal))
        ),
    )
    if [f.attname for f in update.changed] != [opts.get_field(n).attname for n in changes]:
        return None
    if list(params) != _update_params(update, compiler.connection, pk, changes, equal):
        return None
    return update
