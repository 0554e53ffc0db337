"""Races on PostgreSQL with real concurrent connections: every code and challenge spends once."""

from __future__ import annotations

import time

import pytest
from django.db import connection

from jwt_allauth.mfa import codes
from jwt_allauth.sessions.models import UserSession
from tests.helpers import race
from tests.helpers.mfa import challenge_of, log_in, verify, verify_recovery

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs real concurrent connections (PostgreSQL)"
    ),
    pytest.mark.usefixtures("optional"),
]


@pytest.fixture(params=["cache", "dummy-cache"])
def cache_kind(request, settings):
    """With a dummy cache allauth's own replay guard is blind: the row lock must hold."""
    if request.param == "dummy-cache":
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    return request.param


def test_one_challenge_verified_at_once_yields_one_session(user, device):
    challenge = challenge_of(user)
    codes = device.recovery_codes[:4]

    statuses = race([lambda code=code: verify_recovery(challenge, code) for code in codes])

    assert statuses == [200, 400, 400, 400]
    assert UserSession.objects.filter(user=user).count() == 1


def test_one_challenge_and_one_code_sent_twice_at_once(user, device, cache_kind):
    challenge, code = challenge_of(user), device.code()

    statuses = race([lambda: verify(challenge, code) for _ in range(4)])

    assert statuses.count(200) == 1
    assert UserSession.objects.filter(user=user).count() == 1


def test_one_totp_code_on_two_challenges_at_once_is_accepted_once(user, device, cache_kind):
    challenges, code = [challenge_of(user) for _ in range(4)], device.code()

    statuses = race([lambda c=c: verify(c, code) for c in challenges])

    assert statuses == [200, 400, 400, 400]
    assert UserSession.objects.filter(user=user).count() == 1


def test_one_recovery_code_on_two_challenges_at_once_is_accepted_once(user, device):
    challenges, code = [challenge_of(user) for _ in range(4)], device.recovery_codes[0]

    statuses = race([lambda c=c: verify_recovery(c, code) for c in challenges])

    assert statuses == [200, 400, 400, 400]
    assert UserSession.objects.filter(user=user).count() == 1
    listing = user.authenticator_set.get(type="recovery_codes").wrap().get_unused_codes()
    assert code not in listing and len(listing) == 9


@pytest.fixture
def code_checks(monkeypatch):
    """Every TOTP check performed, each made slow so that the requests overlap."""
    checks: list[str] = []
    real = codes.accept_totp

    def counted(user, code):
        checks.append(code)
        time.sleep(0.05)
        return real(user, code)

    monkeypatch.setattr(codes, "accept_totp", counted)
    return checks


def test_a_hundred_wrong_codes_over_twenty_challenges_check_at_most_the_account_budget(
    user, device, code_checks
):
    challenges = [challenge_of(user) for _ in range(20)]
    wrong = device.other_code()
    calls = [lambda c=c: verify(c, wrong) for c in challenges for _ in range(5)]

    statuses = race(calls)

    checked = len(code_checks)
    # Never more than the budget; a slot may go unused at a counter boundary.
    assert 1 <= checked <= 10
    assert statuses == [400] * checked + [429] * (100 - checked)
    for _ in range(10 - checked):
        assert verify(challenge_of(user), wrong).status_code == 400
    # Spent: the right code of a challenge issued before is refused, and no new one is issued.
    assert verify(challenges[0], device.code()).status_code == 429
    assert log_in(user).status_code == 429
