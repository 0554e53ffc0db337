"""GET /auth/sessions/ and DELETE /auth/sessions/<id>/: own live sessions only."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from jwt_allauth import exceptions
from jwt_allauth.sessions.models import RevokeReason, UserSession
from tests.helpers import new_refresh
from tests.helpers.sessions import (
    SESSIONS_URL,
    T0,
    bearer,
    claims,
    error,
    session_of,
    session_rows,
)

FIELDS = {
    "id",
    "created_at",
    "last_used_at",
    "expires_at",
    "ip_address",
    "browser",
    "os",
    "device",
    "device_type",
    "current",
}
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1"
)
CHROME = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36"
)
GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"


def sid(session) -> str:
    return claims(session.access)["sid"]


def list_sessions(access: str):
    return APIClient().get(SESSIONS_URL, **bearer(access))


def delete_session(access: str, session_id: str):
    return APIClient().delete(f"{SESSIONS_URL}{session_id}/", **bearer(access))


def test_url_names():
    assert reverse("jwt_allauth_sessions") == SESSIONS_URL
    some_id = uuid.uuid4()
    assert reverse("jwt_allauth_session_detail", args=[some_id]) == f"{SESSIONS_URL}{some_id}/"


def test_lists_only_the_callers_live_sessions(user, user_factory, login, refresh, delivery):
    current, other_device, logged_out, expired = (login(user) for _ in range(4))
    stranger = login(user_factory())
    APIClient().post("/auth/logout/", **bearer(logged_out.access))
    UserSession.objects.filter(pk=sid(expired)).update(expires_at=timezone.now())

    response = list_sessions(current.access)

    assert response.status_code == 200
    assert {row["id"] for row in response.data} == {sid(current), sid(other_device)}
    assert sid(stranger) not in {row["id"] for row in response.data}
    for row in response.data:
        assert set(row) == FIELDS
        assert row["current"] is (row["id"] == sid(current))
    assert [row["current"] for row in response.data].count(True) == 1


def test_listing_shows_the_session_facts(user, login, refresh, frozen, delivery):
    session = login(user)
    frozen.move_to(T0 + timedelta(hours=3))
    newest = new_refresh(refresh(session.refresh), delivery)

    (row,) = list_sessions(refresh(newest).data["access"]).data

    assert row["id"] == sid(session)
    assert datetime.fromisoformat(row["created_at"]) == T0
    assert datetime.fromisoformat(row["last_used_at"]) == T0 + timedelta(hours=3)
    assert datetime.fromisoformat(row["expires_at"]) == T0 + timedelta(days=90)
    assert row["current"] is True


def test_listing_needs_authentication(user, login, delivery):
    session = login(user)
    client = APIClient()
    if delivery == "cookie":
        client.cookies["refresh_token"] = session.refresh

    response = client.get(SESSIONS_URL, {"refresh": session.refresh})

    assert response.status_code == 401
    assert response.data["code"] == "not_authenticated"


@pytest.mark.parametrize(
    ("agent", "expected"),
    [
        (IPHONE, ("Mobile Safari 17.4", "iOS 17.4", "iPhone", "mobile")),
        (CHROME, ("Chrome 124.0.0", "Windows 10", "Other", "pc")),
        (GOOGLEBOT, ("Googlebot 2.1", "Other", "Spider", "bot")),
    ],
    ids=["iphone_safari", "desktop_chrome", "googlebot"],
)
def test_collected_user_agent(user, login, settings, delivery, agent, expected):
    settings.JWT_ALLAUTH_COLLECT_USER_AGENT = True

    session = login(user, HTTP_USER_AGENT=agent, REMOTE_ADDR="203.0.113.7")

    (row,) = list_sessions(session.access).data
    assert (row["browser"], row["os"], row["device"], row["device_type"]) == expected
    assert row["ip_address"] == "203.0.113.7"
    assert session_of(session.refresh).user_agent == agent


def test_nothing_is_collected_by_default(user, login, delivery):
    session = login(user, HTTP_USER_AGENT=IPHONE, REMOTE_ADDR="203.0.113.7")

    (row,) = list_sessions(session.access).data
    assert (row["ip_address"], row["browser"], row["os"], row["device"], row["device_type"]) == (
        None,
        "",
        "",
        "",
        "",
    )
    assert session_of(session.refresh).user_agent == ""


def test_refresh_keeps_the_ip_fresh_only_when_collecting(user, login, refresh, settings, delivery):
    settings.JWT_ALLAUTH_COLLECT_USER_AGENT = True
    session = login(user, REMOTE_ADDR="203.0.113.7")
    client = APIClient(REMOTE_ADDR="2001:db8::1")

    newest = new_refresh(refresh(session.refresh, client), delivery)
    assert session_of(newest).ip_address == "2001:db8::1"

    settings.JWT_ALLAUTH_COLLECT_USER_AGENT = False
    refresh(newest, APIClient(REMOTE_ADDR="198.51.100.9"))
    assert session_of(newest).ip_address == "2001:db8::1"


def test_a_huge_user_agent_is_stored_truncated(user, login, settings, delivery):
    settings.JWT_ALLAUTH_COLLECT_USER_AGENT = True
    agent = CHROME + " " + "x" * 10_240

    session = login(user, HTTP_USER_AGENT=agent)

    stored = session_of(session.refresh)
    assert stored.user_agent == agent[:512]
    assert stored.browser == "Chrome 124.0.0"
    assert list_sessions(session.access).status_code == 200


def test_a_hostile_user_agent_is_stored_as_text(user, login, settings, delivery):
    settings.JWT_ALLAUTH_COLLECT_USER_AGENT = True
    agent = "<script>alert(1)</script>\u202e\u00e9 '; DROP TABLE x; --"

    session = login(user, HTTP_USER_AGENT=agent)

    assert session_of(session.refresh).user_agent == agent


@pytest.mark.parametrize(
    ("proxies", "expected"),
    [(None, "203.0.113.7"), (0, "203.0.113.7"), (1, "198.51.100.2"), (2, "192.0.2.66")],
    ids=["unset", "none", "one", "two"],
)
def test_ip_honours_num_proxies(user, login, settings, delivery, proxies, expected):
    settings.JWT_ALLAUTH_COLLECT_USER_AGENT = True
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": proxies}

    session = login(
        user, REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="192.0.2.66, 198.51.100.2"
    )

    assert session_of(session.refresh).ip_address == expected


def test_delete_own_other_session(user, login, refresh, delivery):
    current, other_device = login(user), login(user)

    response = delete_session(current.access, sid(other_device))

    assert response.status_code == 204
    assert "refresh_token" not in response.cookies
    assert session_of(other_device.refresh).revoke_reason == RevokeReason.REVOKED_BY_USER
    assert refresh(other_device.refresh).data == error(exceptions.SessionEnded)
    assert refresh(current.refresh).status_code == 200


def test_delete_own_current_session_clears_the_cookie(user, login, refresh, delivery):
    current = login(user)

    response = delete_session(current.access, sid(current))

    assert response.status_code == 204
    assert response.cookies["refresh_token"]["max-age"] == 0
    assert refresh(current.refresh).data == error(exceptions.SessionEnded)


def test_cannot_delete_another_users_session(user, user_factory, login, refresh, delivery):
    attacker, victim = login(user), login(user_factory())
    before = session_rows()

    response = delete_session(attacker.access, sid(victim))

    assert (response.status_code, response.data) == (404, error(exceptions.SessionNotFound))
    assert session_rows() == before
    assert refresh(victim.refresh).status_code == 200


@pytest.mark.parametrize("state", ["unknown", "already_revoked", "expired"])
def test_delete_of_a_dead_or_unknown_session_is_404(user, login, delivery, state):
    current, other = login(user), login(user)
    target = str(uuid.uuid4()) if state == "unknown" else sid(other)
    if state == "already_revoked":
        delete_session(current.access, target)
    elif state == "expired":
        UserSession.objects.filter(pk=target).update(expires_at=timezone.now())
    before = session_rows()

    response = delete_session(current.access, target)

    assert (response.status_code, response.data) == (404, error(exceptions.SessionNotFound))
    assert session_rows() == before


@pytest.mark.parametrize("bad_id", ["not-a-uuid", "1", "' OR 1=1 --", "0" * 33])
def test_delete_with_a_non_uuid_is_404(user, login, delivery, bad_id):
    current = login(user)
    before = session_rows()

    response = delete_session(current.access, bad_id)

    assert response.status_code == 404
    assert session_rows() == before


def test_delete_needs_authentication(user, login, delivery):
    session = login(user)

    response = APIClient().delete(f"{SESSIONS_URL}{sid(session)}/")

    assert response.status_code == 401
    assert response.data["code"] == "not_authenticated"
    assert session_of(session.refresh).is_alive()
