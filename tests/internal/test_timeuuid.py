"""Version 7 UUIDs: RFC 9562 layout, and ordered by the time they carry."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone

import pytest
import time_machine

from jwt_allauth.internal.timeuuid import uuid7, uuid7_millis

WHEN = datetime(2026, 3, 1, 12, 30, 15, 123456, tzinfo=timezone.utc)


def test_layout_follows_rfc_9562():
    value = uuid7(WHEN, randbits=lambda bits: (1 << bits) - 1)

    assert value.version == 7
    assert value.variant == uuid.RFC_4122
    assert uuid7_millis(value) == 1772368215123
    assert str(value) == "019ca960-bc53-7fff-bfff-ffffffffffff"


def test_random_bits_fill_only_their_fields():
    value = uuid7(WHEN, randbits=lambda bits: 0)

    assert str(value) == "019ca960-bc53-7000-8000-000000000000"


def test_defaults_to_now():
    with time_machine.travel(WHEN, tick=False):
        value = uuid7()

    assert uuid7_millis(value) == 1772368215123
    assert value.version == 7


def test_ids_sort_by_creation_time_in_text_and_binary_form():
    times = [WHEN + timedelta(milliseconds=step) for step in (0, 1, 999, 86_400_000)]

    ids = [uuid7(at) for at in times]

    assert sorted(ids) == ids
    assert sorted(value.hex for value in ids) == [value.hex for value in ids]


def test_same_millisecond_ids_differ():
    assert len({uuid7(WHEN) for _ in range(1000)}) == 1000


def test_rejects_times_before_the_epoch():
    with pytest.raises(ValueError):
        uuid7(datetime(1969, 12, 31, tzinfo=timezone.utc))
