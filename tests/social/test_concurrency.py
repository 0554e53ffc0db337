"""On PostgreSQL: one authorization code presented twice at once signs in at most once."""

from __future__ import annotations

import time
from functools import partial

import pytest
from django.db import connection
from rest_framework.test import APIClient

from jwt_allauth.sessions.models import UserSession
from tests.helpers import race
from tests.helpers.social import CALLBACK, PROVIDER, VERIFIER

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs real concurrent connections (PostgreSQL)"
    ),
]


def present(url: str, body: dict):
    return APIClient().post(url, body, format="json")


def test_one_code_presented_at_once_signs_in_at_most_once(idp):
    body = {"code": idp.issue_code(jti=None), "callback_url": CALLBACK, "code_verifier": VERIFIER}
    statuses = race([partial(present, f"/auth/social/{PROVIDER}/code/", body)] * 6)
    assert statuses == [200] + [401] * 5
    assert UserSession.objects.count() == 1


def test_one_id_token_presented_at_once_signs_in_at_most_once(idp):
    body = {"id_token": idp.id_token(jti=None)}
    statuses = race([partial(present, f"/auth/social/{PROVIDER}/token/", body)] * 6)
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
    codes = [idp.issue_code(jti=None, nonce=flow["nonce"]) for _ in range(6)]
    bodies = [{"code": code, "callback_url": CALLBACK, "code_verifier": VERIFIER} for code in codes]
    for body in bodies:
        body.update(state=flow["state"], state_secret=flow["state_secret"])

    statuses = race([partial(present, f"/auth/social/{PROVIDER}/code/", body) for body in bodies])

    assert statuses == [200] + [400] * 5
    assert UserSession.objects.count() == 1
