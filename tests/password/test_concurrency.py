import time
from functools import partial

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from rest_framework.test import APIClient

from jwt_allauth.grants.models import OneTimeGrant
from jwt_allauth.sessions.models import UserSession
from tests.helpers import at_once, race
from tests.helpers.password import COOKIE, set_new

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs real concurrent connections (PostgreSQL)"
    ),
]


def test_one_reset_cookie_used_concurrently_wins_at_most_once(user, reset_client):
    raw = reset_client.cookies[COOKIE].value
    workers = 6

    def submit(index: int):
        client = APIClient()
        client.cookies[COOKIE] = raw
        return set_new(client, f"concurrent passphrase number {index}")

    responses = at_once([partial(submit, i) for i in range(workers)])

    results = {i: (r.status_code, r.data.get("code")) for i, r in enumerate(responses)}
    outcomes = sorted(results.values(), key=lambda r: r[0])
    assert outcomes == [(200, None)] + [(403, "grant_invalid")] * (workers - 1)
    winner = next(i for i, r in results.items() if r[0] == 200)
    assert (
        get_user_model()
        .objects.get(pk=user.pk)
        .check_password(f"concurrent passphrase number {winner}")
    )
    assert UserSession.objects.filter(user=user, revoked_at=None).count() == 1
    assert OneTimeGrant.objects.exclude(used_at=None).count() == 1


def test_thirty_concurrent_wrong_old_passwords_check_at_most_the_budget(
    user, settings, monkeypatch
):
    from django.contrib.auth import base_user

    from jwt_allauth.sessions.flows import open_session
    from tests.helpers.password import CHANGE_URL, NEW_PASSWORD

    settings.JWT_ALLAUTH_THROTTLE_RATES = {"login_failures": "5/15m", "password_change": None}
    checked: list[str] = []
    real = base_user.check_password

    def counted(password, encoded, setter=None, preferred="default"):
        checked.append(password)
        time.sleep(0.05)
        return real(password, encoded, setter, preferred)

    monkeypatch.setattr(base_user, "check_password", counted)
    bearer = f"Bearer {open_session(user).access}"

    def guess(n: int):
        body = {"old_password": f"guess {n}", "new_password1": NEW_PASSWORD}
        body["new_password2"] = NEW_PASSWORD
        client = APIClient()
        return client.post(CHANGE_URL, body, format="json", HTTP_AUTHORIZATION=bearer)

    statuses = race([partial(guess, n) for n in range(30)])

    # Never more than the budget; a slot may go unused at a counter boundary.
    assert 1 <= len(checked) <= 5
    assert statuses == [400] * len(checked) + [429] * (30 - len(checked))
