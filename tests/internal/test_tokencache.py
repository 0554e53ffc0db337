"""Verified access tokens remembered per process: the signature once, the rest every time."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from rest_framework.test import APIClient
from rest_framework_simplejwt import backends
from rest_framework_simplejwt.backends import TokenBackend

from jwt_allauth.exceptions import InvalidToken
from jwt_allauth.internal import tokencache
from jwt_allauth.internal.tokencache import RememberingBackend
from jwt_allauth.sessions.models import UserSession
from jwt_allauth.sessions.tokens import AccessToken
from tests.helpers import PASSWORD

PROBE = "/probe/authenticated/"
USER_ROW = "/probe/user-row/"
INVALID_TOKEN = {"detail": "Token is invalid or expired.", "code": "token_not_valid"}
SESSION_ENDED = {"detail": "This session has ended; sign in again.", "code": "session_ended"}
USER_NOT_FOUND = {
    "detail": "The account of this token no longer exists or is inactive.",
    "code": "user_not_found",
}


@pytest.fixture
def pyjwt_decodes(monkeypatch):
    """How many tokens PyJWT verified."""
    calls = []
    real = backends.jwt.decode
    monkeypatch.setattr(backends.jwt, "decode", lambda *a, **k: calls.append(1) or real(*a, **k))
    return calls


def access_for(user) -> str:
    response = APIClient().post(
        "/auth/login/", {"email": user.email, "password": PASSWORD}, format="json"
    )
    return response.data["access"]


def get(url: str, access: str):
    return APIClient().get(url, HTTP_AUTHORIZATION=f"Bearer {access}")


def test_a_token_is_verified_once_then_answered_from_memory(user, pyjwt_decodes):
    access = access_for(user)
    for _ in range(3):
        assert get(PROBE, access).status_code == 200
    assert len(pyjwt_decodes) == 1


def test_a_remembered_token_expires_on_time(user, time_machine):
    access = access_for(user)
    assert get(PROBE, access).status_code == 200
    expires = AccessToken.decode(access).expires_at

    time_machine.move_to(expires - timedelta(seconds=1), tick=False)
    assert get(PROBE, access).status_code == 200
    time_machine.move_to(expires, tick=False)
    response = get(PROBE, access)

    assert response.status_code == 401
    assert response.data == INVALID_TOKEN


def test_a_remembered_token_is_not_valid_before_it_was_issued(user, time_machine):
    access = access_for(user)
    assert get(PROBE, access).status_code == 200

    time_machine.move_to(timezone.now() - timedelta(minutes=5), tick=False)
    response = get(PROBE, access)

    assert response.status_code == 401
    assert response.data == INVALID_TOKEN


@pytest.mark.parametrize("end", ["logout", "delete", "deactivate_user"])
def test_the_session_check_still_refuses_a_remembered_token(user, settings, end):
    settings.JWT_ALLAUTH_CHECK_SESSION_ON_REQUEST = True
    access = access_for(user)
    assert get(PROBE, access).status_code == 200
    if end == "logout":
        APIClient().post("/auth/logout/", HTTP_AUTHORIZATION=f"Bearer {access}")
    elif end == "delete":
        UserSession.objects.all().delete()
    else:
        get_user_model().objects.filter(pk=user.pk).update(is_active=False)

    response = get(PROBE, access)

    assert response.status_code == 401
    assert response.data == SESSION_ENDED


def test_a_deactivated_users_remembered_token_loads_no_row(user):
    access = access_for(user)
    assert get(USER_ROW, access).status_code == 200
    get_user_model().objects.filter(pk=user.pk).update(is_active=False)

    response = get(USER_ROW, access)

    assert response.status_code == 401
    assert response.data == USER_NOT_FOUND


def test_a_token_differing_from_a_remembered_one_is_verified(user):
    access = access_for(user)
    assert get(PROBE, access).status_code == 200
    header, payload, signature = access.split(".")
    flipped = signature[:-2] + ("A" if signature[-2] != "A" else "B") + signature[-1]

    for forged in (f"{header}.{payload}.{flipped}", f"{header}.{payload}.", access + "A"):
        response = get(PROBE, forged)
        assert response.status_code == 401
        assert response.data == INVALID_TOKEN


def test_changing_a_remembered_payload_changes_no_later_answer(user):
    access = access_for(user)
    first = AccessToken.decode(access)
    first.payload["user_id"] = "someone else"
    first.payload["nested"] = ["x"]

    again = AccessToken.decode(access)

    assert str(again.user_id) == str(user.pk)
    assert "nested" not in again.payload


def test_nested_claims_are_copied_for_each_use(db):
    backend = RememberingBackend(AccessToken().get_token_backend().backend)
    token = AccessToken()
    token["user_id"], token["sid"], token["scopes"] = 1, "s", ["read"]
    raw = str(token)

    backend.decode(raw)["scopes"].append("write")

    assert backend.decode(raw)["scopes"] == ["read"]


def test_another_key_verifies_again(user, pyjwt_decodes):
    simplejwt = TokenBackend("HS256", "k" * 64)
    remembering = RememberingBackend(simplejwt)
    token = AccessToken()
    raw = simplejwt.encode(token.payload)
    remembering.decode(raw)
    remembering.decode(raw)
    assert len(pyjwt_decodes) == 1

    simplejwt.signing_key = "other" * 13
    del simplejwt.prepared_signing_key  # simplejwt's cached property, so it reads the new key
    with pytest.raises(backends.TokenBackendError):
        remembering.decode(raw)
    assert len(pyjwt_decodes) == 2


def test_unverified_decoding_is_never_remembered(user, pyjwt_decodes):
    raw = access_for(user)
    backend = AccessToken().get_token_backend()
    backend.decode(raw, verify=False)
    backend.decode(raw, verify=False)
    assert len(pyjwt_decodes) == 2


def test_memory_is_bounded(user, monkeypatch):
    monkeypatch.setattr(tokencache, "SIZE", 2)
    remembering = RememberingBackend(AccessToken().get_token_backend().backend)
    raws = []
    for _ in range(3):
        token = AccessToken()
        token["user_id"], token["sid"] = 1, "s"
        raws.append(str(token))
        remembering.decode(raws[-1])

    assert list(remembering._verified) == raws[1:]


def test_a_garbled_token_is_still_invalid(db):
    with pytest.raises(InvalidToken):
        AccessToken.decode("not.a.token")
