"""Switching the MFA mode to ``required`` ends the sessions of users without a second factor.

They opened their sessions with the password alone. From the switch on, their
next refresh is refused (``401 mfa_setup_required``) and the session ends; the
next login hands out the setup challenge. A refresh never hands out a setup
challenge itself: a stolen refresh token would enrol the thief's app.
"""

from __future__ import annotations

import pytest

from jwt_allauth.grants.models import OneTimeGrant
from jwt_allauth.sessions.models import RevokeReason, UserSession
from tests.helpers import assert_coded
from tests.helpers.mfa import enrol, log_in
from tests.mfa.test_authenticator_kinds import add_security_key


@pytest.fixture
def switch(settings, clock):
    """Sign in under optional mode; ``switch()`` turns the mode to required."""
    settings.JWT_ALLAUTH_MFA_TOTP_MODE = "optional"

    def to_required():
        settings.JWT_ALLAUTH_MFA_TOTP_MODE = "required"

    return to_required


def assert_refreshed(response) -> None:
    assert response.status_code == 200, response.data
    assert "access" in response.data


def test_a_session_without_second_factor_ends_at_its_next_refresh(
    user, login, refresh, switch, delivery
):
    session = login(user)
    switch()
    response = refresh(session.refresh)

    assert_coded(response, 401, "mfa_setup_required")
    if delivery == "cookie":
        assert response.cookies["refresh_token"].value == ""
    ended = UserSession.objects.get(user=user)
    assert ended.revoke_reason == RevokeReason.MFA_REQUIRED
    assert not OneTimeGrant.objects.exists()  # no setup challenge from a refresh token
    assert_coded(refresh(session.refresh), 401, "session_ended")
    assert set(log_in(user).data) == {"mfa_setup_required", "setup_challenge_id"}


def test_other_users_sessions_are_left_alone(user, user_factory, login, refresh, switch):
    """Enrolled since the session opened, or with a security key: a second factor exists."""
    totp_user, key_user = user_factory(), user_factory()
    sessions = [login(totp_user), login(key_user)]
    enrol(totp_user)
    add_security_key(key_user)
    switch()

    for session in sessions:
        assert_refreshed(refresh(session.refresh))
    assert not UserSession.objects.filter(revoked_at__isnull=False).exists()


def test_optional_and_disabled_modes_keep_refreshing(settings, user, login, refresh, clock):
    session = login(user)
    for mode in ("optional", "disabled"):
        settings.JWT_ALLAUTH_MFA_TOTP_MODE = mode
        response = refresh(session.refresh)
        assert_refreshed(response)
        session.refresh = response.data.get("refresh") or response.cookies["refresh_token"].value
