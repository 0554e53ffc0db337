"""Required mode: a user without TOTP enrols with a setup challenge and gets the session."""

from __future__ import annotations

import pyotp
import pytest

from jwt_allauth.grants.models import GrantPurpose, OneTimeGrant
from jwt_allauth.sessions.tokens import AccessToken
from tests.helpers import assert_coded
from tests.helpers.mfa import (
    ACTIVATE_URL,
    SETUP_URL,
    access_for,
    assert_field_error,
    assert_session,
    authenticator_types,
    bearer,
    challenge_of,
    enrol,
    log_in,
    post,
    sessions_of,
    verify,
    verify_recovery,
)

pytestmark = pytest.mark.usefixtures("required")


def setup_challenge_of(user) -> str:
    response = log_in(user)
    assert set(response.data) == {"mfa_setup_required", "setup_challenge_id"}, response.data
    return response.data["setup_challenge_id"]


def set_up(challenge: str) -> pyotp.TOTP:
    response = post(SETUP_URL, {"setup_challenge_id": challenge})
    assert response.status_code == 200, response.data
    return pyotp.parse_uri(response.data["provisioning_uri"])


def activate(challenge: str, code: str):
    return post(ACTIVATE_URL, {"setup_challenge_id": challenge, "code": code})


def test_login_setup_activate_gives_the_session_and_recovery_codes(user, delivery, clock):
    challenge = setup_challenge_of(user)
    app = set_up(challenge)
    response = activate(challenge, app.now())

    assert response.status_code == 200
    codes = response.data.pop("recovery_codes")
    assert response.data.pop("success") is True
    assert_session(response, delivery)
    assert str(AccessToken.decode(response.data["access"]).user_id) == str(user.pk)
    assert len(codes) == 10
    assert authenticator_types(user) == ["recovery_codes", "totp"]
    # From now on the login asks for the code, and the recovery codes work.
    clock.shift(30)
    assert verify(challenge_of(user), app.now()).status_code == 200
    assert verify_recovery(challenge_of(user), codes[0]).status_code == 200
    assert sessions_of(user) == 3


def test_the_setup_challenge_works_for_one_activation(user, clock):
    challenge = setup_challenge_of(user)
    app = set_up(challenge)
    assert activate(challenge, app.now()).status_code == 200
    clock.shift(30)

    assert_coded(post(SETUP_URL, {"setup_challenge_id": challenge}), 400, "mfa_challenge_invalid")
    assert_coded(activate(challenge, app.now()), 400, "mfa_challenge_invalid")
    assert sessions_of(user) == 1


def test_setup_can_be_repeated_before_activation(user):
    challenge = setup_challenge_of(user)
    set_up(challenge)
    app = set_up(challenge)

    assert activate(challenge, app.now()).status_code == 200


def test_a_wrong_code_keeps_the_setup_challenge(user):
    challenge = setup_challenge_of(user)
    app = set_up(challenge)
    wrong = f"{(int(app.now()) + 1) % 1_000_000:06d}"

    assert_coded(activate(challenge, wrong), 400, "mfa_code_invalid")
    assert sessions_of(user) == 0
    assert activate(challenge, app.now()).status_code == 200


def test_the_setup_challenge_expires(user, clock):
    challenge = setup_challenge_of(user)
    clock.shift(15 * 60)

    assert_coded(post(SETUP_URL, {"setup_challenge_id": challenge}), 400, "mfa_challenge_invalid")


def test_a_login_challenge_is_refused_at_setup(user_factory):
    enrolled = user_factory()
    enrol(enrolled)

    response = post(SETUP_URL, {"setup_challenge_id": challenge_of(enrolled)})
    assert_coded(response, 400, "mfa_challenge_invalid")


def test_another_users_setup_challenge_is_refused_with_a_token(user, user_factory):
    challenge = setup_challenge_of(user)
    mallory = access_for(user_factory())

    response = post(SETUP_URL, {"setup_challenge_id": challenge}, **bearer(mallory))
    assert_coded(response, 400, "mfa_challenge_invalid")
    assert not OneTimeGrant.objects.filter(purpose=GrantPurpose.TOTP_PENDING).exists()


def test_a_setup_challenge_of_the_bearer_is_accepted(user):
    challenge = setup_challenge_of(user)

    response = post(SETUP_URL, {"setup_challenge_id": challenge}, **bearer(access_for(user)))
    assert response.status_code == 200


@pytest.mark.parametrize("challenge_id", ["", "unknown", "x" * 600, 7, None])
def test_bad_setup_challenges_are_4xx(db, challenge_id):
    response = post(SETUP_URL, {"setup_challenge_id": challenge_id})

    if response.status_code == 400 and "setup_challenge_id" in response.data:
        assert_field_error(response, "setup_challenge_id")
    else:
        assert response.status_code in (400, 401), response.data
        assert set(response.data) == {"detail", "code"}
    assert not OneTimeGrant.objects.exists()


def test_activation_with_a_token_in_required_mode_gives_no_new_session(user):
    """A user signed in from before MFA became required enrols with the token."""
    access = access_for(user)
    app = pyotp.parse_uri(post(SETUP_URL, **bearer(access)).data["provisioning_uri"])
    response = post(ACTIVATE_URL, {"code": app.now()}, **bearer(access))

    assert set(response.data) == {"recovery_codes", "success"}
    assert sessions_of(user) == 1
