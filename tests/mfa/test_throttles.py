"""Brute force: a budget per challenge, one per account over a sliding window, one per IP."""

from __future__ import annotations

from datetime import timedelta

import pytest

from jwt_allauth.grants.models import GrantPurpose, OneTimeGrant
from tests.helpers import assert_coded
from tests.helpers.mfa import (
    ACTIVATE_URL,
    DEACTIVATE_URL,
    RECOVERY_URL,
    SETUP_URL,
    access_for,
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

pytestmark = pytest.mark.usefixtures("optional")
ACCOUNT_STEP = 15  # seconds per counter of the default 15-minute window


@pytest.fixture
def long_challenges(settings):
    """Challenges that outlive the account's lockout, to show the lockout alone."""
    settings.JWT_ALLAUTH_MFA_CHALLENGE_LIFETIME = timedelta(hours=1)


def assert_throttled(response, code: str, max_wait: int) -> int:
    """The wait is at most ``max_wait`` and one counter (a sixtieth) of the window."""
    assert_coded(response, 429, code)
    wait = int(response["Retry-After"])
    assert 0 < wait <= max_wait + max(ACCOUNT_STEP, max_wait // 60)
    return wait


def fail(challenge: str, device, times: int) -> None:
    for _ in range(times):
        assert_coded(verify(challenge, device.other_code()), 400, "mfa_code_invalid")


def test_a_challenge_takes_five_codes_then_400(user, device):
    challenge = challenge_of(user)
    fail(challenge, device, 5)

    assert_coded(verify(challenge, device.code()), 400, "mfa_challenge_exhausted")
    assert sessions_of(user) == 0
    assert OneTimeGrant.objects.get(purpose=GrantPurpose.MFA_LOGIN).attempts == 5


def test_recovery_codes_share_the_challenge_budget(user, device):
    challenge = challenge_of(user)
    fail(challenge, device, 4)
    assert_coded(verify_recovery(challenge, "00000000"), 400, "mfa_code_invalid")

    assert_coded(
        verify_recovery(challenge, device.recovery_codes[0]), 400, "mfa_challenge_exhausted"
    )


def test_the_budget_is_a_setting(settings, user, device):
    settings.JWT_ALLAUTH_MFA_CHALLENGE_ATTEMPTS = 2
    challenge = challenge_of(user)
    fail(challenge, device, 2)

    assert_coded(verify(challenge, device.code()), 400, "mfa_challenge_exhausted")


def test_the_account_is_locked_after_ten_failures_then_unlocked(
    user, device, clock, long_challenges
):
    fail(challenge_of(user), device, 5)
    second, challenge = challenge_of(user), challenge_of(user)
    fail(second, device, 5)

    wait = assert_throttled(verify(challenge, device.code()), "mfa_throttled", 15 * 60)
    assert wait == 15 * 60 + ACCOUNT_STEP  # the clock stopped at a counter's start
    assert OneTimeGrant.objects.filter(attempts__gt=0).count() == 2  # the third untouched
    clock.shift(wait - 1)
    assert_throttled(verify(challenge, device.code()), "mfa_throttled", 1)
    clock.shift(1)

    assert verify(challenge, device.code()).status_code == 200


def test_the_window_slides(user, device, clock, long_challenges):
    fail(challenge_of(user), device, 5)
    clock.shift(10 * 60)
    second, challenge = challenge_of(user), challenge_of(user)
    fail(second, device, 5)

    assert_throttled(verify(challenge, device.code()), "mfa_throttled", 5 * 60)
    clock.shift(5 * 60 + ACCOUNT_STEP)
    assert verify(challenge, device.code()).status_code == 200


def test_a_locked_account_gets_no_new_challenge(user, device):
    """As 1.x's gate: the right password of a locked account answers 429, not a challenge."""
    fail(challenge_of(user), device, 5)
    fail(challenge_of(user), device, 5)

    assert_throttled(log_in(user), "mfa_throttled", 15 * 60)
    assert OneTimeGrant.objects.count() == 2


def test_a_locked_account_signs_in_with_its_password_while_mfa_is_disabled(settings, user, device):
    fail(challenge_of(user), device, 5)
    fail(challenge_of(user), device, 5)
    settings.JWT_ALLAUTH_MFA_TOTP_MODE = "disabled"

    assert set(log_in(user).data) == {"access"}


def test_the_account_budget_counts_across_clients(user, device):
    challenges = [challenge_of(user) for _ in range(3)]
    for n, challenge in enumerate(challenges[:2]):
        for _ in range(5):
            response = verify(challenge, device.other_code(), REMOTE_ADDR=f"198.51.100.{n}")
            assert response.status_code == 400

    response = verify(challenges[2], device.code(), REMOTE_ADDR="203.0.113.9")
    assert_throttled(response, "mfa_throttled", 900)


def test_the_account_budget_is_a_throttle_rate(settings, user, device):
    settings.JWT_ALLAUTH_THROTTLE_RATES = {"mfa_failures": "2/hour"}
    challenge = challenge_of(user)
    fail(challenge, device, 2)

    assert_throttled(verify(challenge, device.code()), "mfa_throttled", 3600)


def test_no_account_budget_when_its_rate_is_none(settings, user, device):
    settings.JWT_ALLAUTH_THROTTLE_RATES = {"mfa_failures": None}
    for _ in range(3):
        fail(challenge_of(user), device, 5)

    assert verify(challenge_of(user), device.code()).status_code == 200


def test_wrong_passwords_at_deactivation_count_in_the_password_budget(settings, user, device):
    """A password guess is a password guess: deactivation and login share one budget."""
    settings.JWT_ALLAUTH_THROTTLE_RATES = {"login_failures": "3/hour"}
    access = access_for(user)
    for _ in range(2):
        response = post(DEACTIVATE_URL, {"password": "wrong"}, **bearer(access))
        assert_coded(response, 400, "password_incorrect")
    assert log_in(user, "wrong").status_code == 401

    response = post(DEACTIVATE_URL, {"password": "correct horse battery staple"}, **bearer(access))
    assert_coded(response, 429, "throttled")
    assert 0 < int(response["Retry-After"]) <= 3660
    assert log_in(user).status_code == 429
    assert authenticator_types(user) == ["recovery_codes", "totp"]


def test_activation_attempts_are_bounded(user_factory):
    access = access_for(user_factory())
    assert post(SETUP_URL, **bearer(access)).status_code == 200
    for _ in range(5):
        assert_coded(
            post(ACTIVATE_URL, {"code": "000000"}, **bearer(access)), 400, "mfa_code_invalid"
        )

    response = post(ACTIVATE_URL, {"code": "000001"}, **bearer(access))
    assert_throttled(response, "mfa_setup_exhausted", 900)


def test_requests_are_throttled_per_ip(settings, user, device):
    settings.JWT_ALLAUTH_THROTTLE_RATES = {"mfa": "3/min"}
    for _ in range(3):
        assert post(RECOVERY_URL, {}).status_code == 400

    response = post(RECOVERY_URL, {})
    assert_coded(response, 429, "throttled")


def test_a_right_code_after_failures_still_works_within_budget(user_factory):
    bob = user_factory()
    device = enrol(bob)
    challenge = challenge_of(bob)
    fail(challenge, device, 4)

    assert verify(challenge, device.code()).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_tries_survive_atomic_requests(monkeypatch, user, device):
    """A wrong code's spent try is committed even when the project wraps requests."""
    from django.db import connections

    monkeypatch.setitem(connections.settings["default"], "ATOMIC_REQUESTS", True)
    monkeypatch.setitem(connections["default"].settings_dict, "ATOMIC_REQUESTS", True)
    challenge = challenge_of(user)
    fail(challenge, device, 5)

    assert_coded(verify(challenge, device.code()), 400, "mfa_challenge_exhausted")
