"""MFA throttles: requests per client IP, and wrong codes per account across clients."""

from __future__ import annotations

from typing import Any

from jwt_allauth import constants, exceptions
from jwt_allauth.throttling import ClientRateThrottle, FailureWindow, JWTAllauthRateThrottle


class MFARateThrottle(ClientRateThrottle):
    """Every MFA request, per client IP: unknown challenge ids cost a lookup too."""

    scope = constants.MFA_THROTTLE_SCOPE


class MFAFailureThrottle(FailureWindow, JWTAllauthRateThrottle):
    """Wrong codes (and wrong passwords at deactivation) per account, over a sliding window.

    Once the account is over its budget even a right code is refused, or the
    budget would not bound an attacker's guesses.
    """

    scope = constants.MFA_FAILURE_THROTTLE_SCOPE

    def __init__(self, user_id: Any) -> None:
        super().__init__()
        self.key = self.cache_format % {"scope": self.scope, "ident": str(user_id)}

    def check(self) -> None:
        """Raise ``MFAThrottled`` (with the wait) while the account is over its budget."""
        if self.rate is None:
            return
        self.history = self._recent_history()
        if len(self.history) >= self.num_requests:
            raise exceptions.MFAThrottled(wait=self.seconds_left())

    def seconds_left(self) -> float:
        """Until the oldest failure in the window leaves it; 0 while under the budget."""
        if self.rate is None or len(self.history) < self.num_requests:
            return 0
        return self.history[self.num_requests - 1] + self.duration - self.now

    def record_failure(self) -> None:
        if self.rate is None:
            return
        self._append_failure()
