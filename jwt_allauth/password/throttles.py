"""Reset-request throttles (per client IP, per target address) and the change throttle."""

from __future__ import annotations

from rest_framework.request import Request

from jwt_allauth.constants import ThrottleScope
from jwt_allauth.internal.devices import device_of
from jwt_allauth.throttling import ClientRateThrottle, EmailRateThrottle, UserRateThrottle


class PasswordResetRateThrottle(ClientRateThrottle):
    scope = ThrottleScope.PASSWORD_RESET


class PasswordResetEmailThrottle(EmailRateThrottle):
    """Stops one mailbox being flooded with reset mails from many IPs.

    A device that signed in to the account before has a budget of its own, so
    requests from elsewhere cannot keep its owner from asking for a link.
    """

    scope = ThrottleScope.PASSWORD_RESET_EMAIL

    def get_identity(self, request: Request) -> str | None:
        account = super().get_identity(request)
        device = device_of(request, account) if account is not None else None
        return account if device is None else f"device:{device}"


class PasswordChangeRateThrottle(UserRateThrottle):
    """Change requests per signed-in user, right or wrong."""

    scope = ThrottleScope.PASSWORD_CHANGE
