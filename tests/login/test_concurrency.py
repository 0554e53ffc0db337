"""Races on PostgreSQL + a shared cache: the per-account failure budget holds under load."""

from __future__ import annotations

import time

import pytest
from django.contrib.auth import base_user
from django.db import connection
from rest_framework.test import APIClient

from tests.helpers import race

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs real concurrent connections (PostgreSQL)"
    ),
]


@pytest.fixture
def password_checks(monkeypatch):
    """Every password check performed, each made slow so that the requests overlap."""
    checks: list[str] = []  # each backend checks again: count distinct passwords
    real = base_user.check_password

    def counted(password, encoded, setter=None, preferred="default"):
        checks.append(password)
        time.sleep(0.05)
        return real(password, encoded, setter, preferred)

    monkeypatch.setattr(base_user, "check_password", counted)
    return checks


def attempt(email: str, password: str, n: int):
    body = {"email": email, "password": password}
    return APIClient().post("/auth/login/", body, format="json", REMOTE_ADDR=f"192.0.2.{n}")


def test_sixty_concurrent_wrong_passwords_check_at_most_the_budget(user, settings, password_checks):
    settings.JWT_ALLAUTH_THROTTLE_RATES = {"login": None, "login_failures": "10/15m"}

    statuses = race([lambda n=n: attempt(user.email, f"guess {n}", n) for n in range(60)])

    checked = len(set(password_checks))
    # Never more than the budget. A request refused at a counter boundary while
    # refusals were still in flight can leave a slot unused: stricter, never looser.
    assert 1 <= checked <= 10
    assert statuses == [401] * checked + [429] * (60 - checked)
    # Every check was recorded: once any slot left is spent, the right password is refused.
    for n in range(10 - checked):
        assert attempt(user.email, f"late guess {n}", 100 + n).status_code == 401
    assert attempt(user.email, "correct horse battery staple", 200).status_code == 429
