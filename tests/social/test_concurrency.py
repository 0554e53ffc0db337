"""On PostgreSQL: one authorization code presented twice at once signs in at most once."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections
from rest_framework.test import APIClient

from jwt_allauth.sessions.models import UserSession
from tests.social.conftest import CALLBACK, PROVIDER, VERIFIER

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs real concurrent connections (PostgreSQL)"
    ),
]


def race(workers: int, body: dict, url: str) -> list[int]:
    barrier = threading.Barrier(workers)
    statuses: list[int] = []

    def present() -> None:
        try:
            barrier.wait()
            statuses.append(APIClient().post(url, body, format="json").status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=present) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(statuses)


def test_one_code_presented_at_once_signs_in_at_most_once(idp):
    body = {"code": idp.issue_code(jti=None), "callback_url": CALLBACK, "code_verifier": VERIFIER}
    statuses = race(6, body, f"/auth/social/{PROVIDER}/code/")
    assert statuses == [200] + [401] * 5
    assert UserSession.objects.count() == 1


def test_one_id_token_presented_at_once_signs_in_at_most_once(idp):
    statuses = race(6, {"id_token": idp.id_token(jti=None)}, f"/auth/social/{PROVIDER}/token/")
    assert statuses == [200] + [401] * 5
    assert UserSession.objects.count() == 1
