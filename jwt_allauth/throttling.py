"""Throttles and failure budgets: thin adapters over ``internal.ratelimit``.

Rates come from ``JWT_ALLAUTH_THROTTLE_RATES`` and are written as DRF writes
them (``"30/min"``), optionally with a multiple of the unit (``"10/15m"``).
Counters live in the configured cache, so every worker process shares them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager

from allauth.account.utils import user_email
from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest
from django.utils.crypto import salted_hmac
from rest_framework.exceptions import Throttled
from rest_framework.request import Request
from rest_framework.throttling import BaseThrottle
from rest_framework.views import APIView

from jwt_allauth import exceptions
from jwt_allauth.app_settings import app_settings
from jwt_allauth.constants import ThrottleScope
from jwt_allauth.internal.clientinfo import client_ip
from jwt_allauth.internal.devices import device_of
from jwt_allauth.internal.emails import canonical_or_none
from jwt_allauth.internal.ratelimit import Rate, RateLimit, attempt

RATE_PATTERN = re.compile(r"^(\d+)/(\d*)([smhd])[a-z]*$")
UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
ACCOUNT_SALT = "jwt_allauth.throttling.account"


def parse_rate(rate: object) -> tuple[int, int] | None:
    """``"10/15m"`` -> (10, 900); None when ``rate`` is not a rate."""
    match = RATE_PATTERN.match(rate) if isinstance(rate, str) else None
    if match is None:
        return None
    count, multiple, unit = match.groups()
    return int(count), int(multiple or 1) * UNIT_SECONDS[unit]


def rate_limit(scope: str, identity: str) -> RateLimit:
    """The budget of ``identity`` in ``scope`` at the configured rate (None: unlimited)."""
    parsed = parse_rate(app_settings.THROTTLE_RATES.get(scope))
    return RateLimit(scope, identity, Rate(*parsed) if parsed else None)


def account_identity(email: str) -> str:
    """Who a budget per e-mail address belongs to: one value for every spelling of it.

    Keyed, so neither the cache nor a device cookie holds a guessable hash of the
    address; a lone surrogate (not encodable as UTF-8) still gets a budget.
    """
    ident = canonical_or_none(email) or email.strip().lower()
    normalized = ident.encode("utf-8", "surrogatepass")
    return salted_hmac(ACCOUNT_SALT, normalized).hexdigest()


def password_budget(request: HttpRequest, email: str) -> RateLimit:
    """The failure budget of a password check for ``email`` made by this request.

    A request from a device that signed in to this account before (its device
    cookie) has a budget of its own; every other request shares the account's.
    """
    account = account_identity(email)
    device = device_of(request, account)
    if device is not None:
        return rate_limit(ThrottleScope.LOGIN_DEVICE_FAILURES, device)
    return rate_limit(ThrottleScope.LOGIN_FAILURES, account)


@contextmanager
def password_attempt(
    request: HttpRequest, email: str, failure: type[BaseException] = exceptions.InvalidCredentials
) -> Iterator[None]:
    """Run a password check for ``email`` within its failure budget.

    A slot is taken before the check and kept when ``failure`` is raised; 429
    ``throttled`` (with ``Retry-After``), without checking, once the budget is spent.
    """
    with attempt(password_budget(request, email), lambda wait: Throttled(wait), (failure,)):
        yield


def user_password_attempt(
    request: HttpRequest, user: AbstractBaseUser, failure: type[BaseException]
) -> AbstractContextManager[None]:
    """``password_attempt`` for a known user, counted in the budget of their address."""
    return password_attempt(request, login_email(user), failure)


def login_email(user: AbstractBaseUser) -> str:
    """The address whose budget a known user's password checks count in."""
    return user_email(user) or f"user:{user.pk}"


class BudgetThrottle(BaseThrottle):
    """A DRF throttle that takes one slot of ``scope`` per request; subclasses name the identity."""

    scope: str
    retry_after: int = 0

    def get_identity(self, request: Request) -> str | None:
        raise NotImplementedError

    def allow_request(self, request: Request, view: APIView) -> bool:
        identity = self.get_identity(request)
        if identity is None:
            return True
        limit = rate_limit(self.scope, identity)
        if limit.record() is not None:
            return True
        self.retry_after = max(1, limit.retry_after())
        return False

    def wait(self) -> float:
        return self.retry_after


class ClientRateThrottle(BudgetThrottle):
    """Requests per client IP; subclasses set ``scope``."""

    def get_identity(self, request: Request) -> str:
        return "ip:" + (client_ip(request) or "unknown")


class EmailRateThrottle(BudgetThrottle):
    """Requests per e-mail address named in the body, whatever the client IP.

    Unknown addresses count like real ones, so a 429 reveals nothing.
    """

    def get_identity(self, request: Request) -> str | None:
        data = request.data
        email = data.get("email") if isinstance(data, Mapping) else None
        if not isinstance(email, str) or not email.strip():
            return None
        return account_identity(email)


class UserRateThrottle(BudgetThrottle):
    """Requests per signed-in user."""

    def get_identity(self, request: Request) -> str | None:
        user = getattr(request, "user", None)
        if user is None or not getattr(user, "is_authenticated", False):
            return None
        return f"user:{user.pk}"


class LoginRateThrottle(ClientRateThrottle):
    """Every login attempt, per client IP."""

    scope = ThrottleScope.LOGIN
