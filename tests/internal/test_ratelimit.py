"""The rate-limit primitive: atomic slots over a sliding window of cache counters."""

from __future__ import annotations

import pytest

from jwt_allauth.exceptions import InvalidCredentials
from jwt_allauth.internal.ratelimit import Rate, RateLimit, attempt
from tests.helpers import at_once

T0 = 1_900_000_020.0  # the start of a counter of every window below


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(T0, tick=False)
    return time_machine


def limit(amount: int = 3, duration: int = 600, identity: str = "alice") -> RateLimit:
    return RateLimit("test", identity, Rate(amount, duration))


def test_a_window_is_sixty_counters():
    assert (Rate(10, 900).step, Rate(10, 900).steps) == (15, 60)
    assert (Rate(30, 60).step, Rate(30, 60).steps) == (1, 60)
    assert (Rate(5, 10).step, Rate(5, 10).steps) == (1, 10)
    assert (Rate(5, 3601).step, Rate(5, 3601).steps) == (61, 60)


def test_record_takes_slots_up_to_the_budget_then_refuses(clock):
    budget = limit()

    assert [budget.record() is not None for _ in range(4)] == [True, True, True, False]
    assert not budget.check()
    assert limit(identity="bob").check()


def test_a_refused_record_takes_nothing(clock):
    budget = limit(amount=1)
    slot = budget.record()
    for _ in range(5):
        assert budget.record() is None

    slot.release()

    assert budget.record() is not None


def test_retry_after_is_when_the_oldest_counted_event_leaves(clock):
    budget = limit(amount=2, duration=600)  # counters of 10 seconds
    budget.record()
    clock.shift(125)
    budget.record()

    assert budget.retry_after() == 600 + 10 - 125
    clock.shift(600 + 10 - 125 - 1)
    assert budget.record() is None
    clock.shift(1)
    assert budget.retry_after() == 0
    assert budget.record() is not None


def test_retry_after_is_zero_while_a_slot_is_free(clock):
    budget = limit()
    budget.record()

    assert budget.retry_after() == 0


def test_the_window_slides(clock):
    budget = limit(amount=2, duration=600)
    budget.record()
    clock.shift(300)
    budget.record()
    clock.shift(310)

    assert budget.record() is not None
    assert budget.record() is None


def test_no_rate_no_limit(clock):
    unlimited = RateLimit("test", "alice", None)

    assert all(unlimited.record() is not None for _ in range(100))
    assert unlimited.check()
    assert unlimited.retry_after() == 0


def test_a_cache_that_keeps_nothing_cannot_count(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    budget = limit(amount=1)

    assert budget.record() is not None
    assert budget.record() is not None


def test_attempt_keeps_the_slot_of_a_failed_check_and_gives_back_the_rest(clock):
    budget = limit(amount=2)

    with pytest.raises(InvalidCredentials):
        with attempt(budget, Exception, (InvalidCredentials,)):
            raise InvalidCredentials()
    with attempt(budget, Exception, (InvalidCredentials,)):
        pass  # a right answer
    with pytest.raises(KeyError):
        with attempt(budget, Exception, (InvalidCredentials,)):
            raise KeyError("not a failed check")

    assert budget.record() is not None
    assert budget.record() is None


def test_attempt_refuses_without_running_the_check(clock):
    budget = limit(amount=1)
    budget.record()
    ran = []

    with pytest.raises(LookupError) as refused:
        with attempt(budget, lambda wait: LookupError(wait), (InvalidCredentials,)):
            ran.append(True)

    assert ran == []
    assert refused.value.args == (600 + 10,)


def test_concurrent_records_never_pass_more_than_the_budget():
    """Threads hammering one identity: exactly the budget passes, on any atomic cache."""
    budget = limit(amount=7, duration=3600, identity="hammered")

    taken = at_once([lambda: budget.record() is not None] * 40)

    assert taken.count(True) == 7
