"""Every setting jwt_allauth reads, declared once: its name, the other names it is read
under (dj-rest-auth's, 1.x's) and its default.

``app_settings`` reads through these entries, the system checks name them in their
messages, and a test holds ``docs/configuration.rst`` to the same list.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Generic, TypeVar

from jwt_allauth import constants
from jwt_allauth.roles import STAFF_CODE, SUPER_USER_CODE

NOT_DEBUG = object()  # a default that is ``not DEBUG``, read when the setting is
_T = TypeVar("_T", covariant=True)  # a Setting[bool] is a Setting[object]


@dataclass(frozen=True)
class Setting(Generic[_T]):
    """One setting: the documented ``name`` first, then its ``aliases``, in order.

    Typed by its ``default``: what the properties of ``app_settings`` expect to read.

    ``alias_first``: the alias wins over the name (1.x's order for the two lifetimes).
    ``top_level_only``: read only as a top-level setting, never from ``REST_AUTH``.
    """

    name: str
    default: _T
    aliases: tuple[str, ...] = ()
    alias_first: bool = False
    top_level_only: bool = False

    @property
    def names(self) -> tuple[str, ...]:
        """Every name it is read under, the winning one first."""
        if self.alias_first:
            return (*self.aliases, self.name)
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class CookieSettings:
    """The four settings of a one-time grant's cookie."""

    http_only: Setting[bool]
    secure: Setting[object]  # NOT_DEBUG by default
    same_site: Setting[constants.SameSite]
    max_age: Setting[int]


# Tokens and sessions
ACCESS_TOKEN_LIFETIME = Setting(
    "JWT_ACCESS_TOKEN_LIFETIME",
    timedelta(minutes=30),
    ("JWT_ALLAUTH_ACCESS_TOKEN_LIFETIME",),
    alias_first=True,
)
REFRESH_TOKEN_LIFETIME = Setting(
    "JWT_REFRESH_TOKEN_LIFETIME",
    timedelta(days=90),  # the documented default (1.x's code said 14 days)
    ("JWT_ALLAUTH_REFRESH_TOKEN_LIFETIME",),
    alias_first=True,
)
SESSION_LIFETIME = Setting("JWT_ALLAUTH_SESSION_LIFETIME", None)  # 1.x's absolute cap
COLLECT_USER_AGENT = Setting("JWT_ALLAUTH_COLLECT_USER_AGENT", False)
USER_ATTRIBUTES: Setting[dict[str, str]] = Setting("JWT_ALLAUTH_USER_ATTRIBUTES", {})
CHECK_SESSION_ON_REQUEST = Setting(
    "JWT_ALLAUTH_CHECK_SESSION_ON_REQUEST", False, ("JWT_ALLAUTH_ACCESS_TOKEN_SESSION_CHECK",)
)
RETURN_EXPIRATION = Setting("JWT_AUTH_RETURN_EXPIRATION", False)
CLIENT_IP_RESOLVER = Setting("JWT_ALLAUTH_CLIENT_IP_RESOLVER", None)
TOKEN_RETENTION = Setting("JWT_ALLAUTH_TOKEN_RETENTION", None)

# Refresh token delivery
REFRESH_TOKEN_AS_COOKIE = Setting("JWT_ALLAUTH_REFRESH_TOKEN_AS_COOKIE", True)
REFRESH_COOKIE_NAME = Setting("JWT_AUTH_REFRESH_COOKIE", constants.DEFAULT_REFRESH_COOKIE)
REFRESH_COOKIE_PATH = Setting(
    "JWT_AUTH_REFRESH_COOKIE_PATH", None, ("JWT_ALLAUTH_REFRESH_TOKEN_COOKIE_PATH",)
)
REFRESH_COOKIE_SECURE = Setting(  # None: not DEBUG, as 1.x
    "JWT_AUTH_SECURE", None, ("JWT_ALLAUTH_REFRESH_TOKEN_COOKIE_SECURE",)
)
REFRESH_COOKIE_HTTPONLY = Setting(
    "JWT_AUTH_HTTPONLY", True, ("JWT_ALLAUTH_REFRESH_TOKEN_COOKIE_HTTP_ONLY",)
)
REFRESH_COOKIE_SAMESITE = Setting(
    "JWT_AUTH_SAMESITE", constants.SameSite.LAX, ("JWT_ALLAUTH_REFRESH_TOKEN_COOKIE_SAME_SITE",)
)
# Unset: the cookie lives as long as its session.
REFRESH_COOKIE_MAX_AGE = Setting("JWT_ALLAUTH_REFRESH_TOKEN_COOKIE_MAX_AGE", None)
REFRESH_COOKIE_DOMAIN = Setting("JWT_AUTH_COOKIE_DOMAIN", None)

# Throttling
THROTTLE_RATES: Setting[dict[str, str | None]] = Setting("JWT_ALLAUTH_THROTTLE_RATES", {})
MFA_MAX_ATTEMPTS = Setting("JWT_ALLAUTH_MFA_MAX_ATTEMPTS", None)  # 1.x: the mfa_failures rate
MFA_LOCKOUT_SECONDS = Setting("JWT_ALLAUTH_MFA_LOCKOUT_SECONDS", None)
DEVICE_COOKIE_NAME = Setting("JWT_ALLAUTH_DEVICE_COOKIE_NAME", constants.DEFAULT_DEVICE_COOKIE)
DEVICE_COOKIE_LIFETIME = Setting("JWT_ALLAUTH_DEVICE_COOKIE_LIFETIME", timedelta(days=90))

# Accounts
EMAIL_VERIFICATION = Setting("EMAIL_VERIFICATION", False)
ACCOUNT_EMAIL_VERIFICATION = Setting(  # allauth's: read when EMAIL_VERIFICATION is unset
    "ACCOUNT_EMAIL_VERIFICATION", None, top_level_only=True
)
OLD_PASSWORD_FIELD_ENABLED = Setting("OLD_PASSWORD_FIELD_ENABLED", True)
LOGOUT_ON_PASSWORD_CHANGE = Setting("LOGOUT_ON_PASSWORD_CHANGE", True)
ADMIN_MANAGED_REGISTRATION = Setting("JWT_ALLAUTH_ADMIN_MANAGED_REGISTRATION", False)
INVITATIONS = Setting("JWT_ALLAUTH_INVITATIONS", False)
REGISTRATION_ALLOWED_ROLES = Setting(
    "JWT_ALLAUTH_REGISTRATION_ALLOWED_ROLES", [STAFF_CODE, SUPER_USER_CODE]
)
SESSION_ON_EMAIL_VERIFICATION = Setting("JWT_ALLAUTH_SESSION_ON_EMAIL_VERIFICATION", False)
EMAIL_VERIFIED_REDIRECT = Setting("EMAIL_VERIFIED_REDIRECT", None)
PASSWORD_RESET_REDIRECT = Setting("PASSWORD_RESET_REDIRECT", None)
PASSWORD_SET_REDIRECT = Setting("PASSWORD_SET_REDIRECT", None)
PASSWORD_RESET_REQUEST_URL = Setting("PASSWORD_RESET_REQUEST_URL", None)  # 1.x's
REDIRECTS = (
    EMAIL_VERIFIED_REDIRECT,
    PASSWORD_RESET_REDIRECT,
    PASSWORD_SET_REDIRECT,
    PASSWORD_RESET_REQUEST_URL,
)

# One-time link cookies
PASSWORD_RESET_COOKIE = CookieSettings(
    http_only=Setting("PASSWORD_RESET_COOKIE_HTTP_ONLY", True),
    secure=Setting("PASSWORD_RESET_COOKIE_SECURE", NOT_DEBUG),
    same_site=Setting("PASSWORD_RESET_COOKIE_SAME_SITE", constants.SameSite.LAX),
    max_age=Setting("PASSWORD_RESET_COOKIE_MAX_AGE", 3600),
)
PASSWORD_SET_COOKIE = CookieSettings(
    http_only=Setting("PASSWORD_SET_COOKIE_HTTP_ONLY", True),
    secure=Setting("PASSWORD_SET_COOKIE_SECURE", NOT_DEBUG),
    same_site=Setting("PASSWORD_SET_COOKIE_SAME_SITE", constants.SameSite.LAX),
    max_age=Setting("PASSWORD_SET_COOKIE_MAX_AGE", 86400),
)

# Links and templates of mails
LINK_BASE_URL = Setting("JWT_ALLAUTH_LINK_BASE_URL", None)
TEMPLATES: Setting[dict[str, str]] = Setting("JWT_ALLAUTH_TEMPLATES", {})

# MFA
MFA_TOTP_MODE = Setting("JWT_ALLAUTH_MFA_TOTP_MODE", constants.MFAMode.DISABLED)
TOTP_ISSUER = Setting("JWT_ALLAUTH_TOTP_ISSUER", "JWT-Allauth")
MFA_CHALLENGE_LIFETIME = Setting("JWT_ALLAUTH_MFA_CHALLENGE_LIFETIME", timedelta(minutes=5))
MFA_SETUP_LIFETIME = Setting("JWT_ALLAUTH_MFA_SETUP_LIFETIME", timedelta(minutes=15))
MFA_REAUTHENTICATION_TIMEOUT = Setting(
    "JWT_ALLAUTH_MFA_REAUTHENTICATION_TIMEOUT", timedelta(minutes=5)
)
MFA_CHALLENGE_ATTEMPTS = Setting(
    "JWT_ALLAUTH_MFA_CHALLENGE_ATTEMPTS", 5, ("JWT_ALLAUTH_MFA_CHALLENGE_MAX_ATTEMPTS",)
)

# Social login
SOCIAL_EMAIL_LINKING = Setting("JWT_ALLAUTH_SOCIAL_EMAIL_LINKING", True)
SOCIAL_ACCESS_TOKEN_LOGIN = Setting("JWT_ALLAUTH_SOCIAL_ACCESS_TOKEN_LOGIN", True)
SOCIAL_REQUIRE_VERIFIED_EMAIL = Setting("JWT_ALLAUTH_SOCIAL_REQUIRE_VERIFIED_EMAIL", True)
SOCIAL_REQUIRE_PKCE = Setting("JWT_ALLAUTH_SOCIAL_REQUIRE_PKCE", True)
SOCIAL_REQUIRE_STATE = Setting("JWT_ALLAUTH_SOCIAL_REQUIRE_STATE", False)
SOCIAL_CALLBACK_URLS = Setting("JWT_ALLAUTH_SOCIAL_CALLBACK_URLS", None)
SOCIAL_CODE_LIFETIME = Setting("JWT_ALLAUTH_SOCIAL_CODE_LIFETIME", timedelta(minutes=15))
SOCIAL_STATE_LIFETIME = Setting("JWT_ALLAUTH_SOCIAL_STATE_LIFETIME", timedelta(minutes=10))

# Replaceable classes: the dj-rest-auth name is the alias (and 1.x's
# JWT_ALLAUTH_SERIALIZERS dict takes it as a key)
LOGIN_SERIALIZER = Setting(
    "JWT_ALLAUTH_LOGIN_SERIALIZER",
    "jwt_allauth.login.serializers.LoginSerializer",
    ("LOGIN_SERIALIZER",),
)
USER_DETAILS_SERIALIZER = Setting(
    "JWT_ALLAUTH_USER_DETAILS_SERIALIZER",
    "jwt_allauth.users.serializers.UserDetailsSerializer",
    ("USER_DETAILS_SERIALIZER",),
)
REGISTER_SERIALIZER = Setting(
    "JWT_ALLAUTH_REGISTER_SERIALIZER",
    "jwt_allauth.registration.serializers.RegisterSerializer",
    ("REGISTER_SERIALIZER",),
)
PASSWORD_RESET_SERIALIZER = Setting(
    "JWT_ALLAUTH_PASSWORD_RESET_SERIALIZER",
    "jwt_allauth.password.serializers.PasswordResetSerializer",
    ("PASSWORD_RESET_SERIALIZER",),
)
PASSWORD_RESET_CONFIRM_SERIALIZER = Setting(
    "JWT_ALLAUTH_PASSWORD_RESET_CONFIRM_SERIALIZER",
    "jwt_allauth.password.serializers.SetNewPasswordSerializer",
    ("PASSWORD_RESET_CONFIRM_SERIALIZER",),
)
PASSWORD_CHANGE_SERIALIZER = Setting(
    "JWT_ALLAUTH_PASSWORD_CHANGE_SERIALIZER",
    "jwt_allauth.password.serializers.PasswordChangeSerializer",
    ("PASSWORD_CHANGE_SERIALIZER",),
)
SERIALIZERS = (
    LOGIN_SERIALIZER,
    USER_DETAILS_SERIALIZER,
    REGISTER_SERIALIZER,
    PASSWORD_RESET_SERIALIZER,
    PASSWORD_RESET_CONFIRM_SERIALIZER,
    PASSWORD_CHANGE_SERIALIZER,
)
REGISTER_PERMISSION_CLASSES = Setting(
    "JWT_ALLAUTH_REGISTER_PERMISSION_CLASSES",
    ("rest_framework.permissions.AllowAny",),
    ("REGISTER_PERMISSION_CLASSES",),
)
LEGACY_SERIALIZERS = Setting("JWT_ALLAUTH_SERIALIZERS", None, top_level_only=True)  # 1.x's dict

# 1.x settings read only by start-up or by a check
LEGACY_SIGNING_KEY = Setting(
    "JWT_ALLAUTH_SECRET_KEY", None, ("JWT_SECRET_KEY",), top_level_only=True
)
# Refused when set.
LEGACY_REFRESH_TOKEN_CLASS = Setting("JWT_ALLAUTH_REFRESH_TOKEN", None, top_level_only=True)
# False: refused.
ROTATE_REFRESH_TOKENS = Setting("ROTATE_REFRESH_TOKENS", None, top_level_only=True)
# True: refused.
BLACKLIST_AFTER_ROTATION = Setting("BLACKLIST_AFTER_ROTATION", None, top_level_only=True)
# False: ignored.
PREVENT_ENUMERATION = Setting("ACCOUNT_PREVENT_ENUMERATION", None, top_level_only=True)

# Other libraries' settings the package reads or checks
SIMPLE_JWT = Setting("SIMPLE_JWT", None, top_level_only=True)
EMAIL_BACKEND = Setting("EMAIL_BACKEND", None, top_level_only=True)
# None: the Site is found by the request's host.
SITE_ID = Setting("SITE_ID", None, top_level_only=True)
DEFAULT_HTTP_PROTOCOL = Setting("ACCOUNT_DEFAULT_HTTP_PROTOCOL", "http", top_level_only=True)


def _declared() -> tuple[Setting[object], ...]:
    found: dict[str, Setting[object]] = {}
    for value in globals().values():
        group = vars(value).values() if isinstance(value, CookieSettings) else (value,)
        found.update((s.name, s) for s in group if isinstance(s, Setting))
    return tuple(found.values())


ALL: tuple[Setting[object], ...] = _declared()
BY_NAME: dict[str, Setting[object]] = {name: setting for setting in ALL for name in setting.names}
