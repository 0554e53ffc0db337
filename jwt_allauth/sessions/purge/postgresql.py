"""PostgreSQL: one query lists the rows to delete; each batch deletes the next N by address.

The list is a cursor held across commits, read with the plan a single DELETE
would use (a sequential scan when most rows go, the index otherwise), so a
batch costs the same however the expiry times are spread, ties included.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import DatabaseError, connections
from django.db.models import QuerySet

from jwt_allauth.sessions.purge.sql import run_batch, table_and_filter

BATCH_SIZE = 100_000
CURSOR = "jwt_allauth_purge"


def purge(querysets: list[QuerySet], batch_size: int | None) -> int:
    alias = querysets[0].db
    with connections[alias].cursor() as cursor:
        # A crash can only forget the last batches, which the next purge deletes again.
        cursor.execute("SET synchronous_commit TO OFF")
        with then(cursor, alias, "RESET synchronous_commit"):
            return sum(
                delete_listed(cursor, sessions, batch_size or BATCH_SIZE) for sessions in querysets
            )


def delete_listed(cursor: Any, sessions: QuerySet, size: int) -> int:
    """Delete ``sessions`` ``size`` rows at a time, by the ctid a held cursor lists.

    Each DELETE repeats the filter: a listed address that a row moved away from,
    and a new row took after a VACUUM, is no purgeable session and stays.
    """
    table, where, params = table_and_filter(sessions)
    cursor.execute(
        f"DECLARE {CURSOR} NO SCROLL CURSOR WITH HOLD FOR "  # noqa: S608  (names quoted)
        f"SELECT ctid FROM {table} WHERE {where}",
        params,
    )
    delete = f"DELETE FROM {table} WHERE ctid = ANY(%s::tid[]) AND ({where})"  # noqa: S608
    deleted_total = 0
    with then(cursor, sessions.db, f"CLOSE {CURSOR}"):
        while True:
            cursor.execute(f"FETCH FORWARD {int(size)} FROM {CURSOR}")
            addresses = [str(ctid) for (ctid,) in cursor.fetchall()]
            if addresses:
                deleted_total += run_batch(cursor, delete, [addresses, *params])[0]
            if len(addresses) < size:
                return deleted_total


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
