"""Per-IP throttles of the anonymous registration endpoints."""

from __future__ import annotations

from jwt_allauth.constants import ThrottleScope
from jwt_allauth.throttling import ClientRateThrottle


class RegisterRateThrottle(ClientRateThrottle):
    scope = ThrottleScope.REGISTER


class ResendEmailRateThrottle(ClientRateThrottle):
    scope = ThrottleScope.RESEND_EMAIL


class SetPasswordRateThrottle(ClientRateThrottle):
    scope = ThrottleScope.SET_PASSWORD
