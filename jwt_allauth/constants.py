"""Names shared across features: claims, cookies, token types, the settings' closed sets."""

from __future__ import annotations

from django.db.models import TextChoices

SESSION_ID_CLAIM = "sid"
# Where jwt-allauth 1.x's refresh tokens name their session (see sessions/tokens.py).
LEGACY_SESSION_ID_CLAIM = "session"
ROLE_CLAIM = "role"
AUTH_TIME_CLAIM = "auth_time"

ACCESS_TOKEN_TYPE = "access"
REFRESH_TOKEN_TYPE = "refresh"

REFRESH_TOKEN_BODY_FIELD = "refresh"
DEFAULT_REFRESH_COOKIE = "refresh_token"

PASSWORD_RESET_COOKIE = "password_reset_access_token"
SET_PASSWORD_COOKIE = "set_password_access_token"
DEFAULT_DEVICE_COOKIE = "jwt_allauth_device"

LOGIN_THROTTLE_SCOPE = "login"
LOGIN_FAILURE_THROTTLE_SCOPE = "login_failures"
LOGIN_DEVICE_FAILURE_THROTTLE_SCOPE = "login_device_failures"
PASSWORD_CHANGE_THROTTLE_SCOPE = "password_change"
PASSWORD_RESET_THROTTLE_SCOPE = "password_reset"
PASSWORD_RESET_EMAIL_THROTTLE_SCOPE = "password_reset_email"
REGISTER_THROTTLE_SCOPE = "register"
RESEND_EMAIL_THROTTLE_SCOPE = "resend_email"
SET_PASSWORD_THROTTLE_SCOPE = "set_password"
MFA_THROTTLE_SCOPE = "mfa"
MFA_FAILURE_THROTTLE_SCOPE = "mfa_failures"


class MFAMode(TextChoices):
    """``JWT_ALLAUTH_MFA_TOTP_MODE``."""

    DISABLED = "disabled"
    OPTIONAL = "optional"
    REQUIRED = "required"


class EmailVerification(TextChoices):
    """``EMAIL_VERIFICATION`` in allauth's words (``True`` is mandatory, ``False`` none)."""

    NONE = "none"
    OPTIONAL = "optional"
    MANDATORY = "mandatory"


class SameSite(TextChoices):
    """A cookie's ``SameSite`` attribute; ``None`` or ``False`` in a setting: no attribute."""

    LAX = "Lax"
    STRICT = "Strict"
    NONE = "None"
