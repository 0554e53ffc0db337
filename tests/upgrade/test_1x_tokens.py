"""Tokens shaped like 1.x's (``session`` claim, no ``sid``): refresh yes, access no.

The end-to-end test with tokens 1.5.1 really minted is ``test_upgrade.py``; these
pin the rule with tokens made here.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from jwt_allauth.sessions.models import UserSession
from jwt_allauth.sessions.tokens import AccessToken, RefreshToken

INVALID_TOKEN = {"detail": "Token is invalid or expired.", "code": "token_not_valid"}


def shaped_like_1x(token_class: type, user, session_id: uuid.UUID, jti: str) -> str:
    token = token_class()
    token.payload.update(
        {"jti": jti, "user_id": str(user.pk), "session": session_id.hex, "role": 0}
    )
    return str(token)


@pytest.fixture
def carried(user) -> UserSession:
    """A session as migration 0003 leaves it."""
    return UserSession.objects.create(
        id=uuid.uuid4(),
        user=user,
        current_jti=uuid.uuid4().hex,
        expires_at=timezone.now() + timedelta(days=1),
    )


def test_a_1x_refresh_token_rotates_its_carried_session(user, carried):
    raw = shaped_like_1x(RefreshToken, user, carried.pk, carried.current_jti)

    response = APIClient().post("/auth/refresh/", {"refresh": raw}, format="json")

    assert response.status_code == 200
    assert set(response.data) == {"access"}
    rotated = RefreshToken(response.cookies["refresh_token"].value)
    assert rotated["sid"] == str(carried.pk)
    assert "session" not in rotated.payload


def test_a_1x_refresh_token_without_a_carried_session_is_refused(user):
    raw = shaped_like_1x(RefreshToken, user, uuid.uuid4(), uuid.uuid4().hex)

    response = APIClient().post("/auth/refresh/", {"refresh": raw}, format="json")

    assert (response.status_code, response.data) == (401, INVALID_TOKEN)


def test_a_1x_access_token_is_refused_even_for_a_carried_session(user, carried):
    raw = shaped_like_1x(AccessToken, user, carried.pk, uuid.uuid4().hex)

    response = APIClient().get("/auth/user/", HTTP_AUTHORIZATION=f"Bearer {raw}")

    assert (response.status_code, response.data) == (401, INVALID_TOKEN)
