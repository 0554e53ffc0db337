"""Reset-request throttles: per client IP, and per target address whatever the IP."""

from __future__ import annotations

from jwt_allauth import constants
from jwt_allauth.throttling import ClientRateThrottle, EmailRateThrottle


class PasswordResetRateThrottle(ClientRateThrottle):
    scope = constants.PASSWORD_RESET_THROTTLE_SCOPE


class PasswordResetEmailThrottle(EmailRateThrottle):
    """Stops one mailbox being flooded with reset mails from many IPs."""

    scope = constants.PASSWORD_RESET_EMAIL_THROTTLE_SCOPE
