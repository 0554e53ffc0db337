"""SQLite: the first rows along the index, a batch at a time, with a pause for waiting logins.

SQLite has one writer: a batch's length is how long a sign-in waits, so
batches are sized as they go to hold the write lock about BATCH_SECONDS.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from django.db import connections
from django.db.models import Field, QuerySet

from jwt_allauth.sessions.purge.sql import run_batch, table_and_filter

if TYPE_CHECKING:
    from jwt_allauth.sessions.models import UserSession

FIRST_BATCH = 40_000
BATCH_SECONDS = 0.3
MIN_BATCH = 20_000  # a batch has a fixed cost: ever smaller ones would multiply it
PAUSE = 0.1  # longer than the busy handler's 100 ms retry interval
CACHE_KIB = 32 * 1024


class BatchSizer:
    """Rows for the next batch: fixed, or (``target`` seconds) resized after each batch."""

    def __init__(self, size: int, target: float | None = None) -> None:
        self.size, self.target = size, target

    def record(self, rows: int, seconds: float) -> None:
        if self.target is None or rows < self.size or seconds <= 0:
            return
        wanted = round(rows * self.target / seconds)
        self.size = max(MIN_BATCH, min(wanted, 2 * self.size))


def purge(querysets: list[QuerySet[UserSession]], batch_size: int | None) -> int:
    sizer = BatchSizer(batch_size or FIRST_BATCH, None if batch_size else BATCH_SECONDS)
    with connections[querysets[0].db].cursor() as cursor, tuned(cursor):
        return sum(delete_first_rows(cursor, sessions, sizer) for sessions in querysets)


def delete_first_rows(cursor: Any, sessions: QuerySet[UserSession], sizer: BatchSizer) -> int:
    """Delete the first ``sizer.size`` rows of ``sessions`` along its index, until none are left.

    Rows sharing one value come in rowid order, the index's own, so nothing is
    sorted; no value is read back and compared, so any stored spelling goes.
    """
    table, where, params = table_and_filter(sessions)
    field = sessions.model._meta.get_field(str(sessions.query.order_by[0]))
    assert isinstance(field, Field) and field.column  # purgeable_sessions orders by a column
    column = connections[sessions.db].ops.quote_name(field.column)
    sql = (
        f"DELETE FROM {table} WHERE rowid IN "  # noqa: S608  (names quoted, values bound)
        f"(SELECT rowid FROM {table} WHERE {where} ORDER BY {column} LIMIT %s)"
    )
    deleted_total = 0
    while True:
        size = sizer.size
        deleted, seconds = run_batch(cursor, sql, [*params, size])
        deleted_total += deleted
        if deleted < size:
            return deleted_total
        sizer.record(deleted, seconds)
        time.sleep(PAUSE)


@contextmanager
def tuned(cursor: Any) -> Iterator[None]:
    """A larger page cache, and a journal kept between batches in rollback mode; then restored."""
    restore = tune(cursor)
    try:
        yield
    finally:
        for statement in restore:
            cursor.execute(statement)


def tune(cursor: Any) -> list[str]:
    """Apply the purge settings; returns the statements that undo them."""
    cursor.execute("PRAGMA cache_size")
    restore = [f"PRAGMA cache_size = {int(cursor.fetchone()[0])}"]
    cursor.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    cursor.execute("PRAGMA journal_mode")
    if cursor.fetchone()[0].lower() == "delete":  # never leave WAL, memory or off modes
        cursor.execute("PRAGMA journal_mode = PERSIST")
        cursor.fetchall()
        restore.append("PRAGMA journal_mode = DELETE")
    return restore
