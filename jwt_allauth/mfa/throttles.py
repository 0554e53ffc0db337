"""MFA throttles: requests per client IP, and wrong codes per account across clients."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from jwt_allauth import exceptions
from jwt_allauth.constants import ThrottleScope
from jwt_allauth.internal.ratelimit import RateLimit, attempt
from jwt_allauth.internal.types import UserPk
from jwt_allauth.throttling import ClientRateThrottle, rate_limit


class MFARateThrottle(ClientRateThrottle):
    """Every MFA request, per client IP: unknown challenge ids cost a lookup too."""

    scope = ThrottleScope.MFA


def code_budget(user_id: UserPk) -> RateLimit:
    """Wrong codes of one account, over a sliding window, whatever the challenge."""
    return rate_limit(ThrottleScope.MFA_FAILURES, f"user:{user_id}")


@contextmanager
def code_attempt(budget: RateLimit) -> Iterator[None]:
    """Run a code check within the account's budget; only a wrong code keeps its slot.

    Once the account is over its budget even a right code is refused, or the
    budget would not bound an attacker's guesses.
    """
    with attempt(budget, lambda wait: exceptions.MFAThrottled(wait), (exceptions.MFACodeInvalid,)):
        yield


def require_code_budget(user_id: UserPk) -> None:
    """``MFAThrottled`` while the account is over its wrong-code budget.

    Checked before a login challenge is issued, as 1.x's gate did: a challenge
    whose every code would be refused is no answer to give.
    """
    budget = code_budget(user_id)
    if not budget.check():
        raise exceptions.MFAThrottled(budget.retry_after())
