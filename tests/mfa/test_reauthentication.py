"""Enrolling a second factor with a bearer token needs a recent proof of the password.

The attack: an access token stolen from a session opened long ago is enough to
call mfa/setup/ and mfa/activate/, enrolling the attacker's authenticator app
and locking the owner out. The session's last proof (``auth_time``) must be
recent, or the request carries the password.
"""

from __future__ import annotations

from datetime import timedelta

import pyotp
import pytest

from jwt_allauth.grants.models import GrantPurpose, OneTimeGrant
from jwt_allauth.sessions.models import UserSession
from jwt_allauth.sessions.tokens import AccessToken
from tests.helpers import PASSWORD, assert_coded
from tests.helpers.mfa import (
    ACTIVATE_URL,
    SETUP_URL,
    T0,
    access_for,
    assert_field_error,
    authenticator_types,
    bearer,
    challenge_of,
    enrol,
    log_in,
    post,
    verify,
)

pytestmark = pytest.mark.usefixtures("optional")

TIMEOUT = timedelta(minutes=5)  # the documented default
REAUTH = "reauthentication_required"


def set_up(access: str, **body):
    return post(SETUP_URL, body or None, **bearer(access))


def activate(access: str, code: str, **body):
    return post(ACTIVATE_URL, {"code": code, **body}, **bearer(access))


def auth_time(access: str) -> int:
    return AccessToken.decode(access)["auth_time"]


def pending_secrets(user) -> int:
    grants = OneTimeGrant.objects.filter(user=user, purpose=GrantPurpose.TOTP_PENDING)
    return grants.count()


@pytest.fixture
def stale(user, clock) -> str:
    """An access token of a session whose password proof is older than the timeout."""
    access = access_for(user)
    clock.shift(TIMEOUT.total_seconds() + 1)
    return access


def test_a_stolen_token_of_an_old_session_cannot_start_a_setup(user, stale):
    assert_coded(set_up(stale), 403, REAUTH)
    assert pending_secrets(user) == 0


def test_the_refusal_names_the_password_field_these_endpoints_have(stale):
    detail = "Confirm your password to continue: send it in the password field, or sign in again."
    assert set_up(stale).json() == {"detail": detail, "code": REAUTH}


def test_a_stolen_token_of_an_old_session_cannot_activate(user, clock):
    """Even with a pending secret the owner started and the attacker somehow read."""
    access = access_for(user)
    app = pyotp.parse_uri(set_up(access).data["provisioning_uri"])
    clock.shift(TIMEOUT.total_seconds() + 1)

    assert_coded(activate(access, app.now()), 403, REAUTH)
    assert authenticator_types(user) == []


def test_a_fresh_session_enrols_without_a_password(user, clock):
    access = access_for(user)
    clock.shift(TIMEOUT.total_seconds() - 1)
    app = pyotp.parse_uri(set_up(access).data["provisioning_uri"])

    assert activate(access, app.now()).status_code == 200
    assert authenticator_types(user) == ["recovery_codes", "totp"]


def test_the_password_is_the_proof_and_lasts_for_the_activation(user, stale, clock):
    response = set_up(stale, password=PASSWORD)
    assert response.status_code == 200, response.data
    app = pyotp.parse_uri(response.data["provisioning_uri"])
    clock.shift(TIMEOUT.total_seconds() - 1)  # scanning, typing

    assert activate(stale, app.now()).status_code == 200
    assert authenticator_types(user) == ["recovery_codes", "totp"]


def test_the_password_also_works_at_activation(user, clock):
    access = access_for(user)
    app = pyotp.parse_uri(set_up(access).data["provisioning_uri"])
    clock.shift(TIMEOUT.total_seconds() + 1)

    assert activate(access, app.now(), password=PASSWORD).status_code == 200


@pytest.mark.parametrize("password", ["wrong", " ", PASSWORD + " "])
def test_a_wrong_password_is_refused_and_counted(user, stale, password):
    assert_coded(set_up(stale, password=password), 400, "password_incorrect")
    assert pending_secrets(user) == 0
    session = UserSession.objects.get(user=user)
    assert session.authenticated_at == T0


def test_wrong_passwords_use_up_the_accounts_budget(user, stale):
    for _ in range(10):
        assert_coded(set_up(stale, password="wrong"), 400, "password_incorrect")

    response = set_up(stale, password=PASSWORD)
    assert response.status_code == 429, response.data
    assert response.data["code"] == "throttled"


def test_a_wrong_password_is_refused_on_a_fresh_session_too(user):
    assert_coded(set_up(access_for(user), password="wrong"), 400, "password_incorrect")


@pytest.mark.parametrize("password", ["", None, ["x"], {"a": 1}, "x" * 5000])
def test_a_malformed_password_is_a_coded_400(user, stale, password):
    assert_field_error(set_up(stale, password=password), "password")


def test_the_timeout_is_a_setting(settings, user, stale):
    settings.JWT_ALLAUTH_MFA_REAUTHENTICATION_TIMEOUT = timedelta(hours=1)

    assert set_up(stale).status_code == 200


def test_a_revoked_session_cannot_enrol_even_when_fresh(user):
    access = access_for(user)
    UserSession.objects.update(revoked_at=T0, revoke_reason="logout")

    assert_coded(set_up(access), 401, "session_ended")
    assert_coded(set_up(access, password=PASSWORD), 401, "session_ended")


# auth_time: in the tokens, carried through rotation, set by every proof


def test_login_tokens_carry_auth_time(user, login, clock):
    session = login(user)

    assert auth_time(session.access) == int(T0.timestamp())


def test_auth_time_survives_refresh_and_refresh_gives_no_new_proof(user, login, refresh, clock):
    session = login(user)
    clock.shift(TIMEOUT.total_seconds() + 1)
    response = refresh(session.refresh)
    access = response.data["access"]

    assert auth_time(access) == int(T0.timestamp())
    assert_coded(set_up(access), 403, REAUTH)


def test_a_password_proof_moves_auth_time_for_the_next_tokens(user, login, refresh, clock):
    session = login(user)
    clock.shift(TIMEOUT.total_seconds() + 1)
    assert set_up(session.access, password=PASSWORD).status_code == 200
    response = refresh(session.refresh)

    assert auth_time(response.data["access"]) == int(T0.timestamp()) + 301


def test_the_second_factor_sets_auth_time(user, clock):
    device = enrol(user)
    challenge = challenge_of(user)
    clock.shift(60)
    response = verify(challenge, device.code())

    assert auth_time(response.data["access"]) == int(T0.timestamp()) + 60


def test_the_setup_challenge_needs_no_recent_session(settings, user, clock):
    """Required mode's bootstrap: the challenge is the proof, no token involved."""
    settings.JWT_ALLAUTH_MFA_TOTP_MODE = "required"
    challenge = log_in(user).data["setup_challenge_id"]
    clock.shift(TIMEOUT.total_seconds() + 1)
    response = post(SETUP_URL, {"setup_challenge_id": challenge})
    app = pyotp.parse_uri(response.data["provisioning_uri"])
    response = post(ACTIVATE_URL, {"setup_challenge_id": challenge, "code": app.now()})

    assert response.status_code == 200
    assert auth_time(response.data["access"]) == int(T0.timestamp()) + 301
