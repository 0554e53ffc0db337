"""On PostgreSQL: one authorization code presented twice at once signs in at most once."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, connections
from rest_framework.test import APIClient

from jwt_allauth.sessions.models import UserSession
from tests.helpers.social import CALLBACK, PROVIDER, VERIFIER

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


class SlowReads:
    """The cache, with a pause after each read: every racer reads the record before any spends."""

    def __init__(self, cache):
        self.cache = cache

    def get(self, *args, **kwargs):
        value = self.cache.get(*args, **kwargs)
        time.sleep(0.3)
        return value

    def __getattr__(self, name):
        return getattr(self.cache, name)


def test_one_state_presented_at_once_is_spent_at_most_once(idp, monkeypatch):
    from django.core.cache import cache

    from jwt_allauth.social import state

    monkeypatch.setattr(state, "cache", SlowReads(cache))
    flow = APIClient().post(f"/auth/social/{PROVIDER}/start/", {}, format="json").data
    barrier = threading.Barrier(6)
    statuses: list[int] = []
    codes = [idp.issue_code(jti=None, nonce=flow["nonce"]) for _ in range(6)]

    def present(code: str) -> None:
        try:
            body = {"code": code, "callback_url": CALLBACK, "code_verifier": VERIFIER}
            body.update(state=flow["state"], state_secret=flow["state_secret"])
            barrier.wait()
            response = APIClient().post(f"/auth/social/{PROVIDER}/code/", body, format="json")
            statuses.append(response.status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=present, args=(code,)) for code in codes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200] + [400] * 5
    assert UserSession.objects.count() == 1
