"""Two browsers presenting one set-password cookie at once: at most one wins (PostgreSQL)."""

from __future__ import annotations

import threading

import pytest
from django.core import mail
from django.db import connection, connections
from rest_framework.test import APIClient

from jwt_allauth.sessions.models import UserSession
from tests.registration.conftest import COOKIE, bearer, invite, link_in, set_password, users_with

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs real concurrent connections (PostgreSQL)"
    ),
]
WORKERS = 6


def test_one_cookie_sets_the_password_at_most_once(user_factory, admin_managed, settings):
    settings.JWT_ALLAUTH_THROTTLE_RATES = {"set_password": None}
    staff = user_factory(email="staff@example.com", is_staff=True, role=1000)
    assert invite(bearer(staff), "racer@example.com").status_code == 201
    follower = APIClient()
    follower.get(link_in(mail.outbox[-1].body))
    raw = follower.cookies[COOKIE].value
    barrier = threading.Barrier(WORKERS)
    outcomes: list[tuple[int, str | None]] = []

    def attempt(index: int) -> None:
        client = APIClient()
        client.cookies[COOKIE] = raw
        try:
            barrier.wait()
            response = set_password(client, f"racing passphrase number {index}")
            outcomes.append((response.status_code, response.data.get("code")))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(index,)) for index in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes, key=str) == [(200, None)] + [(403, "grant_invalid")] * (WORKERS - 1)
    [invitee] = users_with("racer@example.com")
    assert UserSession.objects.filter(user=invitee).count() == 1
    winners = [i for i in range(WORKERS) if invitee.check_password(f"racing passphrase number {i}")]
    assert len(winners) == 1
