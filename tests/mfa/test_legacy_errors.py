"""Every error 1.x's mfa/ endpoints answer, provoked here (1.x: mfa/views.py, gate.py).

1.x built these bodies by hand as ``{"detail": "..."}`` without a code, so only the
status is compared; a ``None`` legacy code records that. Shared table shape:
tests/legacy_errors.py; the deliberate differences are in docs/upgrading.rst.
"""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator

from tests.helpers import PASSWORD
from tests.helpers.mfa import (
    ACTIVATE_URL,
    AUTHENTICATORS_URL,
    DEACTIVATE_URL,
    SETUP_URL,
    access_for,
    bearer,
    challenge_of,
    enrol,
    log_in,
    post,
    verify,
    verify_recovery,
)
from tests.legacy_errors import Case, assert_answer, differences, differences_section


def as_user(env) -> dict[str, str]:
    return bearer(access_for(env.user))


def setup_when_disabled(env):
    env.settings.JWT_ALLAUTH_MFA_TOTP_MODE = "disabled"
    return post(SETUP_URL, **as_user(env))


def setup_without_token(env):
    return post(SETUP_URL)


def setup_already_enabled(env):
    enrol(env.user)
    return post(SETUP_URL, **as_user(env))


def setup_long_after_sign_in(env):
    headers = as_user(env)
    env.clock.shift(6 * 60)
    return post(SETUP_URL, **headers)


def activate_malformed_code(env):
    return post(ACTIVATE_URL, {"code": "12"}, **as_user(env))


def activate_without_setup(env):
    return post(ACTIVATE_URL, {"code": "123456"}, **as_user(env))


def activate_wrong_code(env):
    headers = as_user(env)
    secret = post(SETUP_URL, **headers).data["secret"]
    import pyotp

    wrong = f"{(int(pyotp.TOTP(secret).now()) + 1) % 1_000_000:06d}"
    return post(ACTIVATE_URL, {"code": wrong}, **headers)


def verify_missing_fields(env):
    return post("/auth/mfa/verify/", {})


def verify_unknown_challenge(env):
    enrol(env.user)
    return verify("no-such-challenge", "123456")


def verify_wrong_code(env):
    device = enrol(env.user)
    return verify(challenge_of(env.user), device.other_code())


def verify_spent_challenge_budget(env):
    device = enrol(env.user)
    challenge = challenge_of(env.user)
    for _ in range(5):
        assert verify(challenge, device.other_code()).status_code == 400
    return verify(challenge, device.code())


def lock_account(env, device) -> None:
    env.settings.JWT_ALLAUTH_MFA_MAX_ATTEMPTS = 2
    for _ in range(2):
        assert verify(challenge_of(env.user), device.other_code()).status_code == 400


def verify_locked_account(env):
    device = enrol(env.user)
    challenge = challenge_of(env.user)
    lock_account(env, device)
    return verify(challenge, device.code())


def login_locked_account(env):
    lock_account(env, enrol(env.user))
    return log_in(env.user)


def recovery_wrong_code(env):
    enrol(env.user)
    return verify_recovery(challenge_of(env.user), "00000000")


def recovery_without_codes(env):
    enrol(env.user)
    Authenticator.objects.filter(type=Authenticator.Type.RECOVERY_CODES).delete()
    return verify_recovery(challenge_of(env.user), "00000000")


def deactivate_in_required_mode(env):
    enrol(env.user)
    env.settings.JWT_ALLAUTH_MFA_TOTP_MODE = "required"
    return post(DEACTIVATE_URL, {"password": PASSWORD}, **as_user(env))


def deactivate_wrong_password(env):
    enrol(env.user)
    return post(DEACTIVATE_URL, {"password": "wrong"}, **as_user(env))


def deactivate_not_enabled(env):
    return post(DEACTIVATE_URL, {"password": PASSWORD}, **as_user(env))


def deactivate_without_token(env):
    return post(DEACTIVATE_URL, {"password": PASSWORD})


def authenticators_without_token(env):
    from rest_framework.test import APIClient

    return APIClient().get(AUTHENTICATORS_URL)


def authenticators_when_disabled(env):
    from rest_framework.test import APIClient

    env.settings.JWT_ALLAUTH_MFA_TOTP_MODE = "disabled"
    return APIClient().get(AUTHENTICATORS_URL, **as_user(env))


CASES = [
    Case(setup_when_disabled, 403, "mfa_disabled", 403, None),
    Case(setup_without_token, 401, "not_authenticated", 401, "not_authenticated"),
    Case(setup_already_enabled, 400, "mfa_already_enabled", 400, None),
    Case(setup_long_after_sign_in, 403, "reauthentication_required", 200, None),
    Case(activate_malformed_code, 400, "code:mfa_code_malformed", 400, "code:min_length"),
    Case(activate_without_setup, 400, "mfa_setup_missing", 400, None),
    Case(activate_wrong_code, 400, "mfa_code_invalid", 400, None),
    Case(verify_missing_fields, 400, "challenge_id:required", 400, "challenge_id:required"),
    Case(verify_unknown_challenge, 400, "mfa_challenge_invalid", 400, None),
    Case(verify_wrong_code, 400, "mfa_code_invalid", 400, None),
    Case(verify_spent_challenge_budget, 400, "mfa_challenge_exhausted", 400, None),
    Case(verify_locked_account, 429, "mfa_throttled", 429, None),
    Case(login_locked_account, 429, "mfa_throttled", 429, None),
    Case(recovery_wrong_code, 400, "mfa_code_invalid", 400, None),
    Case(recovery_without_codes, 400, "mfa_code_invalid", 400, None),
    Case(deactivate_in_required_mode, 403, "mfa_deactivation_forbidden", 403, None),
    Case(deactivate_wrong_password, 400, "password_incorrect", 400, None),
    Case(deactivate_not_enabled, 400, "mfa_not_enabled", 400, None),
    Case(deactivate_without_token, 401, "not_authenticated", 401, "not_authenticated"),
    Case(authenticators_without_token, 401, "not_authenticated", 401, "not_authenticated"),
    Case(authenticators_when_disabled, 403, "mfa_disabled", 403, None),
]


class Env:
    def __init__(self, settings, user, clock) -> None:
        self.settings = settings
        self.user = user
        self.clock = clock


@pytest.fixture
def env(settings, user, clock):
    from allauth.account.models import EmailAddress

    settings.JWT_ALLAUTH_MFA_TOTP_MODE = "optional"
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return Env(settings, user, clock)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_our_answer(env, case):
    assert_answer(case.provoke(env), case)


def test_every_deliberate_difference_is_documented():
    text = differences_section()
    assert [case.name for case in differences(CASES) if case.anchor not in text] == []
