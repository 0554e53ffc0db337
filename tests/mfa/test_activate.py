"""mfa/activate/: the first code turns the pending secret into an authenticator."""

from __future__ import annotations

import pyotp
import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from jwt_allauth.grants.models import GrantPurpose, OneTimeGrant
from jwt_allauth.internal import cryptokit
from tests.helpers import PASSWORD, assert_coded
from tests.helpers.mfa import (
    ACTIVATE_URL,
    SETUP_URL,
    access_for,
    assert_field_error,
    authenticator_types,
    bearer,
    challenge_of,
    log_in,
    post,
    verify,
)

pytestmark = pytest.mark.usefixtures("optional")


@pytest.fixture
def access(user) -> str:
    return access_for(user)


@pytest.fixture
def app(access) -> pyotp.TOTP:
    """The authenticator app after scanning the QR code of a fresh setup."""
    response = post(SETUP_URL, **bearer(access))
    return pyotp.parse_uri(response.data["provisioning_uri"])


def activate(access: str, code, **body):
    return post(ACTIVATE_URL, {"code": code, **body}, **bearer(access))


def test_url_name():
    assert reverse("mfa_activate") == ACTIVATE_URL


def test_activation_returns_recovery_codes(user, access, app):
    response = activate(access, app.now())

    assert response.status_code == 200
    assert set(response.data) == {"recovery_codes", "success"}
    assert response.data["success"] is True
    codes = response.data["recovery_codes"]
    assert len(codes) == 10 and all(len(c) == 8 and c.isdigit() for c in codes)
    assert authenticator_types(user) == ["recovery_codes", "totp"]
    assert "refresh_token" not in response.cookies


def test_the_secret_is_encrypted_in_allauths_table(user, access, app):
    activate(access, app.now())
    stored = Authenticator.objects.get(user=user, type="totp").data["secret"]

    assert stored.startswith(cryptokit.PREFIX)
    assert cryptokit.decrypt(stored) == app.secret
    assert not OneTimeGrant.objects.filter(
        purpose=GrantPurpose.TOTP_PENDING, used_at__isnull=True
    ).exists()


def test_after_activation_login_asks_for_a_code(user, access, app, clock):
    activate(access, app.now())
    clock.shift(30)

    assert verify(challenge_of(user), app.now()).status_code == 200


def test_the_activation_code_cannot_be_used_again_to_log_in(user, access, app):
    code = app.now()
    activate(access, code)

    assert_coded(verify(challenge_of(user), code), 400, "mfa_code_invalid")


def test_a_wrong_code_activates_nothing(user, access, app):
    wrong = f"{(int(app.now()) + 1) % 1_000_000:06d}"

    assert_coded(activate(access, wrong), 400, "mfa_code_invalid")
    assert authenticator_types(user) == []
    assert activate(access, app.now()).status_code == 200


@pytest.mark.parametrize("code", ["12345", "1234567", "12a456", "", None, 123456])
def test_malformed_codes(user, access, app, code):
    assert_field_error(activate(access, code), "code")
    assert OneTimeGrant.objects.get(purpose=GrantPurpose.TOTP_PENDING).attempts == 0


def test_activation_without_setup_is_400(user, access):
    assert_coded(activate(access, "123456"), 400, "mfa_setup_missing")


def test_an_expired_setup_is_400(user, access, app, clock):
    clock.shift(15 * 60)

    assert_coded(activate(access, app.now(), password=PASSWORD), 400, "mfa_setup_missing")


def test_activating_twice_is_400(user, access, app, clock):
    assert activate(access, app.now()).status_code == 200
    clock.shift(30)

    assert_coded(activate(access, app.now()), 400, "mfa_setup_missing")
    assert_coded(post(SETUP_URL, **bearer(access)), 400, "mfa_already_enabled")


def test_without_a_token_it_is_401(db):
    assert_coded(post(ACTIVATE_URL, {"code": "123456"}), 401, "not_authenticated")


def test_a_bad_token_is_401(db):
    response = post(ACTIVATE_URL, {"code": "123456"}, HTTP_AUTHORIZATION="Bearer nope")

    assert_coded(response, 401, "token_not_valid")


def test_one_users_setup_cannot_be_activated_by_another(user, app, user_factory):
    other = access_for(user_factory())

    assert_coded(activate(other, app.now()), 400, "mfa_setup_missing")
    assert authenticator_types(user) == []


def test_a_login_challenge_is_no_setup_challenge(user_factory, user, access, app):
    bob = user_factory()
    from tests.helpers.mfa import enrol

    enrol(bob)
    login_challenge = challenge_of(bob)
    response = post(ACTIVATE_URL, {"code": app.now(), "setup_challenge_id": login_challenge})

    assert_coded(response, 400, "mfa_challenge_invalid")
    assert log_in(user).status_code == 200
