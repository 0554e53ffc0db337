"""POST /auth/refresh/: rotation, replay detection, absolute session lifetime, fresh claims."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import connections

from jwt_allauth import exceptions
from jwt_allauth.roles import STAFF_CODE, SUPER_USER_CODE, USER_CODE
from jwt_allauth.sessions.models import RevokeReason, UserSession
from tests.helpers import new_refresh
from tests.helpers.sessions import T0, claims, epoch, error, probe, session_of


def test_refresh_returns_a_new_pair_for_the_same_session(user, login, refresh, delivery):
    session = login(user)

    response = refresh(session.refresh)

    assert response.status_code == 200
    expected_keys = {"access"} if delivery == "cookie" else {"access", "refresh"}
    assert set(response.data) == expected_keys
    new_access, new_raw = response.data["access"], new_refresh(response, delivery)
    old, new = claims(session.refresh), claims(new_raw)
    assert new["jti"] != old["jti"]
    assert new["sid"] == old["sid"] == claims(new_access)["sid"]
    assert new_access != session.access
    assert claims(new_access)["token_type"] == "access"
    assert new["token_type"] == "refresh"
    assert session_of(new_raw).current_jti == new["jti"]
    assert UserSession.objects.count() == 1


def test_each_rotated_token_rotates_again(user, login, refresh, delivery):
    raw = login(user).refresh
    seen = {claims(raw)["jti"]}
    for _ in range(3):
        response = refresh(raw)
        assert response.status_code == 200
        raw = new_refresh(response, delivery)
        seen.add(claims(raw)["jti"])
    assert len(seen) == 4


def test_replayed_refresh_token_ends_the_whole_session(user, login, refresh, delivery):
    session = login(user)
    newest = new_refresh(refresh(session.refresh), delivery)

    replay = refresh(session.refresh)
    after = refresh(newest)

    assert (replay.status_code, replay.data) == (401, error(exceptions.TokenReused))
    assert (after.status_code, after.data) == (401, error(exceptions.SessionEnded))
    row = session_of(newest)
    assert row.revoked_at is not None
    assert row.revoke_reason == RevokeReason.REPLAY


def test_replay_of_an_older_generation_is_caught_too(user, login, refresh, delivery):
    first = login(user).refresh
    second = new_refresh(refresh(first), delivery)
    third = new_refresh(refresh(second), delivery)

    replay = refresh(first)

    assert (replay.status_code, replay.data) == (401, error(exceptions.TokenReused))
    assert refresh(third).data == error(exceptions.SessionEnded)


def test_replay_spares_other_sessions_of_the_same_user(
    user, user_factory, login, refresh, delivery
):
    victim, other_device = login(user), login(user)
    someone_else = login(user_factory())
    refresh(victim.refresh)

    assert refresh(victim.refresh).status_code == 401

    assert refresh(other_device.refresh).status_code == 200
    assert refresh(someone_else.refresh).status_code == 200
    assert UserSession.objects.alive().count() == 2


def test_access_token_expires_after_its_lifetime(user, login, settings, frozen, delivery):
    settings.JWT_ACCESS_TOKEN_LIFETIME = timedelta(minutes=5)
    access = login(user).access
    assert claims(access)["exp"] == epoch(T0 + timedelta(minutes=5))
    assert probe(access).status_code == 200

    frozen.move_to(T0 + timedelta(minutes=5, seconds=1))

    response = probe(access)
    assert (response.status_code, response.data) == (401, error(exceptions.InvalidToken))


def test_session_never_outlives_its_absolute_lifetime(
    user, login, refresh, settings, frozen, delivery
):
    settings.JWT_REFRESH_TOKEN_LIFETIME = timedelta(hours=2)
    settings.JWT_ACCESS_TOKEN_LIFETIME = timedelta(minutes=30)
    end = T0 + timedelta(hours=2)
    raw = login(user).refresh
    assert claims(raw)["exp"] == epoch(end)

    # A client refreshing diligently every 25 minutes gains no extra time.
    for minutes in (25, 50, 75, 100):
        frozen.move_to(T0 + timedelta(minutes=minutes))
        response = refresh(raw)
        assert response.status_code == 200
        raw = new_refresh(response, delivery)
        assert claims(raw)["exp"] == epoch(end)
        access_end = min(T0 + timedelta(minutes=minutes + 30), end)
        assert claims(response.data["access"])["exp"] == epoch(access_end)

    frozen.move_to(end - timedelta(minutes=1))
    response = refresh(raw)
    assert response.status_code == 200
    raw = new_refresh(response, delivery)
    assert claims(raw)["exp"] == epoch(end)
    # The access token is cut at the session's end, not now + 30 minutes.
    assert claims(response.data["access"])["exp"] == epoch(end)
    assert session_of(raw).expires_at == end

    frozen.move_to(end + timedelta(seconds=1))
    response = refresh(raw)
    assert (response.status_code, response.data) == (401, error(exceptions.InvalidToken))


def test_access_token_of_the_last_minutes_expires_with_the_session(
    user, login, refresh, settings, frozen, delivery
):
    settings.JWT_REFRESH_TOKEN_LIFETIME = timedelta(hours=1)
    raw = login(user).refresh
    frozen.move_to(T0 + timedelta(minutes=50))
    access = refresh(raw).data["access"]

    frozen.move_to(T0 + timedelta(minutes=59))
    assert probe(access).status_code == 200
    frozen.move_to(T0 + timedelta(hours=1, seconds=1))
    assert probe(access).status_code == 401


def test_rotation_rereads_the_role(user, login, refresh, delivery):
    session = login(user)
    assert claims(session.access)["role"] == USER_CODE
    get_user_model().objects.filter(pk=user.pk).update(is_staff=True)

    response = refresh(session.refresh)

    assert claims(response.data["access"])["role"] == STAFF_CODE
    assert claims(new_refresh(response, delivery))["role"] == STAFF_CODE
    assert probe(response.data["access"]).data["role"] == STAFF_CODE


def test_rotation_rereads_a_stored_role_field(user, login, refresh, delivery):
    if "role" not in {field.name for field in get_user_model()._meta.get_fields()}:
        pytest.skip("the active user model has no role field (JWT_ALLAUTH_TEST_USER=custom)")
    session = login(user)
    get_user_model().objects.filter(pk=user.pk).update(role=SUPER_USER_CODE)

    response = refresh(session.refresh)

    assert claims(response.data["access"])["role"] == SUPER_USER_CODE


def test_rotation_rereads_user_attribute_claims(user, login, refresh, settings, delivery):
    from tests.testapp.models import Organization, Profile

    settings.JWT_ALLAUTH_USER_ATTRIBUTES = {
        "mail": "email",
        "organization": "profile.organization.id",
    }
    session = login(user)
    assert claims(session.access)["organization"] is None  # no profile: null, not a 500
    assert claims(session.access)["mail"] == user.email

    organization = Organization.objects.create(name="Acme")
    Profile.objects.create(user=user, organization=organization)
    get_user_model().objects.filter(pk=user.pk).update(email="renamed@example.com")
    response = refresh(session.refresh)

    assert response.status_code == 200
    payload = claims(response.data["access"])
    assert payload["organization"] == organization.pk
    assert payload["mail"] == "renamed@example.com"

    Profile.objects.filter(user=user).update(organization=None)
    response = refresh(new_refresh(response, delivery))
    assert claims(response.data["access"])["organization"] is None


def test_inactive_user_cannot_refresh_and_the_session_is_ended(user, login, refresh, delivery):
    session = login(user)
    get_user_model().objects.filter(pk=user.pk).update(is_active=False)

    response = refresh(session.refresh)

    assert (response.status_code, response.data) == (401, error(exceptions.UserNotFound))
    row = session_of(session.refresh)
    assert row.revoke_reason == RevokeReason.ACCOUNT_DISABLED
    # Reactivation does not bring the old session back.
    get_user_model().objects.filter(pk=user.pk).update(is_active=True)
    assert refresh(session.refresh).data == error(exceptions.SessionEnded)


def test_deleted_user_cannot_refresh(user, login, refresh, delivery):
    session = login(user)
    get_user_model().objects.filter(pk=user.pk).delete()

    response = refresh(session.refresh)

    assert (response.status_code, response.data) == (401, error(exceptions.InvalidToken))


@pytest.fixture
def atomic_requests(monkeypatch):
    """ATOMIC_REQUESTS=True on the live connection settings (restored afterwards)."""
    monkeypatch.setitem(connections.settings["default"], "ATOMIC_REQUESTS", True)
    monkeypatch.setitem(connections["default"].settings_dict, "ATOMIC_REQUESTS", True)


@pytest.mark.django_db(transaction=True)
def test_replay_revocation_survives_atomic_requests(
    user_factory, atomic_requests, login, refresh, delivery
):
    user = user_factory()
    session = login(user)
    newest = new_refresh(refresh(session.refresh), delivery)

    replay = refresh(session.refresh)

    assert replay.data == error(exceptions.TokenReused)
    assert session_of(newest).revoke_reason == RevokeReason.REPLAY
    assert refresh(newest).data == error(exceptions.SessionEnded)


@pytest.mark.django_db(transaction=True)
def test_inactive_revocation_survives_atomic_requests(
    user_factory, atomic_requests, login, refresh, delivery
):
    user = user_factory()
    session = login(user)
    get_user_model().objects.filter(pk=user.pk).update(is_active=False)

    assert refresh(session.refresh).data == error(exceptions.UserNotFound)

    assert session_of(session.refresh).revoke_reason == RevokeReason.ACCOUNT_DISABLED


def test_user_attributes_cannot_replace_reserved_claims(user, login, refresh, settings, delivery):
    """System check E005 forbids these names, but checks do not run under a WSGI server:
    a misconfigured claim must never replace the token's own (nor grant a role)."""
    settings.JWT_ALLAUTH_USER_ATTRIBUTES = {
        name: "email" for name in ("sid", "user_id", "token_type", "jti", "exp", "iat", "role")
    }
    session = login(user)

    response = refresh(session.refresh)

    assert response.status_code == 200
    for raw in (session.access, response.data["access"], new_refresh(response, delivery)):
        payload = claims(raw)
        assert payload["sid"] == claims(session.refresh)["sid"]
        assert payload["user_id"] == user.pk
        assert payload["role"] == USER_CODE
        assert isinstance(payload["exp"], int)
        assert isinstance(payload["iat"], int)
        assert payload["token_type"] in ("access", "refresh")
        assert payload["jti"] != user.email
    assert probe(response.data["access"]).data["role"] == USER_CODE
