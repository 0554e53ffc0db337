"""One row by primary key, with SQL the ORM compiles once.

Cloning a queryset, resolving its filter and compiling its SQL cost more than
running the ``SELECT``, and the hottest requests load one row by its key: the
token's user, the refresh token's session. Here the ORM compiles each such
lookup once per model, database and ``select_related``; each call binds its own
key, runs the statement and builds the instances as the queryset would
(``Model.from_db``, the backend's converters, the related objects). A default
manager that filters, defers, annotates or joins keeps the ORM path.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import connections
from django.db.models.query import get_related_populators

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
