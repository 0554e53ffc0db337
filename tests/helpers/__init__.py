"""Helpers shared by test modules (not fixtures: those live in conftest files)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from django.db import connections

PASSWORD = "correct horse battery staple"
RACE_TIMEOUT = 60  # seconds, from the start of a race to the end of its last call

T = TypeVar("T")


def at_once(calls: Sequence[Callable[[], T]], timeout: float = RACE_TIMEOUT) -> list[T]:
    """Run the calls at the same instant, each on its own thread and DB connection.

    Returns their results in call order. A call's exception is raised again here
    (the first one raised), and a call still running after ``timeout`` fails the test.
    """
    start = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)
    errors: list[BaseException] = []

    def run(index: int) -> None:
        try:
            start.wait(timeout=timeout)
            results[index] = calls[index]()
        except BaseException as error:  # raised again in the test's thread below
            errors.append(error)
        finally:
            connections.close_all()  # this thread's own connections only

    threads = [threading.Thread(target=run, args=(i,), daemon=True) for i in range(len(calls))]
    deadline = time.monotonic() + timeout
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=max(0.0, deadline - time.monotonic()))
    hung = sum(thread.is_alive() for thread in threads)
    assert not hung, f"{hung} of {len(calls)} racing calls still running after {timeout}s"
    if errors:
        raise errors[0]
    return results


def race(calls: Sequence[Callable[[], Any]]) -> list[int]:
    """The sorted status codes of requests sent at the same instant (see :func:`at_once`)."""
    return sorted(response.status_code for response in at_once(calls))


def new_refresh(response, delivery: str) -> str:
    if delivery == "cookie":
        return response.cookies["refresh_token"].value
    return response.data["refresh"]


def assert_coded(response, status: int, code: str) -> None:
    """The answer is our coded error body, ``{"detail", "code"}``, with this status and code."""
    assert response.status_code == status, response.data
    assert set(response.data) == {"detail", "code"}, response.data
    assert response.data["code"] == code


def ids(messages) -> list[str]:
    """The ids of system-check messages, in order."""
    return [message.id for message in messages]
