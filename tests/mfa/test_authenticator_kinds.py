"""The gate counts every kind of second factor, not only TOTP.

The attack: a user whose only second factor is a security key (WebAuthn, added
through allauth's own pages, which share our ``Authenticator`` table) signs in
at login/ with the password alone. Until passkeys are built here, any second
factor means a login challenge; the challenge names the kinds the user has,
and recovery codes remain a way through.
"""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

from jwt_allauth.sessions.models import UserSession
from tests.helpers import assert_coded
from tests.helpers.mfa import assert_session, enrol, log_in, verify, verify_recovery


def add_security_key(user) -> Authenticator:
    """A WebAuthn authenticator as allauth's pages store it (the credential is opaque here)."""
    data = {"name": "YubiKey", "credential": {"id": "AAAA", "type": "public-key"}}
    return Authenticator.objects.create(user=user, type=Authenticator.Type.WEBAUTHN, data=data)


def assert_challenge(response, types: list[str]) -> str:
    assert response.status_code == 200, response.data
    assert set(response.data) == {"mfa_required", "challenge_id", "types"}, response.data
    assert response.data["mfa_required"] is True
    assert response.data["types"] == types
    assert "refresh_token" not in response.cookies
    return response.data["challenge_id"]


@pytest.mark.parametrize("mode", ["optional", "required"])
def test_a_security_key_alone_is_a_second_factor(settings, clock, user, mode):
    settings.JWT_ALLAUTH_MFA_TOTP_MODE = mode
    add_security_key(user)

    assert_challenge(log_in(user), ["webauthn"])
    assert UserSession.objects.count() == 0


def test_a_key_only_user_cannot_finish_through_this_api(optional, user):
    """No passkey verification here yet, and a TOTP code of nothing is just wrong."""
    add_security_key(user)
    challenge = assert_challenge(log_in(user), ["webauthn"])

    assert_coded(verify(challenge, "123456"), 400, "mfa_code_invalid")
    assert_coded(verify_recovery(challenge, "12345678"), 400, "mfa_code_invalid")
    assert UserSession.objects.count() == 0


def test_recovery_codes_remain_a_way_through(optional, user, delivery):
    add_security_key(user)
    codes = RecoveryCodes.activate(user).get_unused_codes()
    challenge = assert_challenge(log_in(user), ["recovery_codes", "webauthn"])

    assert_session(verify_recovery(challenge, codes[0]), delivery)


def test_every_kind_is_named(optional, user):
    enrol(user)
    add_security_key(user)

    assert_challenge(log_in(user), ["recovery_codes", "totp", "webauthn"])


def test_a_totp_user_is_told_totp_and_recovery_codes(optional, user, device):
    assert_challenge(log_in(user), ["recovery_codes", "totp"])


def test_recovery_codes_alone_are_no_second_factor(settings, clock, user, delivery):
    """As in allauth: left over once the last real factor is gone, they ask for nothing."""
    settings.JWT_ALLAUTH_MFA_TOTP_MODE = "optional"
    RecoveryCodes.activate(user)

    assert_session(log_in(user), delivery)
    settings.JWT_ALLAUTH_MFA_TOTP_MODE = "required"
    assert set(log_in(user).data) == {"mfa_setup_required", "setup_challenge_id"}


def test_mfa_disabled_still_lets_a_key_user_in(settings, user, delivery):
    add_security_key(user)

    assert_session(log_in(user), delivery)
