"""PostgreSQL: sweep the heap a range of blocks at a time when much of the table goes.

A DELETE of most of a table reads it in physical order; batches that each take
the next range of heap blocks (a TID range scan, PostgreSQL 14+) read it the
same way, and cost the same however the expiry times are spread, ties included.
When little of the table goes, batches follow the index instead (generic.py).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from django.db import DatabaseError, connections
from django.db.models import QuerySet

from jwt_allauth.sessions.purge import generic
from jwt_allauth.sessions.purge.sql import run_batch, table_and_filter

if TYPE_CHECKING:
    from jwt_allauth.sessions.models import UserSession

BATCH_SIZE = 100_000
SWEEP_SHARE = 0.1  # of the table's rows purgeable, from which batches sweep the heap


def purge(querysets: list[QuerySet[UserSession]], batch_size: int | None) -> int:
    alias = querysets[0].db
    with connections[alias].cursor() as cursor:
        # A crash can only forget the last batches, which the next purge deletes again.
        cursor.execute("SET synchronous_commit TO OFF")
        with then(cursor, alias, "RESET synchronous_commit"):
            size = batch_size or BATCH_SIZE
            return sum(delete(cursor, sessions, size) for sessions in querysets)


def delete(cursor: Any, sessions: QuerySet[UserSession], size: int) -> int:
    """Sweep the heap when at least SWEEP_SHARE of the table is in ``sessions``, else the index."""
    rows, blocks = table_size(cursor, sessions)
    enough = max(1, math.ceil(rows * SWEEP_SHARE))
    if blocks is not None and rows and sessions[:enough].count() == enough:
        return sweep(cursor, sessions, blocks, max(1, round(size * blocks / rows)))
    return generic.delete_first_rows(sessions, size)


def table_size(cursor: Any, sessions: QuerySet[UserSession]) -> tuple[int, int | None]:
    """Rows (the planner's estimate, else a count) and heap blocks of the sessions table.

    No blocks before PostgreSQL 14, which cannot scan a range of them: each
    batch would read the whole table.
    """
    cursor.execute(
        "SELECT reltuples, pg_relation_size(oid) / current_setting('block_size')::int, "
        "current_setting('server_version_num')::int >= 140000 "
        "FROM pg_class WHERE oid = %s::regclass",
        [sessions.model._meta.db_table],
    )
    rows, blocks, ranges = cursor.fetchone()
    if rows <= 0:  # never analyzed
        rows = sessions.model._base_manager.using(sessions.db).count()
    return int(rows), int(blocks) if ranges else None


def sweep(cursor: Any, sessions: QuerySet[UserSession], blocks: int, step: int) -> int:
    """Delete ``sessions`` ``step`` heap blocks at a time, over the blocks the table has now.

    Rows written later are new sessions; a purgeable row that an UPDATE moves
    behind the sweep is left for the next purge.
    """
    table, where, params = table_and_filter(sessions)
    sql = (
        f"DELETE FROM {table} "  # noqa: S608  (names quoted, values bound)
        f"WHERE ctid >= %s::tid AND ctid < %s::tid AND ({where})"
    )
    return sum(
        run_batch(cursor, sql, [f"({first},0)", f"({first + step},0)", *params])[0]
        for first in range(0, blocks, step)
    )


@contextmanager
def then(cursor: Any, alias: str, statement: str) -> Iterator[None]:
    """Run ``statement`` on the way out; after an error in a transaction, its rollback undoes."""
    try:
        yield
    except DatabaseError:
        if connections[alias].get_autocommit():
            cursor.execute(statement)
        raise
    cursor.execute(statement)
