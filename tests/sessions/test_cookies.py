"""Where the refresh token travels: the cookie's attributes, its settings, its clearing."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from rest_framework.test import APIClient

from jwt_allauth import exceptions
from tests.helpers import PASSWORD
from tests.helpers.sessions import LOGOUT_URL, REFRESH_URL, T0, claims, error, session_of

LOGIN_URL = "/auth/login/"
EPOCH = "Thu, 01 Jan 1970 00:00:00 GMT"


def log_in(user, client: APIClient | None = None):
    client = client or APIClient()
    response = client.post(LOGIN_URL, {"email": user.email, "password": PASSWORD}, format="json")
    assert response.status_code == 200, response.data
    return response


def refresh_with_cookie(raw: str, name: str = "refresh_token"):
    client = APIClient()
    client.cookies[name] = raw
    return client.post(REFRESH_URL, format="json")


def assert_cleared(morsel, path: str = "/auth/", domain: str = "") -> None:
    assert morsel.value == ""
    assert morsel["max-age"] == 0
    assert morsel["expires"] == EPOCH
    assert morsel["path"] == path
    assert morsel["domain"] == domain


@pytest.fixture
def cookie_mode(settings):
    settings.JWT_ALLAUTH_REFRESH_TOKEN_AS_COOKIE = True


def test_default_cookie_attributes(user, settings, frozen, cookie_mode):
    response = log_in(user)

    cookie = response.cookies["refresh_token"]
    assert set(response.cookies) == {"refresh_token", "jwt_allauth_device"}
    assert set(response.data) == {"access"}
    assert claims(cookie.value)["token_type"] == "refresh"
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["secure"] is True
    assert cookie["domain"] == ""
    assert cookie["path"] == "/auth/"
    assert cookie["max-age"] == int(timedelta(days=90).total_seconds())


def test_cookie_path_covers_refresh_and_logout(user, cookie_mode):
    path = log_in(user).cookies["refresh_token"]["path"]

    assert REFRESH_URL.startswith(path)
    assert LOGOUT_URL.startswith(path)
    assert not "/probe/authenticated/".startswith(path)


@pytest.mark.parametrize(("debug", "secure"), [(False, True), (True, "")])
def test_secure_follows_debug(user, settings, cookie_mode, debug, secure):
    settings.DEBUG = debug

    assert log_in(user).cookies["refresh_token"]["secure"] == secure


@pytest.mark.parametrize(("debug", "setting", "secure"), [(True, True, True), (False, False, "")])
def test_jwt_auth_secure_overrides_debug(user, settings, cookie_mode, debug, setting, secure):
    settings.DEBUG = debug
    settings.JWT_AUTH_SECURE = setting

    assert log_in(user).cookies["refresh_token"]["secure"] == secure


def test_cookie_max_age_is_the_sessions_remaining_lifetime(user, settings, frozen, cookie_mode):
    settings.JWT_REFRESH_TOKEN_LIFETIME = timedelta(days=1)
    raw = log_in(user).cookies["refresh_token"].value

    frozen.move_to(T0 + timedelta(hours=23, minutes=30))
    response = refresh_with_cookie(raw)

    assert response.status_code == 200
    assert response.cookies["refresh_token"]["max-age"] == 30 * 60


def test_body_mode_sets_no_cookie(user, settings):
    settings.JWT_ALLAUTH_REFRESH_TOKEN_AS_COOKIE = False
    login = log_in(user)
    response = APIClient().post(REFRESH_URL, {"refresh": login.data["refresh"]}, format="json")

    for answer in (login, response):
        assert answer.status_code == 200
        assert set(answer.data) == {"access", "refresh"}
        assert claims(answer.data["refresh"])["token_type"] == "refresh"
    assert set(login.cookies) == {"jwt_allauth_device"}  # never the refresh token
    assert not response.cookies


@pytest.mark.parametrize("container", ["top_level", "rest_auth"])
def test_cookie_settings(user, settings, container):
    values = {
        "JWT_AUTH_REFRESH_COOKIE": "rt",
        "JWT_AUTH_REFRESH_COOKIE_PATH": "/auth/refresh/",
        "JWT_AUTH_SECURE": False,
        "JWT_AUTH_HTTPONLY": False,
        "JWT_AUTH_SAMESITE": "Strict",
        "JWT_AUTH_COOKIE_DOMAIN": ".example.com",
    }
    if container == "top_level":
        for name, value in values.items():
            setattr(settings, name, value)
    else:
        settings.REST_AUTH = values

    login = log_in(user)

    assert set(login.cookies) == {"rt", "jwt_allauth_device"}
    cookie = login.cookies["rt"]
    assert (cookie["path"], cookie["domain"]) == ("/auth/refresh/", ".example.com")
    assert (cookie["secure"], cookie["httponly"], cookie["samesite"]) == ("", "", "Strict")
    device = login.cookies["jwt_allauth_device"]  # follows them, but always HttpOnly
    assert (device["path"], device["domain"]) == ("/auth/", ".example.com")
    assert (device["secure"], device["httponly"], device["samesite"]) == ("", True, "Strict")
    # The renamed cookie is the one read; the default name is ignored.
    assert refresh_with_cookie(cookie.value).data == error(exceptions.RefreshTokenMissing)
    rotated = refresh_with_cookie(cookie.value, name="rt")
    assert rotated.status_code == 200
    assert set(rotated.cookies) == {"rt"}
    # Clearing must use the same name, path and domain, or the browser keeps the cookie.
    refused = refresh_with_cookie(cookie.value, name="rt")
    assert refused.data == error(exceptions.TokenReused)
    assert_cleared(refused.cookies["rt"], path="/auth/refresh/", domain=".example.com")


def test_top_level_setting_wins_over_rest_auth(user, settings, cookie_mode):
    settings.REST_AUTH = {"JWT_AUTH_REFRESH_COOKIE": "from_rest_auth", "JWT_AUTH_SAMESITE": "None"}
    settings.JWT_AUTH_REFRESH_COOKIE = "from_top_level"

    cookie = log_in(user).cookies["from_top_level"]

    assert cookie["samesite"] == "None"


def test_samesite_none_cookie(user, settings, cookie_mode):
    settings.JWT_AUTH_SAMESITE = "None"

    cookie = log_in(user).cookies["refresh_token"]

    assert (cookie["samesite"], cookie["secure"]) == ("None", True)


def iso_of_exp(raw: str) -> str:
    return datetime.fromtimestamp(claims(raw)["exp"], tz=timezone.utc).isoformat()


def test_return_expiration(user, login, refresh, settings, frozen, delivery):
    settings.JWT_AUTH_RETURN_EXPIRATION = True
    settings.JWT_ACCESS_TOKEN_LIFETIME = timedelta(minutes=10)
    settings.JWT_REFRESH_TOKEN_LIFETIME = timedelta(days=2)
    session = login(user)
    frozen.move_to(T0 + timedelta(hours=1))
    response = refresh(session.refresh)

    for answer, raw_refresh in ((session.response, session.refresh), (response, None)):
        body = answer.data
        raw_refresh = raw_refresh or (
            body["refresh"] if delivery == "body" else answer.cookies["refresh_token"].value
        )
        assert body["access_expiration"] == iso_of_exp(body["access"])
        assert body["refresh_expiration"] == iso_of_exp(raw_refresh)
    assert response.data["access_expiration"] == (T0 + timedelta(hours=1, minutes=10)).isoformat()
    assert response.data["refresh_expiration"] == (T0 + timedelta(days=2)).isoformat()
    expected = {"access", "access_expiration", "refresh_expiration"}
    assert set(response.data) == (expected if delivery == "cookie" else expected | {"refresh"})


def test_no_expiration_fields_by_default(user, login, delivery):
    assert "access_expiration" not in login(user).response.data


@pytest.mark.parametrize("reason", ["replay", "garbage", "missing", "expired", "logged_out"])
def test_refused_refresh_clears_the_cookie(user, settings, frozen, cookie_mode, reason):
    settings.JWT_REFRESH_TOKEN_LIFETIME = timedelta(days=1)
    logged_in = log_in(user)
    raw = logged_in.cookies["refresh_token"].value
    if reason == "replay":
        refresh_with_cookie(raw)
    elif reason == "garbage":
        raw = "garbage"
    elif reason == "expired":
        frozen.move_to(T0 + timedelta(days=1, seconds=1))
    elif reason == "logged_out":
        access = logged_in.data["access"]
        APIClient().post(LOGOUT_URL, format="json", HTTP_AUTHORIZATION=f"Bearer {access}")

    if reason == "missing":
        response = APIClient().post(REFRESH_URL, format="json")
    else:
        response = refresh_with_cookie(raw)

    assert response.status_code == 401
    assert_cleared(response.cookies["refresh_token"])


def test_successful_refresh_sets_the_same_attributes(user, settings, frozen, cookie_mode):
    settings.JWT_AUTH_COOKIE_DOMAIN = "api.example.com"
    login_cookie = log_in(user).cookies["refresh_token"]

    cookie = refresh_with_cookie(login_cookie.value).cookies["refresh_token"]

    for attribute in ("path", "domain", "secure", "httponly", "samesite", "max-age"):
        assert cookie[attribute] == login_cookie[attribute]
    assert cookie.value != login_cookie.value


def test_body_mode_ignores_a_leftover_cookie(user, settings):
    """After a switch from cookie to body mode the browser still sends the old cookie;
    the token in the body must be the one rotated."""
    stale = log_in(user).cookies["refresh_token"].value
    settings.JWT_ALLAUTH_REFRESH_TOKEN_AS_COOKIE = False
    current = log_in(user).data["refresh"]
    client = APIClient()
    client.cookies["refresh_token"] = stale

    first = client.post(REFRESH_URL, {"refresh": current}, format="json")
    second = client.post(REFRESH_URL, {"refresh": first.data["refresh"]}, format="json")

    assert first.status_code == second.status_code == 200
    assert claims(first.data["refresh"])["sid"] == claims(current)["sid"]
    assert claims(second.data["refresh"])["sid"] == claims(current)["sid"]
    # The old session was left alone: alive, its token not rotated.
    assert session_of(stale).is_alive()
    assert session_of(stale).current_jti == claims(stale)["jti"]


def test_body_mode_does_not_read_a_planted_cookie(user, user_factory, settings):
    """A cookie planted by a sibling subdomain must not swap the client into another account."""
    settings.JWT_ALLAUTH_REFRESH_TOKEN_AS_COOKIE = False
    planted = log_in(user_factory()).data["refresh"]
    client = APIClient()
    client.cookies["refresh_token"] = planted

    response = client.post(REFRESH_URL, format="json")

    assert (response.status_code, response.data) == (401, error(exceptions.RefreshTokenMissing))


@pytest.mark.parametrize("samesite", ["Strict", "strict", None])
def test_samesite_is_written_as_browsers_read_it(user, settings, cookie_mode, samesite):
    settings.JWT_AUTH_SAMESITE = samesite

    header = log_in(user).cookies["refresh_token"].OutputString()

    attributes = [part.strip() for part in header.split(";")]
    expected = [] if samesite is None else ["SameSite=Strict"]
    assert [part for part in attributes if part.lower().startswith("samesite")] == expected
