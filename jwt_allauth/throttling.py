"""Login throttles, counted in the configured cache so all workers share them."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

from rest_framework.throttling import SimpleRateThrottle

from jwt_allauth import constants
from jwt_allauth.app_settings import app_settings


class JWTAllauthRateThrottle(SimpleRateThrottle):
    """A SimpleRateThrottle whose rate comes from ``JWT_ALLAUTH_THROTTLE_RATES``."""

    def get_rate(self) -> str | None:
        return app_settings.THROTTLE_RATES.get(self.scope)


class LoginRateThrottle(JWTAllauthRateThrottle):
    """Every login attempt, per client IP."""

    scope = constants.LOGIN_THROTTLE_SCOPE

    def get_cache_key(self, request: Any, view: Any) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class LoginFailureThrottle(JWTAllauthRateThrottle):
    """Failed logins per account, whatever the IP: slows a distributed guesser.

    Only failures count, so a user who signs in on many devices is never locked
    out; ``record_failure`` is called by the login flow.
    """

    scope = constants.LOGIN_FAILURE_THROTTLE_SCOPE

    def get_cache_key(self, request: Any, view: Any = None) -> str | None:
        data = request.data
        email = data.get("email") if isinstance(data, Mapping) else None
        if not isinstance(email, str) or not email.strip():
            return None
        digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()
        return self.cache_format % {"scope": self.scope, "ident": digest}

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
        self.now = self.timer()
        self.history = self._recent_history()
        self.history.insert(0, self.now)
        self.cache.set(self.key, self.history, self.duration)

    def _recent_history(self) -> list[float]:
        self.now = self.timer()
        return [stamp for stamp in self.cache.get(self.key, []) if stamp > self.now - self.duration]
