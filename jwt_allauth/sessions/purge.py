"""Delete expired sessions, and sessions revoked long ago, in short batches.

Each batch is one DELETE of a range (along an index, or of heap blocks),
committed on its own: memory stays flat however many rows there are, and
other writers wait for one batch at most. bench/bench_purge.py measures it
against a single bulk DELETE.

Batches end where the index says (``_delete_first_rows`` on SQLite, the first
N rows along it; ``_delete_in_batches`` elsewhere when a size is given: exactly
N rows, found by reading N index entries), where the previous batch's density
says (``_delete_in_windows``: a span of time expected to hold about N rows), or,
on PostgreSQL when one DELETE would read the whole table anyway, at heap block
boundaries (``_delete_by_blocks``). SQLite needs exact sizes, since there a
batch's size is how long logins wait; elsewhere a delete locks only its own
rows and the others read less.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

from django.db import connections
from django.db.backends.utils import CursorWrapper
from django.db.models import Field, Q, QuerySet
from django.utils import timezone

from jwt_allauth.sessions.models import UserSession

logger = logging.getLogger(__name__)

# Rows per DELETE. SQLite has a single writer: by default its batches are sized
# as they go so that each holds the write lock for about SQLITE_BATCH_SECONDS,
# starting from the first size below. Elsewhere a delete locks only its own
# rows, larger batches cost less in round trips, and by default each is
# expected to hold about OTHER_BATCH_SIZE rows (see _delete_about).
DEFAULT_BATCH_SIZE = {"sqlite": 40_000}
OTHER_BATCH_SIZE = 100_000
SQLITE_BATCH_SECONDS = 0.3
SQLITE_MIN_BATCH = 20_000  # see BatchSizer
SQLITE_PAUSE = 0.1  # seconds; see _let_writers_in
SQLITE_PURGE_CACHE_KIB = 32 * 1024


class BatchSizer:
    """Rows for the next batch: fixed, or (``target`` seconds) resized after each batch.

    Each batch of a SQLite purge rewrites every leaf page of indexes whose order
    is unrelated to expiry (``user_id``) and syncs the journal, so it costs a
    fixed amount on top of its rows: batches should be as large as the lock
    budget allows, and no larger. They never shrink below SQLITE_MIN_BATCH: on
    a busy machine that fixed cost alone can fill the budget, and ever smaller
    batches would multiply it.
    """

    def __init__(self, size: int, target: float | None = None) -> None:
        self.size, self.target = size, target

    def record(self, rows: int, seconds: float) -> None:
        if self.target is None or rows < self.size or seconds <= 0:
            return
        wanted = round(rows * self.target / seconds)
        self.size = max(SQLITE_MIN_BATCH, min(wanted, 2 * self.size))


def purgeable_sessions(now: datetime, keep_revoked: timedelta) -> list[QuerySet[UserSession]]:
    """Sessions past their expiry, and sessions revoked before ``now - keep_revoked``.

    Two querysets, each ordered by its own indexed column: the purge walks
    each one along that index.
    """
    return [
        UserSession.objects.filter(expires_at__lte=now).order_by("expires_at"),
        UserSession.objects.filter(revoked_at__lte=now - keep_revoked).order_by("revoked_at"),
    ]


def count_purgeable_sessions(keep_revoked: timedelta) -> int:
    now = timezone.now()
    expired, revoked = purgeable_sessions(now, keep_revoked)
    return expired.count() + revoked.filter(expires_at__gt=now).count()


def default_batch_size(alias: str = "default") -> int:
    return DEFAULT_BATCH_SIZE.get(connections[alias].vendor, OTHER_BATCH_SIZE)


def purge_sessions(keep_revoked: timedelta, batch_size: int | None = None) -> int:
    """Delete purgeable sessions in batches; returns how many were deleted.

    An explicit ``batch_size`` is used as is, exactly; without one, SQLite
    batches are sized to hold the write lock for about SQLITE_BATCH_SECONDS
    each, and other databases delete about OTHER_BATCH_SIZE rows a batch, in
    ranges of heap blocks or windows of time (see ``_delete_about``).
    """
    now = timezone.now()
    alias = UserSession.objects.db
    querysets = purgeable_sessions(now, keep_revoked)
    with _tuned_for_purge(alias):
        if connections[alias].vendor == "sqlite":
            target = None if batch_size else SQLITE_BATCH_SECONDS
            sizer = BatchSizer(batch_size or default_batch_size(alias), target)
            return sum(_delete_first_rows(qs, sizer) for qs in querysets)
        if batch_size:
            return sum(_delete_in_batches(qs, BatchSizer(batch_size)) for qs in querysets)
        return sum(_delete_about(qs, default_batch_size(alias)) for qs in querysets)


def _delete_about(sessions: QuerySet[UserSession], rows: int) -> int:
    """Delete ``sessions`` in batches of about ``rows``, along the path one DELETE would take.

    When PostgreSQL would read the whole table for a single DELETE (most rows
    are purgeable), the batches sweep the table a range of heap blocks at a
    time, each read in physical order as that DELETE would; walking an index
    instead costs a fifth more. Otherwise they follow the index, a window of
    time at a time.
    """
    blocks = _blocks_per_batch(sessions, rows)
    if blocks:
        return _delete_by_blocks(sessions, blocks)
    return _delete_in_windows(sessions, rows)


def _blocks_per_batch(sessions: QuerySet[UserSession], rows: int) -> int | None:
    """Heap blocks holding about ``rows`` rows, when a block sweep suits ``sessions``.

    None unless the database is PostgreSQL 14 or later (TID range scans), the
    table has statistics (``relpages``, from VACUUM or ANALYZE) and the planner
    would scan the whole table to delete ``sessions`` in one statement.
    """
    connection = connections[sessions.db]
    # pg_version exists on PostgreSQL's connection wrapper only.
    if connection.vendor != "postgresql" or connection.pg_version < 140000:  # type: ignore[attr-defined]
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relpages, reltuples FROM pg_class WHERE oid = %s::regclass",
            [sessions.model._meta.db_table],
        )
        pages, tuples = cursor.fetchone()
        if pages <= 0 or tuples <= 0:
            return None
        cursor.execute(*_delete_statement(sessions, "EXPLAIN DELETE"))
        plan = "\n".join(line for (line,) in cursor.fetchall())
    if "Seq Scan" not in plan:
        return None
    return max(1, int(round(rows * pages / tuples)))


def _delete_by_blocks(sessions: QuerySet[UserSession], blocks: int) -> int:
    """Delete ``sessions`` a range of ``blocks`` heap blocks at a time (PostgreSQL).

    The sweep covers the blocks the table has when it starts; rows written
    later are new sessions, and a purgeable row that a concurrent UPDATE moves
    behind the sweep is left for the next run. Each DELETE commits on its own
    unless the caller holds a transaction.
    """
    sql, params = _delete_statement(sessions, "DELETE", "ctid >= %s::tid AND ctid < %s::tid")
    deleted_total = 0
    with connections[sessions.db].cursor() as cursor:
        cursor.execute(
            "SELECT pg_relation_size(%s::regclass) / current_setting('block_size')::int",
            [sessions.model._meta.db_table],
        )
        (table_blocks,) = cursor.fetchone()
        for first in range(0, table_blocks, blocks):
            started = time.monotonic()
            cursor.execute(sql, [f"({first},0)", f"({first + blocks},0)", *params])
            seconds = time.monotonic() - started
            logger.debug("purge batch: %d rows in %.3f s", cursor.rowcount, seconds)
            deleted_total += cursor.rowcount
    return deleted_total


def _delete_statement(
    sessions: QuerySet[UserSession], verb: str, condition: str = ""
) -> tuple[str, list[Any]]:
    """``verb`` FROM the sessions table WHERE ``condition`` and the filter of ``sessions``.

    The filter is compiled by Django, its values kept as parameters, and the
    table name is quoted: nothing is spliced in that did not come from the ORM.
    """
    connection = connections[sessions.db]
    table = connection.ops.quote_name(sessions.model._meta.db_table)
    where, params = sessions.query.get_compiler(sessions.db).compile(sessions.query.where)
    conditions = f"{condition} AND ({where})" if condition else where
    return f"{verb} FROM {table} WHERE {conditions}", list(params)  # noqa: S608


def _delete_in_windows(sessions: QuerySet[UserSession], rows: int) -> int:
    """Delete ``sessions`` a span of its ordering column at a time, about ``rows`` each.

    A span's width is measured from the index (the value ``rows`` entries on)
    when there is no estimate yet, and afterwards scaled by how many rows the
    previous span held, within half to twice its width: a batch then reads
    only the entries it deletes. Its size is an estimate, which is why SQLite,
    where a batch's length is a login's wait, does not use it.
    """
    field = _ordering(sessions)
    start, width, deleted_total = _value_at(sessions, field, 0), None, 0
    while start is not None:
        if not width:
            end = _value_at(sessions.filter(**{f"{field}__gte": start}), field, rows)
            if end is None:
                return deleted_total + sessions.filter(**{f"{field}__gte": start}).delete()[0]
            width = end - start
        span = {f"{field}__gte": start, f"{field}__lt": start + width} if width else {field: start}
        started = time.monotonic()
        deleted = sessions.filter(**span).delete()[0]
        logger.debug("purge batch: %d rows in %.3f s", deleted, time.monotonic() - started)
        deleted_total += deleted
        after = {f"{field}__gte": start + width} if width else {f"{field}__gt": start}
        start = _value_at(sessions.filter(**after), field, 0)
        if width:
            width *= min(2.0, max(0.5, rows / max(deleted, 1)))
    return deleted_total


def _delete_first_rows(sessions: QuerySet[UserSession], sizer: BatchSizer) -> int:
    """SQLite: delete the first ``sizer.size`` rows of ``sessions`` along its index, until none.

    SQLite removes a deleted row's index entries at once, so every batch starts
    at the front of what is left and reads exactly the entries it deletes.
    Rows sharing one value come in rowid order, the order the index keeps them
    in, so ties sort nothing; and no stored value is read back and compared
    again, so a date spelled otherwise (``+00:00``, ``T``) is deleted like any.
    """
    connection = connections[sessions.db]
    field = sessions.model._meta.get_field(_ordering(sessions))
    assert isinstance(field, Field) and field.column  # an ordering column of the table
    column = field.column
    table = connection.ops.quote_name(sessions.model._meta.db_table)
    select, params = _delete_statement(sessions, "SELECT rowid")
    sql = (
        f"DELETE FROM {table} WHERE rowid IN "  # noqa: S608  (names quoted, values bound)
        f"({select} ORDER BY {connection.ops.quote_name(column)} LIMIT %s)"
    )
    deleted_total = 0
    with connection.cursor() as cursor:
        while True:
            size, started = sizer.size, time.monotonic()
            cursor.execute(sql, [*params, size])
            seconds = time.monotonic() - started
            deleted: int = cursor.rowcount
            logger.debug("purge batch: %d rows in %.3f s", deleted, seconds)
            deleted_total += deleted
            if deleted < size:
                return deleted_total
            sizer.record(deleted, seconds)
            _let_writers_in(sessions.db)


def _delete_in_batches(sessions: QuerySet[UserSession], sizer: BatchSizer) -> int:
    """Delete ``sessions`` a range of its ordering column at a time (not SQLite).

    Each batch reads, from the index alone, the value ``batch_size`` rows on and
    deletes the rows below it; the next batch starts at that value, so it never
    walks over rows already deleted (on PostgreSQL they stay in the index until
    vacuumed) and the cost stays linear. When more than a batch of rows share
    one value, they are taken in primary-key order.
    """
    field = _ordering(sessions)
    deleted_total, rest = 0, sessions
    # Rows below ``lower`` are gone; ``first`` is the known lowest value of ``rest``.
    lower, first = None, None
    while True:
        bound = _value_at(rest, field, sizer.size)
        if bound is None:
            return deleted_total + rest.delete()[0]
        started = time.monotonic()
        below = _between(sessions, field, lower, bound)
        if (first < bound) if first is not None else below.exists():
            deleted = below.delete()[0]
            rest, first = sessions.filter(**{f"{field}__gte": bound}), bound
        else:
            deleted, rest = _delete_ties(sessions, rest, field, bound, sizer.size)
            first = None
        lower = bound
        deleted_total += deleted
        seconds = time.monotonic() - started
        logger.debug("purge batch: %d rows in %.3f s", deleted, seconds)
        sizer.record(deleted, seconds)
        _let_writers_in(sessions.db)


def _between(
    sessions: QuerySet[UserSession], field: str, lower: object, bound: object
) -> QuerySet[UserSession]:
    """The rows of ``sessions`` from ``lower`` (when known) up to ``bound``, excluded.

    Filtered on these two bounds alone: ``bound`` is a value of ``sessions``, all
    rows up to a cutoff, so the rows below it are in ``sessions`` already; a
    second upper bound is one more test per row.
    """
    span = (
        {f"{field}__lt": bound}
        if lower is None
        else {f"{field}__gte": lower, f"{field}__lt": bound}
    )
    return sessions.model._base_manager.using(sessions.db).filter(**span)


def _delete_ties(
    sessions: QuerySet[UserSession],
    rest: QuerySet[UserSession],
    field: str,
    value: object,
    batch_size: int,
) -> tuple[int, QuerySet[UserSession]]:
    """Delete a batch of the rows of ``rest`` whose ``field`` is ``value``, by primary key."""
    ties = rest.filter(**{field: value})
    last_pk = _value_at(ties.order_by("pk"), "pk", batch_size - 1)
    deleted = ties.filter(pk__lte=last_pk).delete()[0]
    after = Q(**{f"{field}__gt": value}) | Q(pk__gt=last_pk)
    return deleted, sessions.filter(**{f"{field}__gte": value}).filter(after)


def _ordering(sessions: QuerySet[UserSession]) -> str:
    """The column ``sessions`` is ordered by (``purgeable_sessions`` orders by a name)."""
    return str(sessions.query.order_by[0])


def _value_at(sessions: QuerySet[UserSession], field: str, offset: int) -> Any:
    return next(iter(sessions.values_list(field, flat=True)[offset : offset + 1]), None)


def _let_writers_in(alias: str) -> None:
    """On SQLite, pause between batches so a waiting login can take the write lock.

    SQLite has one writer at a time and a waiting connection only retries now
    and then: its busy handler sleeps 1, 2, 5 ... ms, then every 100 ms once it
    has waited a quarter of a second. A pause shorter than that interval can
    pass unnoticed and leave the login waiting for the next batch too. Other
    databases lock rows, not the file, and need no pause.
    """
    if connections[alias].vendor == "sqlite":
        time.sleep(SQLITE_PAUSE)


@contextmanager
def _tuned_for_purge(alias: str) -> Iterator[None]:
    """Connection settings that make batches cheaper, restored afterwards.

    PostgreSQL: a batch commits without waiting for its WAL flush; a crash can
    only forget the last batches, which the next purge deletes again. SQLite: a
    larger page cache, so index pages touched by one batch are still there for
    the next, and, in the default rollback-journal mode, a journal that is
    invalidated rather than deleted after each batch: as durable, one file
    deletion and directory sync fewer per batch.
    """
    connection = connections[alias]
    vendor = connection.vendor
    if vendor not in ("postgresql", "sqlite"):
        yield
        return
    with connection.cursor() as cursor:
        if vendor == "postgresql":
            cursor.execute("SET synchronous_commit TO OFF")
            restore = ["RESET synchronous_commit"]
        else:
            restore = _tune_sqlite(cursor)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for statement in restore:
                cursor.execute(statement)


def _tune_sqlite(cursor: CursorWrapper) -> list[str]:
    """Apply the SQLite purge settings; returns the statements that undo them."""
    cursor.execute("PRAGMA cache_size")
    restore = [f"PRAGMA cache_size = {int(cursor.fetchone()[0])}"]
    cursor.execute(f"PRAGMA cache_size = -{SQLITE_PURGE_CACHE_KIB}")
    cursor.execute("PRAGMA journal_mode")
    if cursor.fetchone()[0].lower() == "delete":  # never leave WAL, memory or off modes
        cursor.execute("PRAGMA journal_mode = PERSIST")
        cursor.fetchall()
        restore.append("PRAGMA journal_mode = DELETE")
    return restore
