"""Throttles counted in the configured cache, so every worker process shares them.

Rates come from ``JWT_ALLAUTH_THROTTLE_RATES`` and are written as DRF writes
them (``"30/min"``), optionally with a multiple of the unit (``"10/15m"``).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from typing import Any

from rest_framework.throttling import SimpleRateThrottle

from jwt_allauth import constants
from jwt_allauth.app_settings import app_settings
from jwt_allauth.internal.clientinfo import client_ip

RATE_PATTERN = re.compile(r"^(\d+)/(\d*)([smhd])[a-z]*$")
UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: Any) -> tuple[int, int] | None:
    """``"10/15m"`` -> (10, 900); None when ``rate`` is not a rate."""
    match = RATE_PATTERN.match(rate) if isinstance(rate, str) else None
    if match is None:
        return None
    count, multiple, unit = match.groups()
    return int(count), int(multiple or 1) * UNIT_SECONDS[unit]


class JWTAllauthRateThrottle(SimpleRateThrottle):
    """A SimpleRateThrottle with our rates and our reading of the client address."""

    def get_rate(self) -> str | None:
        return app_settings.THROTTLE_RATES.get(self.scope)

    def parse_rate(self, rate: Any) -> tuple[int | None, int | None]:
        return parse_rate(rate) or (None, None)

    def get_ident(self, request: Any) -> str:
        return client_ip(request) or "unknown"


class ClientRateThrottle(JWTAllauthRateThrottle):
    """Requests per client IP; subclasses set ``scope``."""

    def get_cache_key(self, request: Any, view: Any) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class EmailRateThrottle(JWTAllauthRateThrottle):
    """Requests per e-mail address named in the body, whatever the client IP.

    Unknown addresses count like real ones, so a 429 reveals nothing.
    """

    def get_cache_key(self, request: Any, view: Any = None) -> str | None:
        data = request.data
        email = data.get("email") if isinstance(data, Mapping) else None
        if not isinstance(email, str) or not email.strip():
            return None
        digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()
        return self.cache_format % {"scope": self.scope, "ident": digest}


class LoginRateThrottle(ClientRateThrottle):
    """Every login attempt, per client IP."""

    scope = constants.LOGIN_THROTTLE_SCOPE


class FailureWindow:
    """A sliding window of failure times under ``self.key`` in the throttle's cache.

    Mixed into a SimpleRateThrottle: only failures are recorded, never the
    requests that are merely checked.
    """

    def _recent_history(self) -> list[float]:
        self.now = self.timer()
        return [stamp for stamp in self.cache.get(self.key, []) if stamp > self.now - self.duration]

    def _append_failure(self) -> None:
        self.history = self._recent_history()
        self.history.insert(0, self.now)
        self.cache.set(self.key, self.history, self.duration)


class LoginFailureThrottle(FailureWindow, EmailRateThrottle):
    """Failed logins per account, whatever the IP: slows a distributed guesser.

    Only failures count, so a user who signs in on many devices is never
    locked out by its own successes; ``record_failure`` is called by the login
    flow. Someone who knows an address can keep its password login throttled
    by failing on purpose; the default window (15 minutes) bounds each lockout.
    """

    scope = constants.LOGIN_FAILURE_THROTTLE_SCOPE

    def allow_request(self, request: Any, view: Any) -> bool:
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        self.history = self._recent_history()
        return len(self.history) < self.num_requests or self.throttle_failure()

    def record_failure(self, request: Any) -> None:
        if self.rate is None:
            return
        self.key = self.get_cache_key(request)
        if self.key is None:
            return
        self._append_failure()
