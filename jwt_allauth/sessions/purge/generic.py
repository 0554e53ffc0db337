"""Other databases: the primary keys of the first rows along the index, then a DELETE of those."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from django.db.models import QuerySet

from jwt_allauth.sessions.purge.sql import log_batch

if TYPE_CHECKING:
    from jwt_allauth.sessions.models import UserSession

BATCH_SIZE = 10_000


def purge(querysets: list[QuerySet[UserSession]], batch_size: int | None) -> int:
    return sum(delete_first_rows(sessions, batch_size or BATCH_SIZE) for sessions in querysets)


def delete_first_rows(sessions: QuerySet[UserSession], size: int) -> int:
    deleted_total = 0
    while True:
        started = time.monotonic()
        keys = list(sessions.values_list("pk", flat=True)[:size])
        if keys:
            deleted = sessions.filter(pk__in=keys).delete()[0]
            deleted_total += deleted
            log_batch(deleted, started)
        if len(keys) < size:
            return deleted_total
