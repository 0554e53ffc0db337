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


class ThrottleScope(TextChoices):
    """The keys of ``JWT_ALLAUTH_THROTTLE_RATES``."""

    LOGIN = "login"
    LOGIN_FAILURES = "login_failures"
    LOGIN_DEVICE_FAILURES = "login_device_failures"
    PASSWORD_CHANGE = "password_change"
    PASSWORD_RESET = "password_reset"
    PASSWORD_RESET_EMAIL = "password_reset_email"
    REGISTER = "register"
    RESEND_EMAIL = "resend_email"
    SET_PASSWORD = "set_password"
    MFA = "mfa"
    MFA_FAILURES = "mfa_failures"


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
