"""Loading the account behind a token."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connections

from jwt_allauth.exceptions import UserNotFound


def load_active_user(user_id: Any) -> Any:
    """The user row for ``user_id``; a deleted or inactive account is ``UserNotFound``."""
    user = _fetch_user(user_id)
    if user is None or not getattr(user, "is_active", True):
        raise UserNotFound()
    return user


@dataclass(frozen=True)
class _UserQuery:
    """``SELECT <every column> FROM <users> WHERE <pk> = %s``, compiled by the ORM once."""

    sql: str
    attnames: tuple[str, ...]
    converters: tuple[tuple[int, tuple[Callable[..., Any] | str, ...], Any], ...]


# (user model, database alias) -> its compiled lookup, or None where the ORM must build it.
_queries: dict[tuple[type, str], _UserQuery | None] = {}


def _fetch_user(user_id: Any) -> Any:
    """The user row for ``user_id`` or None, as ``filter(pk=user_id).first()`` would load it.

    Building and compiling that queryset costs more than running it: every
    authenticated request that needs the row paid for it again. The SQL is
    compiled once per user model and database, and each call binds its own
    primary key. A default manager that filters, joins, defers or annotates
    keeps the ORM path.
    """
    model = get_user_model()
    manager = model._default_manager
    alias = manager.db
    key = (model, alias)
    if key not in _queries:
        _queries[key] = _compile_user_query(manager.using(alias).all(), user_id)
    query = _queries[key]
    if query is None:
        return manager.filter(pk=user_id).first()
    connection = connections[alias]
    value = model._meta.pk.get_db_prep_value(user_id, connection, prepared=False)
    with connection.cursor() as cursor:
        cursor.execute(query.sql, [value])
        row = cursor.fetchone()
    if row is None:
        return None
    values = list(row)
    for index, functions, expression in query.converters:
        for convert in functions:
            # The backend's own converters are methods of this thread's connection.
            convert = getattr(connection.ops, convert) if isinstance(convert, str) else convert
            values[index] = convert(values[index], expression, connection)
    return model.from_db(alias, query.attnames, values)


def _compile_user_query(base: Any, sample_pk: Any) -> _UserQuery | None:
    query = base.query
    if query.where or query.select_related or query.annotations or query.extra:
        return None
    if query.deferred_loading != (frozenset(), True):
        return None
    compiler = base.filter(pk=sample_pk).order_by().query.get_compiler(base.db)
    sql, params = compiler.as_sql()
    pk = base.model._meta.pk
    prepared = pk.get_db_prep_value(sample_pk, connections[base.db], prepared=False)
    select = compiler.select
    fields = compiler.klass_info["select_fields"] if compiler.klass_info else []
    if list(params) != [prepared] or fields != list(range(len(select))):
        return None
    converters = compiler.get_converters([column for column, _sql, _alias in select])
    ops = compiler.connection.ops

    def portable(function: Callable[..., Any]) -> Callable[..., Any] | str:
        return function.__name__ if getattr(function, "__self__", None) is ops else function

    return _UserQuery(
        sql=sql,
        attnames=tuple(column.target.attname for column, _sql, _alias in select),
        converters=tuple(
            (i, tuple(map(portable, fns)), expr) for i, (fns, expr) in converters.items()
        ),
    )
