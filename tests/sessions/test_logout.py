"""POST /auth/logout/ and /auth/logout-all/: which sessions end, and what still works after."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from jwt_allauth import exceptions
from jwt_allauth.sessions.models import RevokeReason, UserSession
from tests.helpers.sessions import (
    LOGOUT_ALL_URL,
    LOGOUT_URL,
    T0,
    bearer,
    claims,
    error,
    probe,
    session_of,
    session_rows,
)

LOGGED_OUT = {"detail": "Successfully logged out."}
LOGGED_OUT_ALL = {"detail": "Successfully logged out from all devices."}


def log_out(delivery: str, access: str | None = None, refresh: str | None = None):
    client = APIClient()
    extra = bearer(access) if access else {}
    if refresh and delivery == "cookie":
        client.cookies["refresh_token"] = refresh
        return client.post(LOGOUT_URL, format="json", **extra)
    body = {"refresh": refresh} if refresh else {}
    return client.post(LOGOUT_URL, body, format="json", **extra)


def assert_cookie_cleared(response, delivery: str) -> None:
    if delivery == "cookie":
        cookie = response.cookies["refresh_token"]
        assert (cookie.value, cookie["max-age"], cookie["path"]) == ("", 0, "/auth/")


def test_url_names():
    assert reverse("rest_logout") == LOGOUT_URL
    assert reverse("rest_logout_all") == LOGOUT_ALL_URL


@pytest.mark.parametrize("credentials", ["access_only", "access_and_its_refresh"])
def test_logout_ends_the_access_tokens_session_only(user, login, refresh, delivery, credentials):
    session, other_device = login(user), login(user)
    tokens = {
        "access_only": {"access": session.access},
        "access_and_its_refresh": {"access": session.access, "refresh": session.refresh},
    }[credentials]

    response = log_out(delivery, **tokens)

    assert (response.status_code, response.data) == (200, LOGGED_OUT)
    assert_cookie_cleared(response, delivery)
    assert session_of(session.refresh).revoke_reason == RevokeReason.LOGOUT
    assert refresh(session.refresh).data == error(exceptions.SessionEnded)
    assert session_of(other_device.refresh).is_alive()
    assert refresh(other_device.refresh).status_code == 200


@pytest.mark.parametrize("refresh_sent", [False, True])
def test_logout_without_an_access_token_is_401_and_ends_nothing(
    user, login, refresh, delivery, refresh_sent
):
    """[Authenticated], as documented and as 1.x: the refresh token alone is no logout."""
    session = login(user)
    before = session_rows()

    response = log_out(delivery, refresh=session.refresh if refresh_sent else None)

    assert response.status_code == 401
    assert response.data == {
        "detail": "Authentication credentials were not provided.",
        "code": "not_authenticated",
    }
    assert "refresh_token" not in response.cookies
    assert session_rows() == before
    assert refresh(session.refresh).status_code == 200


@pytest.mark.parametrize("refresh_sent", [False, True])
def test_a_refresh_token_as_the_bearer_is_401(user, login, delivery, refresh_sent):
    session = login(user)
    before = session_rows()

    response = log_out(
        delivery, access=session.refresh, refresh=session.refresh if refresh_sent else None
    )

    assert (response.status_code, response.data) == (401, error(exceptions.InvalidToken))
    assert "refresh_token" not in response.cookies
    assert session_rows() == before


@pytest.mark.parametrize("access", ["expired", "garbage"])
def test_logout_with_a_bad_access_token_is_401_even_with_a_good_refresh(
    user, login, refresh, settings, frozen, delivery, access
):
    """The client refreshes first (the refresh cookie is kept), then logs out."""
    settings.JWT_ACCESS_TOKEN_LIFETIME = timedelta(minutes=5)
    session = login(user)
    frozen.move_to(T0 + timedelta(minutes=10))
    before = session_rows()
    bad = session.access if access == "expired" else "garbage"

    response = log_out(delivery, access=bad, refresh=session.refresh)

    assert (response.status_code, response.data) == (401, error(exceptions.InvalidToken))
    assert "refresh_token" not in response.cookies
    assert session_rows() == before
    assert refresh(session.refresh).status_code == 200


@pytest.mark.parametrize("owner", ["same_user", "other_user"])
def test_a_refresh_token_of_another_session_is_ignored(
    user, user_factory, login, refresh, delivery, owner
):
    """Only the session the access token names ends; a stray refresh token ends nothing."""
    session = login(user)
    other = login(user if owner == "same_user" else user_factory())

    response = log_out(delivery, access=session.access, refresh=other.refresh)

    assert (response.status_code, response.data) == (200, LOGGED_OUT)
    assert_cookie_cleared(response, delivery)
    assert session_of(session.refresh).revoke_reason == RevokeReason.LOGOUT
    assert session_of(other.refresh).is_alive()
    assert refresh(other.refresh).status_code == 200


@pytest.mark.parametrize("refresh_sent", ["none", "invalid"])
def test_an_invalid_or_missing_refresh_token_does_not_matter(user, login, delivery, refresh_sent):
    session = login(user)

    response = log_out(
        delivery,
        access=session.access,
        refresh={"none": None, "invalid": "not.a.token"}[refresh_sent],
    )

    assert (response.status_code, response.data) == (200, LOGGED_OUT)
    assert session_of(session.refresh).revoke_reason == RevokeReason.LOGOUT


def test_logout_twice_is_harmless(user, login, delivery):
    """The access token is stateless by default, so it still authenticates the second call."""
    session = login(user)
    log_out(delivery, access=session.access)
    revoked_at = session_of(session.refresh).revoked_at

    response = log_out(delivery, access=session.access)

    assert (response.status_code, response.data) == (200, LOGGED_OUT)
    assert session_of(session.refresh).revoked_at == revoked_at


def test_logout_all_ends_every_session_of_the_user_only(
    user, user_factory, login, refresh, delivery
):
    mine = [login(user) for _ in range(3)]
    theirs = login(user_factory())

    response = APIClient().post(LOGOUT_ALL_URL, **bearer(mine[0].access))

    assert (response.status_code, response.data) == (200, LOGGED_OUT_ALL)
    assert_cookie_cleared(response, delivery)
    for session in mine:
        assert session_of(session.refresh).revoke_reason == RevokeReason.LOGOUT_ALL
        assert refresh(session.refresh).data == error(exceptions.SessionEnded)
    assert session_of(theirs.refresh).is_alive()
    assert refresh(theirs.refresh).status_code == 200


def test_logout_all_needs_an_access_token(user, login, delivery):
    session = login(user)
    before = session_rows()

    response = log_out_all_with_refresh_only(session.refresh, delivery)

    assert response.status_code == 401
    assert response.data["code"] == "not_authenticated"
    assert session_rows() == before


def log_out_all_with_refresh_only(raw: str, delivery: str):
    client = APIClient()
    if delivery == "cookie":
        client.cookies["refresh_token"] = raw
        return client.post(LOGOUT_ALL_URL, format="json")
    return client.post(LOGOUT_ALL_URL, {"refresh": raw}, format="json")


def test_logout_all_keeps_already_ended_sessions_reasons(user, login, delivery):
    old = login(user)
    log_out(delivery, access=old.access)
    current = login(user)

    APIClient().post(LOGOUT_ALL_URL, **bearer(current.access))

    assert session_of(old.refresh).revoke_reason == RevokeReason.LOGOUT
    assert session_of(current.refresh).revoke_reason == RevokeReason.LOGOUT_ALL


def test_access_token_is_stateless_by_default(user, login, settings, frozen, delivery):
    """Documented default: a logged-out session's access token works until it expires."""
    settings.JWT_ACCESS_TOKEN_LIFETIME = timedelta(minutes=5)
    session = login(user)
    log_out(delivery, access=session.access, refresh=session.refresh)

    assert probe(session.access).status_code == 200

    frozen.move_to(T0 + timedelta(minutes=5, seconds=1))
    assert probe(session.access).data == error(exceptions.InvalidToken)


@pytest.mark.parametrize("how", ["logout", "logout_all", "replay", "delete"])
def test_check_session_on_request_rejects_ended_sessions(
    user, login, refresh, settings, delivery, how
):
    settings.JWT_ALLAUTH_CHECK_SESSION_ON_REQUEST = True
    session = login(user)
    assert probe(session.access).status_code == 200
    if how == "logout":
        log_out(delivery, access=session.access)
    elif how == "logout_all":
        APIClient().post(LOGOUT_ALL_URL, **bearer(session.access))
    elif how == "replay":
        refresh(session.refresh)
        refresh(session.refresh)
    else:
        APIClient().delete(
            f"/auth/sessions/{claims(session.access)['sid']}/", **bearer(session.access)
        )

    response = probe(session.access)

    assert (response.status_code, response.data) == (401, error(exceptions.SessionEnded))


def test_check_session_on_request_rejects_inactive_users(user, login, settings, delivery):
    settings.JWT_ALLAUTH_CHECK_SESSION_ON_REQUEST = True
    session = login(user)
    type(user).objects.filter(pk=user.pk).update(is_active=False)

    assert probe(session.access).data == error(exceptions.SessionEnded)


def test_check_session_on_request_keeps_live_sessions_working(user, login, settings, delivery):
    settings.JWT_ALLAUTH_CHECK_SESSION_ON_REQUEST = True
    session, other = login(user), login(user)
    log_out(delivery, access=other.access)

    assert probe(session.access).status_code == 200
    assert UserSession.objects.alive().count() == 1


@pytest.mark.parametrize("body", ["[]", "null", "7", '"refresh"', '["x"]'])
def test_a_body_that_is_not_an_object_is_400_and_logs_nobody_out(user, login, delivery, body):
    session = login(user)
    client = APIClient()
    client.cookies["refresh_token"] = session.refresh

    response = client.generic(
        "POST", LOGOUT_URL, body, content_type="application/json", **bearer(session.access)
    )

    assert response.status_code == 400
    assert list(response.data) == ["non_field_errors"]
    assert response.data["non_field_errors"][0].code == "invalid"
    assert session_of(session.refresh).is_alive()


def test_logout_all_refuses_a_refresh_token_as_the_bearer(user, login, delivery):
    session = login(user)
    before = session_rows()

    response = APIClient().post(LOGOUT_ALL_URL, **bearer(session.refresh))

    assert (response.status_code, response.data) == (401, error(exceptions.InvalidToken))
    assert "refresh_token" not in response.cookies
    assert session_rows() == before
