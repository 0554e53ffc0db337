"""Helpers for attacking sessions: expected error bodies, token payloads, DB snapshots."""

from __future__ import annotations

import pytest
import time_machine

from tests.helpers.sessions import (
    T0,
)


@pytest.fixture
def frozen():
    """Time stopped at T0; move it with ``frozen.move_to(...)`` or ``frozen.shift(...)``."""
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller
