"""Delete expired sessions, and sessions revoked long ago, in short batches.

Each batch is one range DELETE along an index, committed on its own: memory
stays flat however many rows there are, and other writers wait for one batch
at most. bench/bench_purge.py measures it against a single bulk DELETE.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

from django.db import connections
from django.db.models import Q, QuerySet
from django.utils import timezone

from jwt_allauth.sessions.models import UserSession

# Rows per DELETE. SQLite has a single writer, so its batches are kept small
# enough for a waiting login to get through quickly; elsewhere a delete locks
# only its own rows and larger batches cost less in round trips.
DEFAULT_BATCH_SIZE = {"sqlite": 20_000}
OTHER_BATCH_SIZE = 100_000
SQLITE_MAX_PAUSE = 0.1  # seconds; see _let_writers_in
SQLITE_PURGE_CACHE_KIB = 32 * 1024


def purgeable_sessions(now: datetime, keep_revoked: timedelta) -> list[QuerySet]:
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
    """Delete purgeable sessions in batches; returns how many were deleted."""
    now = timezone.now()
    alias = UserSession.objects.db
    batch_size = batch_size or default_batch_size(alias)
    with _tuned_for_purge(alias):
        return sum(
            _delete_in_batches(qs, batch_size) for qs in purgeable_sessions(now, keep_revoked)
        )


def _delete_in_batches(sessions: QuerySet, batch_size: int) -> int:
    """Delete ``sessions`` a range of its ordering column at a time.

    Each batch reads, from the index alone, the value ``batch_size`` rows on and
    deletes the rows below it; the next batch starts at that value, so it never
    walks over rows already deleted (on PostgreSQL they stay in the index until
    vacuumed) and the cost stays linear. When more than a batch of rows share
    one value, they are taken in primary-key order.
    """
    field = sessions.query.order_by[0]
    deleted_total, rest, first = 0, sessions, None  # first: known lowest value of rest
    while True:
        bound = _value_at(rest, field, batch_size)
        if bound is None:
            return deleted_total + rest.delete()[0]
        started = time.monotonic()
        below = rest.filter(**{f"{field}__lt": bound})
        if (first < bound) if first is not None else below.exists():
            deleted_total += below.delete()[0]
            rest, first = sessions.filter(**{f"{field}__gte": bound}), bound
        else:
            deleted, rest = _delete_ties(sessions, rest, field, bound, batch_size)
            deleted_total, first = deleted_total + deleted, None
        _let_writers_in(sessions.db, time.monotonic() - started)


def _delete_ties(
    sessions: QuerySet, rest: QuerySet, field: str, value: Any, batch_size: int
) -> tuple[int, QuerySet]:
    """Delete a batch of the rows of ``rest`` whose ``field`` is ``value``, by primary key."""
    ties = rest.filter(**{field: value})
    last_pk = _value_at(ties.order_by("pk"), "pk", batch_size - 1)
    deleted = ties.filter(pk__lte=last_pk).delete()[0]
    after = Q(**{f"{field}__gt": value}) | Q(pk__gt=last_pk)
    return deleted, sessions.filter(**{f"{field}__gte": value}).filter(after)


def _value_at(sessions: QuerySet, field: str, offset: int) -> Any:
    return next(iter(sessions.values_list(field, flat=True)[offset : offset + 1]), None)


def _let_writers_in(alias: str, batch_seconds: float) -> None:
    """On SQLite, pause between batches so a waiting login can take the write lock.

    SQLite has one writer at a time and a waiting connection only retries now
    and then (up to every 100 ms); without a gap it would wait for the whole
    purge. Other databases lock rows, not the file, and need no pause.
    """
    if connections[alias].vendor == "sqlite":
        time.sleep(min(SQLITE_MAX_PAUSE, batch_seconds / 2))


@contextmanager
def _tuned_for_purge(alias: str) -> Iterator[None]:
    """Connection settings that make batches cheaper, restored afterwards.

    PostgreSQL: a batch commits without waiting for its WAL flush; a crash can
    only forget the last batches, which the next purge deletes again. SQLite: a
    larger page cache, so index pages touched by one batch are still there for
    the next instead of being read again.
    """
    connection = connections[alias]
    vendor = connection.vendor
    if vendor not in ("postgresql", "sqlite"):
        yield
        return
    with connection.cursor() as cursor:
        if vendor == "postgresql":
            cursor.execute("SET synchronous_commit TO OFF")
            restore = "RESET synchronous_commit"
        else:
            cursor.execute("PRAGMA cache_size")
            restore = f"PRAGMA cache_size = {int(cursor.fetchone()[0])}"
            cursor.execute(f"PRAGMA cache_size = -{SQLITE_PURGE_CACHE_KIB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(restore)
