"""The primitive every concurrency test stands on: ``tests.helpers.at_once``."""

from __future__ import annotations

import threading
from functools import partial

import pytest
from django.db import connection, connections

from tests.helpers import at_once, race


def test_results_come_back_in_call_order_from_calls_running_together():
    together = threading.Barrier(5)  # passes only if all five calls run at once

    def call(n: int) -> int:
        together.wait(timeout=5)
        return n * n

    assert at_once([partial(call, n) for n in range(5)]) == [0, 1, 4, 9, 16]


def test_no_call_starts_before_every_racing_thread_is_running():
    racers = 20
    before = threading.active_count()
    checked = threading.Barrier(racers)  # no racer ends before all have looked

    def look() -> int:
        seen = threading.active_count()
        checked.wait(timeout=5)
        return seen

    assert min(at_once([look] * racers)) >= before + racers


def test_race_sorts_the_status_codes():
    class Response:
        def __init__(self, status_code: int) -> None:
            self.status_code = status_code

    calls = [partial(Response, status) for status in (429, 200, 401, 200)]

    assert race(calls) == [200, 200, 401, 429]


def test_an_exception_in_a_call_fails_the_test():
    def fail() -> None:
        raise LookupError("in a racing thread")

    with pytest.raises(LookupError, match="in a racing thread"):
        at_once([lambda: None, fail, lambda: None])


def test_a_hung_call_fails_the_test():
    release = threading.Event()
    try:
        with pytest.raises(AssertionError, match="1 of 2 racing calls still running"):
            at_once([lambda: None, partial(release.wait, 10)], timeout=0.3)
    finally:
        release.set()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")
def test_each_call_has_its_own_connection_closed_at_the_end():
    def connect():
        wrapper = connections["default"]  # this thread's, not the test's
        wrapper.ensure_connection()
        return wrapper, wrapper.connection.info.backend_pid

    used = at_once([connect] * 3)

    assert len({pid for _, pid in used}) == 3
    assert all(wrapper.connection is None for wrapper, _ in used)
    assert all(wrapper is not connections["default"] for wrapper, _ in used)
