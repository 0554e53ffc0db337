"""Helpers shared by test modules (not fixtures: those live in conftest files)."""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.db import connections


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
