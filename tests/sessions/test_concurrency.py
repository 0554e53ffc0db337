"""Real concurrent refreshes and logouts on PostgreSQL: never two usable refresh tokens."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection
from rest_framework.test import APIClient

from jwt_allauth import exceptions
from jwt_allauth.sessions import flows
from jwt_allauth.sessions.models import RevokeReason
from tests.helpers import at_once, new_refresh
from tests.helpers.sessions import LOGOUT_URL, REFRESH_URL, claims, error, session_of

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="races need real concurrent connections: run with JWT_ALLAUTH_TEST_DB=postgres",
    ),
]

WORKERS = 16
TIMEOUT = 20


def post_refresh(raw: str, delivery: str):
    client = APIClient()
    if delivery == "cookie":
        client.cookies["refresh_token"] = raw
        return client.post(REFRESH_URL, format="json")
    return client.post(REFRESH_URL, {"refresh": raw}, format="json")


def post_logout(session, delivery: str):
    """logout/ as a client sends it: the access token, and the refresh token beside it."""
    client = APIClient()
    extra = {"HTTP_AUTHORIZATION": f"Bearer {session.access}"}
    if delivery == "cookie":
        client.cookies["refresh_token"] = session.refresh
        return client.post(LOGOUT_URL, format="json", **extra)
    return client.post(LOGOUT_URL, {"refresh": session.refresh}, format="json", **extra)


@pytest.fixture
def overlap(monkeypatch):
    """Counts rotations in flight at once, to prove the threads really overlapped."""
    lock = threading.Lock()
    state = {"now": 0, "max": 0}
    rotate = flows.rotate_session

    def counted(*args: Any, **kwargs: Any) -> Any:
        with lock:
            state["now"] += 1
            state["max"] = max(state["max"], state["now"])
        try:
            return rotate(*args, **kwargs)
        finally:
            with lock:
                state["now"] -= 1

    monkeypatch.setattr(flows, "rotate_session", counted)
    return state


def issued_tokens(responses: list, delivery: str) -> list[str]:
    return [new_refresh(r, delivery) for r in responses if r.status_code == 200]


def assert_at_most_one_usable(tokens: list[str], delivery: str) -> None:
    successes = [raw for raw in tokens if post_refresh(raw, delivery).status_code == 200]
    assert len(successes) <= 1


def test_one_refresh_token_presented_sixteen_times_at_once(user, login, delivery, overlap):
    session = login(user)

    responses = at_once([lambda: post_refresh(session.refresh, delivery)] * WORKERS)

    assert overlap["max"] >= 2, "the requests did not overlap: no race was tested"
    statuses = sorted(r.status_code for r in responses)
    assert statuses.count(200) <= 1
    assert set(statuses) <= {200, 401}
    for response in responses:
        if response.status_code == 401:
            assert response.data in (
                error(exceptions.TokenReused),
                error(exceptions.SessionEnded),
            )
    row = session_of(session.refresh)
    winners = issued_tokens(responses, delivery)
    if row.revoked_at is None:
        assert len(winners) == 1
        assert row.current_jti == claims(winners[0])["jti"]
    else:
        assert row.revoke_reason == RevokeReason.REPLAY
    assert_at_most_one_usable([session.refresh, *winners], delivery)


def test_compare_and_swap_lets_exactly_one_of_simultaneous_rotations_win(
    user, login, delivery, monkeypatch
):
    """Worst case forced: every thread has read the session before any writes it."""
    session = login(user)
    all_read = threading.Barrier(WORKERS)
    mint = flows.new_token_id

    def mint_after_everyone_read() -> str:
        all_read.wait(timeout=TIMEOUT)
        return mint()

    monkeypatch.setattr(flows, "new_token_id", mint_after_everyone_read)

    responses = at_once([lambda: post_refresh(session.refresh, delivery)] * WORKERS)

    statuses = sorted(r.status_code for r in responses)
    assert statuses == [200] + [401] * (WORKERS - 1)
    assert all(r.data == error(exceptions.TokenReused) for r in responses if r.status_code == 401)
    monkeypatch.setattr(flows, "new_token_id", mint)
    # The losers saw a second presentation of the token: the session is ended.
    assert session_of(session.refresh).revoke_reason == RevokeReason.REPLAY
    assert_at_most_one_usable([session.refresh, *issued_tokens(responses, delivery)], delivery)
    for raw in issued_tokens(responses, delivery):
        assert post_refresh(raw, delivery).data == error(exceptions.SessionEnded)


def test_logout_racing_rotation_leaves_nothing_usable(user, login, delivery, overlap):
    for _ in range(4):
        session = login(user)
        jobs = [lambda: post_logout(session, delivery)] * (WORKERS // 2)
        jobs += [lambda: post_refresh(session.refresh, delivery)] * (WORKERS // 2)

        responses = at_once(jobs)

        logouts, refreshes = responses[: WORKERS // 2], responses[WORKERS // 2 :]
        assert all(r.status_code == 200 for r in logouts)
        assert sum(r.status_code == 200 for r in refreshes) <= 1
        row = session_of(session.refresh)
        assert row.revoked_at is not None
        assert not row.is_alive()
        for raw in [session.refresh, *issued_tokens(refreshes, delivery)]:
            assert post_refresh(raw, delivery).status_code == 401
    assert overlap["max"] >= 2, "the requests did not overlap: no race was tested"
