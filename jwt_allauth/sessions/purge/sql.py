"""What the strategies share: a queryset's WHERE clause as SQL, and timing a batch."""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Any

from django.db import connections
from django.db.models import QuerySet

if TYPE_CHECKING:
    from jwt_allauth.sessions.models import UserSession

logger = logging.getLogger("jwt_allauth.sessions.purge")


def table_and_filter(sessions: QuerySet[UserSession]) -> tuple[str, str, list[Any]]:
    """The quoted table, and the WHERE clause of ``sessions`` as Django compiles it, with params.

    Nothing is spliced into the strategies' SQL that did not come from the ORM.
    """
    connection = connections[sessions.db]
    table = connection.ops.quote_name(sessions.model._meta.db_table)
    where, params = sessions.query.get_compiler(sessions.db).compile(sessions.query.where)
    return table, where, list(params)


def run_batch(cursor: Any, sql: str, params: list[Any]) -> tuple[int, float]:
    """Execute one DELETE; returns its row count and seconds, and logs both at DEBUG."""
    started = time.monotonic()
    cursor.execute(sql, params)
    return cursor.rowcount, log_batch(cursor.rowcount, started)


def log_batch(rows: int, started: float) -> float:
    """Log a batch of ``rows`` begun at ``started`` (``time.monotonic()``); returns its seconds."""
    seconds = time.monotonic() - started
    logger.debug("purge batch: %d rows in %.3f s", rows, seconds)
    return seconds
