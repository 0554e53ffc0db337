"""A budget of events per (scope, identity) over a sliding window, in the configured cache.

The window is kept as counters of ``duration / 60`` seconds each, keyed by
their place on the clock. Taking a slot increments the current counter first
(``incr`` is atomic on Redis, Memcached and the local-memory cache) and decides
on the value that increment returned, so of N requests arriving at once no more
than the budget ever pass. An event counts from its counter's start to one
counter past the window: a budget holds over any ``duration``, and a lockout
lasts at most ``duration / 60`` longer than the window.
"""

from __future__ import annotations

import hashlib
import math
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.cache import cache

COUNTERS_PER_WINDOW = 60
KEY_PREFIX = "jwt_allauth:rl"


@dataclass(frozen=True)
class Rate:
    """``amount`` events per ``duration`` seconds."""

    amount: int
    duration: int

    @property
    def step(self) -> int:
        """Seconds per counter."""
        return max(1, math.ceil(self.duration / COUNTERS_PER_WINDOW))

    @property
    def steps(self) -> int:
        """Counters behind the current one that an event may still count in."""
        return math.ceil(self.duration / self.step)


@dataclass(frozen=True)
class Slot:
    """One event taken from a budget; ``release()`` gives it back."""

    key: str

    def release(self) -> None:
        if not self.key:
            return
        try:
            cache.decr(self.key)
        except ValueError:  # the counter has expired: nothing left to give back
            pass


@dataclass(frozen=True)
class RateLimit:
    """The budget of ``identity`` in ``scope``; no rate means no limit."""

    scope: str
    identity: str
    rate: Rate | None

    def record(self) -> Slot | None:
        """Take one slot, atomically; None (and nothing taken) when the budget is spent."""
        if self.rate is None:
            return Slot(key="")
        step = self._step_now()
        key = self._key(step)
        mine = self._increment(key)
        if mine is None:  # a cache that keeps nothing (DummyCache) cannot count
            return Slot(key="")
        others = self._counts(step, exclude_current=True)
        if mine + sum(others.values()) > self.rate.amount:
            Slot(key=key).release()
            return None
        return Slot(key=key)

    def check(self) -> bool:
        """Whether a slot is free now, without taking it."""
        return self.rate is None or sum(self._counts(self._step_now()).values()) < self.rate.amount

    def retry_after(self) -> int:
        """Seconds until a slot frees; 0 while one is free."""
        if self.rate is None:
            return 0
        now = self._now()
        counts = self._counts(self._step_now())
        excess = sum(counts.values()) - self.rate.amount
        for step in sorted(counts):
            if excess < 0:
                break
            excess -= counts[step]
            if excess < 0:
                leaves_at = (step + self.rate.steps + 1) * self.rate.step
                return max(1, math.ceil(leaves_at - now))
        return 0

    def _increment(self, key: str) -> int | None:
        assert self.rate is not None
        for _ in range(2):
            cache.add(key, 0, timeout=(self.rate.steps + 2) * self.rate.step)
            try:
                return cache.incr(key)
            except ValueError:  # gone between add and incr
                continue
        return None

    def _counts(self, current: int, exclude_current: bool = False) -> dict[int, int]:
        keys = self._keys(current)
        if exclude_current:
            keys.pop(current)
        found = cache.get_many(list(keys.values()))
        return {step: found.get(key, 0) for step, key in keys.items()}

    def _keys(self, current: int) -> dict[int, str]:
        # One counter ahead too: a worker whose clock runs ahead counts there.
        assert self.rate is not None
        first = current - self.rate.steps
        return {step: self._key(step) for step in range(first, current + 2)}

    def _key(self, step: int) -> str:
        assert self.rate is not None
        digest = hashlib.sha256(self.identity.encode("utf-8", "surrogatepass")).hexdigest()
        return f"{KEY_PREFIX}:{self.scope}:{self.rate.step}:{digest}:{step}"

    def _step_now(self) -> int:
        assert self.rate is not None
        return int(self._now() // self.rate.step)

    @staticmethod
    def _now() -> float:
        return time.time()


@contextmanager
def attempt(
    limit: RateLimit,
    refused: Callable[[int], BaseException],
    failures: tuple[type[BaseException], ...],
) -> Iterator[None]:
    """Take a slot before a check; keep it when the check raises one of ``failures``.

    The slot is taken before the (slow) check runs, so concurrent guesses never
    outnumber the budget; any other outcome gives it back, so only failed
    checks count. Raises ``refused(retry_after)`` when no slot is free.
    """
    slot = limit.record()
    if slot is None:
        raise refused(max(1, limit.retry_after()))
    try:
        yield
    except failures:
        raise
    except BaseException:
        slot.release()
        raise
    slot.release()
