"""Helpers shared by test modules (not fixtures: those live in conftest files)."""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.db import connections

PASSWORD = "correct horse battery staple"


def race(calls: list[Callable[[], object]]) -> list[int]:
    """Run the calls at the same instant, each on its own thread and connection."""
    barrier = threading.Barrier(len(calls))
    statuses: list[int] = []

    def run(call: Callable[[], object]) -> None:
        try:
            barrier.wait()
            statuses.append(call().status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(statuses)


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
