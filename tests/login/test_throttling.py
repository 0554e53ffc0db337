"""Login throttles: every attempt per IP, and failed attempts per account across IPs."""

from __future__ import annotations

import math
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.cache import cache
from django.utils import timezone
from rest_framework.test import APIClient

from jwt_allauth.internal.ratelimit import RateLimit
from jwt_allauth.sessions.models import UserSession
from jwt_allauth.throttling import account_identity, parse_rate, rate_limit
from tests import settings as settings_module
from tests.helpers import PASSWORD

pytestmark = pytest.mark.django_db

URL = "/auth/login/"
REFUSED = {
    "detail": "Unable to log in with the provided credentials.",
    "code": "incorrect_credentials",
}


def attempt(email: str, password: str, ip: str = "203.0.113.1"):
    return APIClient().post(
        URL, {"email": email, "password": password}, format="json", REMOTE_ADDR=ip
    )


def failures_of(email: str) -> RateLimit:
    return rate_limit("login_failures", account_identity(email))


def assert_throttled(response, max_wait: int) -> None:
    """429 ``throttled``; the wait is at most the window and one of its 60 counters."""
    assert response.status_code == 429
    assert set(response.data) == {"detail", "code"}
    assert response.data["code"] == "throttled"
    assert 0 < int(response["Retry-After"]) <= max_wait + math.ceil(max_wait / 60)


@pytest.fixture
def rates(settings):
    """``rates(login=..., login_failures=...)`` sets JWT_ALLAUTH_THROTTLE_RATES."""

    def set_rates(**scopes):
        settings.JWT_ALLAUTH_THROTTLE_RATES = scopes

    return set_rates


@pytest.fixture
def travel(time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    return time_machine


def test_login_rate_answers_429_with_retry_after_past_the_rate(user, rates):
    rates(login="3/min", login_failures=None)
    for _ in range(3):
        assert attempt(user.email, PASSWORD).status_code == 200

    response = attempt(user.email, PASSWORD)

    assert_throttled(response, max_wait=60)
    assert UserSession.objects.count() == 3


def test_forged_forwarded_for_does_not_dodge_the_ip_rate(user, rates):
    """Without NUM_PROXIES the header is the client's own words: not an address."""
    rates(login="2/min", login_failures=None)
    for n in range(2):
        forged = {"HTTP_X_FORWARDED_FOR": f"198.51.100.{n}"}
        assert APIClient().post(URL, {}, format="json", **forged).status_code == 400

    forged = {"HTTP_X_FORWARDED_FOR": "198.51.100.99"}
    assert_throttled(APIClient().post(URL, {}, format="json", **forged), max_wait=60)


def test_with_num_proxies_the_proxy_reported_address_is_throttled(user, rates, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    rates(login="1/min", login_failures=None)
    first = {"HTTP_X_FORWARDED_FOR": "198.51.100.1"}
    assert APIClient().post(URL, {}, format="json", **first).status_code == 400
    assert APIClient().post(URL, {}, format="json", **first).status_code == 429

    other = {"HTTP_X_FORWARDED_FOR": "198.51.100.2"}
    assert APIClient().post(URL, {}, format="json", **other).status_code == 400


def test_login_rate_counts_failures_and_bad_input_too(user, rates):
    rates(login="3/min", login_failures=None)
    assert attempt(user.email, "wrong").status_code == 401
    assert attempt("not-an-email", "x").status_code == 400
    assert attempt(user.email, PASSWORD).status_code == 200

    assert_throttled(attempt(user.email, PASSWORD), max_wait=60)


def test_login_rate_is_per_ip(user, rates):
    rates(login="2/min", login_failures=None)
    for _ in range(2):
        attempt(user.email, PASSWORD, ip="198.51.100.1")
    assert attempt(user.email, PASSWORD, ip="198.51.100.1").status_code == 429

    assert attempt(user.email, PASSWORD, ip="198.51.100.2").status_code == 200


def test_login_rate_window_passes(user, rates, travel):
    rates(login="2/min", login_failures=None)
    for _ in range(2):
        attempt(user.email, PASSWORD)
    assert attempt(user.email, PASSWORD).status_code == 429

    travel.shift(timedelta(seconds=61))

    assert attempt(user.email, PASSWORD).status_code == 200


def test_login_rate_default_is_thirty_a_minute(user, settings):
    assert not hasattr(settings, "JWT_ALLAUTH_THROTTLE_RATES")
    for n in range(30):
        assert attempt(f"nobody{n}@example.com", "x").status_code == 401

    assert attempt(user.email, PASSWORD).status_code == 429


def test_failures_for_one_account_are_counted_across_ips(user, rates):
    rates(login=None, login_failures="3/hour")
    for n in range(3):
        response = attempt(user.email, "wrong", ip=f"192.0.2.{n + 1}")
        assert response.status_code == 401
        assert response.data == REFUSED

    response = attempt(user.email, "wrong", ip="192.0.2.99")

    assert_throttled(response, max_wait=3600)


def test_failure_throttle_once_tripped_refuses_the_right_password_until_the_window_passes(
    user, rates, travel
):
    rates(login=None, login_failures="3/hour")
    for n in range(3):
        attempt(user.email, "wrong", ip=f"192.0.2.{n + 1}")

    blocked = attempt(user.email, PASSWORD, ip="192.0.2.50")
    assert_throttled(blocked, max_wait=3600)
    assert not UserSession.objects.exists()

    travel.shift(timedelta(minutes=59))
    assert attempt(user.email, PASSWORD, ip="192.0.2.50").status_code == 429

    travel.shift(timedelta(minutes=2, seconds=1))  # the window, and one counter of it
    assert attempt(user.email, PASSWORD, ip="192.0.2.50").status_code == 200


def test_refused_attempts_do_not_extend_the_lockout(user, rates, travel):
    rates(login=None, login_failures="2/hour")
    attempt(user.email, "wrong")
    attempt(user.email, "wrong")
    for _ in range(5):
        travel.shift(timedelta(minutes=10))
        assert attempt(user.email, "wrong").status_code == 429

    travel.shift(timedelta(minutes=11, seconds=1))

    assert attempt(user.email, PASSWORD).status_code == 200


def test_successes_are_not_counted(user, rates):
    rates(login=None, login_failures="2/hour")
    for _ in range(5):
        assert attempt(user.email, PASSWORD).status_code == 200

    assert failures_of(user.email).check()
    assert attempt(user.email, "wrong").status_code == 401
    assert attempt(user.email, PASSWORD).status_code == 200


def test_failures_count_per_account_not_per_address_spelling(user, rates):
    rates(login=None, login_failures="2/hour")
    attempt("ALICE@example.com", "wrong")
    attempt(" alice@EXAMPLE.com", "wrong")

    assert attempt(user.email, PASSWORD).status_code == 429


def test_failures_on_one_account_do_not_lock_another(user, user_factory, rates):
    bob = user_factory(email="bob@example.com")
    rates(login=None, login_failures="2/hour")
    attempt(user.email, "wrong")
    attempt(user.email, "wrong")
    assert attempt(user.email, PASSWORD).status_code == 429

    assert attempt(bob.email, PASSWORD).status_code == 200


def test_unknown_addresses_are_throttled_like_real_ones(rates):
    """The lockout must not reveal whether an account exists."""
    rates(login=None, login_failures="2/hour")
    attempt("ghost@example.com", "wrong")
    attempt("ghost@example.com", "wrong")

    assert attempt("ghost@example.com", "wrong").status_code == 429


def test_invalid_input_is_not_counted_as_a_failure(user, rates):
    rates(login=None, login_failures="1/hour")
    assert attempt(user.email, "").status_code == 400
    assert APIClient().post(URL, {"email": user.email}, format="json").status_code == 400

    assert attempt(user.email, PASSWORD).status_code == 200


def test_rates_set_to_none_disable_both_throttles(user, rates):
    rates(login=None, login_failures=None)
    for _ in range(40):
        assert attempt(user.email, "wrong").status_code == 401

    assert attempt(user.email, PASSWORD).status_code == 200
    rates(login="1/min", login_failures="1/hour")  # nothing was counted meanwhile
    assert failures_of(user.email).check()
    assert rate_limit("login", "ip:203.0.113.1").check()


def test_login_failures_default_is_ten_per_quarter_hour(user, settings, travel):
    assert not hasattr(settings, "JWT_ALLAUTH_THROTTLE_RATES")
    for n in range(10):
        assert attempt(user.email, "wrong", ip=f"192.0.2.{n + 1}").status_code == 401

    assert_throttled(attempt(user.email, PASSWORD, ip="192.0.2.200"), max_wait=900)
    travel.shift(timedelta(minutes=15, seconds=16))
    assert attempt(user.email, PASSWORD, ip="192.0.2.200").status_code == 200


@pytest.mark.parametrize(
    ("rate", "expected"),
    [("10/min", (10, 60)), ("5/15m", (5, 900)), ("3/2hour", (3, 7200)), ("1/d", (1, 86400))],
)
def test_rates_accept_a_multiple_of_the_unit(rate, expected):
    assert parse_rate(rate) == expected


@pytest.mark.parametrize("rate", ["10", "ten/min", "10/15", "10/15x", "/m", 10, None])
def test_malformed_rates_are_not_rates(rate):
    assert parse_rate(rate) is None


def test_setting_one_scope_keeps_the_default_of_the_other(user, rates):
    rates(login="100/min")
    for _ in range(10):
        attempt(user.email, "wrong")

    assert attempt(user.email, PASSWORD).status_code == 429


def test_counts_live_in_the_configured_cache(user, rates):
    """Stored in django's cache (Redis in the PostgreSQL run), so all workers share them."""
    rates(login="5/min", login_failures="5/hour")
    attempt(user.email, "wrong", ip="192.0.2.7")
    attempt(user.email, PASSWORD, ip="192.0.2.8")

    ip_rate = rate_limit("login", "ip:192.0.2.7")
    assert [ip_rate.record() is not None for _ in range(5)] == [True] * 4 + [False]
    assert [failures_of(user.email).record() is not None for _ in range(5)] == [True] * 4 + [False]


def test_clearing_the_cache_resets_the_counts(user, rates):
    rates(login="1/min", login_failures="1/hour")
    attempt(user.email, "wrong")
    assert attempt(user.email, PASSWORD).status_code == 429

    cache.clear()

    assert attempt(user.email, PASSWORD).status_code == 200


SHARED_CACHE = settings_module.CACHES["default"]["BACKEND"] != (
    "django.core.cache.backends.locmem.LocMemCache"
)
RECORD_FAILURES_ELSEWHERE = """
import django
django.setup()
from jwt_allauth.throttling import account_identity, rate_limit
for _ in range(10):
    rate_limit("login_failures", account_identity("alice@example.com")).record()
"""


@pytest.mark.skipif(not SHARED_CACHE, reason="needs a shared cache (JWT_ALLAUTH_TEST_CACHE=redis)")
def test_failures_counted_by_another_process_lock_this_one(user):
    """What one worker counts, every worker sees: the lockout is not per process."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings"}
    subprocess.run(
        [sys.executable, "-c", RECORD_FAILURES_ELSEWHERE],
        check=True,
        env=env,
        cwd=Path(__file__).resolve().parents[2],
        timeout=60,
    )

    assert_throttled(attempt(user.email, PASSWORD), max_wait=3600)
