"""The Django admin: sessions with the revoke action, read-only grants, allauth's authenticators."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.messages import get_messages
from django.test import Client
from django.utils import timezone

from jwt_allauth.grants.flows import issue_grant
from jwt_allauth.grants.models import GrantPurpose, OneTimeGrant
from jwt_allauth.sessions.flows import open_session
from jwt_allauth.sessions.models import DeviceType, RevokeReason, UserSession
from tests.helpers.sessions import error

SESSIONS_URL = "/admin/jwt_allauth/usersession/"
GRANTS_URL = "/admin/jwt_allauth/onetimegrant/"
AUTHENTICATORS_URL = "/admin/mfa/authenticator/"
SESSION_COLUMNS = [
    "user_sessions",
    "device_type",
    "client",
    "ip_address",
    "created_at",
    "last_used_at",
    "expires_at",
    "revoked",
    "revoke_reason",
]
GRANT_COLUMNS = ["purpose", "user", "email", "created_at", "expires_at", "used_at", "attempts"]


@pytest.fixture
def staff(user_factory) -> Client:
    """A superuser signed in to the admin."""
    client = Client()
    client.force_login(user_factory(email="admin@example.com", is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def session_factory(user):
    def create(owner=None, revoked: bool = False, **fields) -> UserSession:
        issued = open_session(owner or user)
        session = issued.session
        for name, value in fields.items():
            setattr(session, name, value)
        if revoked:
            session.revoked_at = timezone.now()
            session.revoke_reason = RevokeReason.LOGOUT
        session.save()
        session.raw_refresh = str(issued.refresh)
        return session

    return create


def columns(response) -> list[str]:
    return re.findall(r'<th scope="col" class="[^"]*column-([a-z_]+)', response.content.decode())


def listed(response) -> set:
    return {obj.pk for obj in response.context["cl"].result_list}


# Sessions


def test_session_changelist_shows_the_columns(staff, session_factory):
    session_factory(
        device_type=DeviceType.PC, browser="Firefox", os="Linux", ip_address="203.0.113.7"
    )
    session_factory(revoked=True)

    response = staff.get(SESSIONS_URL)

    assert response.status_code == 200
    assert columns(response) == SESSION_COLUMNS
    body = response.content.decode()
    assert "alice@example.com" in body
    assert "Firefox · Linux" in body
    assert "203.0.113.7" in body
    assert body.count('alt="True"') == 1  # the revoked column: one revoked row
    assert body.count('alt="False"') == 1
    assert 'class="toplinks"' in body  # the date hierarchy


@pytest.mark.parametrize(("query", "expected"), [("revoked=yes", {1}), ("revoked=no", {0, 2})])
def test_sessions_filter_by_revoked(staff, session_factory, query, expected):
    sessions = [session_factory(), session_factory(revoked=True), session_factory()]

    response = staff.get(f"{SESSIONS_URL}?{query}")

    assert response.status_code == 200
    assert listed(response) == {sessions[i].pk for i in expected}


def test_sessions_filter_by_device_type(staff, session_factory):
    phone = session_factory(device_type=DeviceType.MOBILE)
    session_factory(device_type=DeviceType.PC)

    response = staff.get(f"{SESSIONS_URL}?device_type=mobile")

    assert listed(response) == {phone.pk}


def test_sessions_search_by_the_users_email(staff, session_factory, user_factory):
    bob = user_factory(email="bob@example.com")
    bobs = {session_factory(owner=bob).pk, session_factory(owner=bob).pk}
    session_factory()

    response = staff.get(f"{SESSIONS_URL}?q=BOB@example")

    assert response.status_code == 200
    assert listed(response) == bobs


def test_sessions_search_by_ip_address(staff, session_factory):
    match = session_factory(ip_address="198.51.100.20")
    session_factory(ip_address="203.0.113.7")

    response = staff.get(f"{SESSIONS_URL}?q=198.51")

    assert listed(response) == {match.pk}


def test_user_column_links_to_that_users_sessions(staff, session_factory, user_factory):
    bob = user_factory(email="bob@example.com")
    bobs = session_factory(owner=bob)
    session_factory()

    body = staff.get(SESSIONS_URL).content.decode()
    assert f'<a href="?user={bob.pk}">bob@example.com</a>' in body
    response = staff.get(f"{SESSIONS_URL}?user={bob.pk}")

    assert response.status_code == 200
    assert listed(response) == {bobs.pk}


def test_revoke_action_revokes_the_selected_live_sessions(staff, session_factory):
    chosen = [session_factory(), session_factory()]
    already = session_factory(revoked=True)
    expired = session_factory(expires_at=timezone.now() - timedelta(seconds=1))
    other = session_factory()
    before = UserSession.objects.get(pk=already.pk)
    selected = [s.pk for s in [*chosen, already, expired]]

    response = staff.post(SESSIONS_URL, {"action": "revoke_selected", "_selected_action": selected})

    assert response.status_code == 302
    assert [m.message for m in get_messages(response.wsgi_request)] == ["2 sessions revoked."]
    for session in chosen:
        session.refresh_from_db()
        assert session.revoked_at is not None
        assert session.revoke_reason == RevokeReason.REVOKED_BY_ADMIN
    after = UserSession.objects.get(pk=already.pk)
    assert (after.revoked_at, after.revoke_reason) == (before.revoked_at, RevokeReason.LOGOUT)
    expired.refresh_from_db()
    assert (expired.revoked_at, expired.revoke_reason) == (None, "")
    other.refresh_from_db()
    assert other.is_alive()


def test_a_session_revoked_in_the_admin_can_no_longer_refresh(staff, session_factory, settings):
    from jwt_allauth.exceptions import SessionEnded

    settings.JWT_ALLAUTH_REFRESH_TOKEN_AS_COOKIE = False
    session = session_factory()
    staff.post(SESSIONS_URL, {"action": "revoke_selected", "_selected_action": [session.pk]})

    response = Client().post(
        "/auth/refresh/", {"refresh": session.raw_refresh}, content_type="application/json"
    )

    assert response.status_code == 401
    assert response.json() == error(SessionEnded)


def test_session_change_page_is_read_only(staff, session_factory):
    session = session_factory(browser="Firefox")
    url = f"{SESSIONS_URL}{session.pk}/change/"

    response = staff.get(url)

    assert response.status_code == 200
    body = response.content.decode()
    assert "Firefox" in body
    assert session.current_jti not in body
    assert '<input type="text"' not in body
    assert staff.post(url, {"browser": "Edge"}).status_code == 403
    assert staff.get(f"{SESSIONS_URL}add/").status_code == 403


def test_staff_without_change_right_get_no_revoke_action(user_factory, session_factory):
    from django.contrib.auth.models import Permission

    viewer = user_factory(email="viewer@example.com", is_staff=True)
    if not hasattr(viewer, "user_permissions"):
        pytest.skip("the custom user model has no per-user permissions")
    viewer.user_permissions.add(Permission.objects.get(codename="view_usersession"))
    client = Client()
    client.force_login(viewer)
    session = session_factory()

    response = client.get(SESSIONS_URL)
    refused = client.post(
        SESSIONS_URL, {"action": "revoke_selected", "_selected_action": [session.pk]}
    )

    assert response.status_code == 200
    assert "revoke_selected" not in response.content.decode()
    assert refused.status_code == 200  # no action is available: the list is shown again
    session.refresh_from_db()
    assert session.is_alive()


# One-time grants

PAYLOAD = "gAAAAABpayload-ciphertext-marker"


@pytest.fixture
def grant(user) -> OneTimeGrant:
    issue_grant(user, GrantPurpose.PASSWORD_RESET, timedelta(hours=1), email=user.email)
    issue_grant(user, GrantPurpose.TOTP_PENDING, timedelta(minutes=15), payload=PAYLOAD)
    return OneTimeGrant.objects.get(purpose=GrantPurpose.TOTP_PENDING)


def test_grant_changelist_shows_the_columns_and_no_secret(staff, grant):
    response = staff.get(GRANTS_URL)

    assert response.status_code == 200
    assert columns(response) == GRANT_COLUMNS
    assert len(listed(response)) == 2
    body = response.content.decode()
    for hidden in [*OneTimeGrant.objects.values_list("secret_hash", flat=True), PAYLOAD]:
        assert hidden not in body


def test_grant_change_page_hides_the_secret_hash_and_payload(staff, grant):
    response = staff.get(f"{GRANTS_URL}{grant.pk}/change/")

    assert response.status_code == 200
    body = response.content.decode()
    assert "alice@example.com" in body
    assert grant.secret_hash not in body
    assert PAYLOAD not in body
    assert "secret_hash" not in body
    assert "payload" not in body


def test_grants_are_read_only(staff, grant):
    assert staff.get(f"{GRANTS_URL}add/").status_code == 403
    assert staff.post(f"{GRANTS_URL}{grant.pk}/change/", {"attempts": 0}).status_code == 403


@pytest.mark.parametrize("field", ["secret_hash", "payload"])
def test_hidden_grant_fields_cannot_be_probed_by_filtering(staff, grant, field):
    value = getattr(grant, field)

    response = staff.get(f"{GRANTS_URL}?{field}__startswith={value[:4]}")

    assert response.status_code == 400


@pytest.mark.parametrize(("query", "count"), [("purpose=password_reset", 1), ("used=no", 2)])
def test_grants_filter(staff, grant, query, count):
    response = staff.get(f"{GRANTS_URL}?{query}")

    assert response.status_code == 200
    assert len(listed(response)) == count


# allauth.mfa's authenticators


@pytest.mark.skipif(not apps.is_installed("allauth.mfa"), reason="allauth.mfa not installed")
def test_authenticators_are_listed_by_allauths_admin(staff, user):
    from allauth.mfa.models import Authenticator

    Authenticator.objects.create(
        user=user, type=Authenticator.Type.RECOVERY_CODES, data={"seed": "x"}
    )

    response = staff.get(AUTHENTICATORS_URL)

    assert response.status_code == 200
    assert len(listed(response)) == 1
    assert type(admin.site._registry[Authenticator]).__module__ == "allauth.mfa.admin"


def test_the_admin_index_links_every_model(staff):
    body = staff.get("/admin/").content.decode()

    assert SESSIONS_URL in body
    assert GRANTS_URL in body
    assert (AUTHENTICATORS_URL in body) is apps.is_installed("allauth.mfa")
