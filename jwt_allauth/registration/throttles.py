"""Per-IP throttles of the anonymous registration endpoints."""

from __future__ import annotations

from jwt_allauth import constants
from jwt_allauth.throttling import ClientRateThrottle


class RegisterRateThrottle(ClientRateThrottle):
    scope = constants.REGISTER_THROTTLE_SCOPE


class ResendEmailRateThrottle(ClientRateThrottle):
    scope = constants.RESEND_EMAIL_THROTTLE_SCOPE


class SetPasswordRateThrottle(ClientRateThrottle):
    scope = constants.SET_PASSWORD_THROTTLE_SCOPE
