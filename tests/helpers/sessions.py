"""Helpers shared by the sessions tests (their fixtures live in tests/sessions/conftest.py)."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import jwt
from rest_framework.test import APIClient

from jwt_allauth.sessions.models import UserSession

PROBE = "/probe/authenticated/"


REFRESH_URL = "/auth/refresh/"


LOGOUT_URL = "/auth/logout/"


LOGOUT_ALL_URL = "/auth/logout-all/"


SESSIONS_URL = "/auth/sessions/"


VERIFY_URL = "/auth/token/verify/"


T0 = datetime(2031, 3, 1, 12, 0, tzinfo=timezone.utc)


def error(exc_class: type) -> dict[str, str]:
    """The whole body an error class renders, without repeating its English detail."""
    return {"detail": str(exc_class.default_detail), "code": exc_class.default_code}


def claims(raw: str) -> dict[str, Any]:
    """A token's payload, unverified: to look at what the server put in it."""
    return jwt.decode(raw, options={"verify_signature": False})


def bearer(access: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {access}"}


def probe(access: str):
    return APIClient().get(PROBE, **bearer(access))


def session_rows() -> list[dict[str, Any]]:
    """Every session row, to prove a refused request wrote nothing."""
    return list(UserSession.objects.order_by("pk").values())


def session_of(raw_token: str) -> UserSession:
    return UserSession.objects.get(pk=claims(raw_token)["sid"])


def epoch(moment: datetime) -> int:
    return int(moment.timestamp())
