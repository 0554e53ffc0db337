"""Delete expired sessions, and sessions revoked long ago, in batches committed one by one.

Each database has its own strategy module; docs/benchmarks.rst ("Purging old
sessions") gives the measurements behind each.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from importlib import import_module

from django.db import connections
from django.db.models import QuerySet
from django.utils import timezone

from jwt_allauth.sessions.models import UserSession

STRATEGIES = {"sqlite": "sqlite", "postgresql": "postgresql"}


def purgeable_sessions(now: datetime, keep_revoked: timedelta) -> list[QuerySet[UserSession]]:
    """Sessions past their expiry, and sessions revoked before ``now - keep_revoked``.

    Each is ordered by the indexed column it filters on.
    """
    return [
        UserSession.objects.filter(expires_at__lte=now).order_by("expires_at"),
        UserSession.objects.filter(revoked_at__lte=now - keep_revoked).order_by("revoked_at"),
    ]


def count_purgeable_sessions(keep_revoked: timedelta) -> int:
    now = timezone.now()
    expired, revoked = purgeable_sessions(now, keep_revoked)
    return expired.count() + revoked.filter(expires_at__gt=now).count()


def purge_sessions(keep_revoked: timedelta, batch_size: int | None = None) -> int:
    """Delete purgeable sessions in batches of ``batch_size`` rows; returns how many went.

    Without a size each strategy uses its own default (on SQLite, batches sized
    as they go to hold the write lock briefly).
    """
    querysets = purgeable_sessions(timezone.now(), keep_revoked)
    vendor = connections[UserSession.objects.db].vendor
    strategy = import_module(f"{__name__}.{STRATEGIES.get(vendor, 'generic')}")
    purge: Callable[[list[QuerySet[UserSession]], int | None], int] = strategy.purge
    return purge(querysets, batch_size)
