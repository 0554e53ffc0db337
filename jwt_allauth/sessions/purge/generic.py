"""Other databases: the primary keys of the first rows along the index, then a DELETE of those."""

from __future__ import annotations

from django.db.models import QuerySet

BATCH_SIZE = 10_000


def purge(querysets: list[QuerySet], batch_size: int | None) -> int:
    return sum(delete_first_rows(sessions, batch_size or BATCH_SIZE) for sessions in querysets)


def delete_first_rows(sessions: QuerySet, size: int) -> int:
    deleted_total = 0
    while True:
        keys = list(sessions.values_list("pk", flat=True)[:size])
        deleted_total += sessions.filter(pk__in=keys).delete()[0] if keys else 0
        if len(keys) < size:
            return deleted_total
