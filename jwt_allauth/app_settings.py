"""The one place that reads jwt_allauth's settings.

Every value is read when it is asked for, so ``override_settings`` and the
pytest ``settings`` fixture take effect at once. Names used by dj-rest-auth
(top level or inside its ``REST_AUTH`` dict) are accepted where they mean the
same thing; the jwt-allauth name wins when both are set.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from django.conf import settings

from jwt_allauth import constants
from jwt_allauth.roles import STAFF_CODE, SUPER_USER_CODE

_UNSET = object()
UNSET_LEGACY = object()

DEFAULT_THROTTLE_RATES = {
    constants.LOGIN_THROTTLE_SCOPE: "30/min",
    constants.LOGIN_FAILURE_THROTTLE_SCOPE: "10/15m",
    constants.LOGIN_DEVICE_FAILURE_THROTTLE_SCOPE: "10/15m",
    constants.PASSWORD_CHANGE_THROTTLE_SCOPE: "10/hour",
    constants.PASSWORD_RESET_THROTTLE_SCOPE: "20/hour",
    constants.PASSWORD_RESET_EMAIL_THROTTLE_SCOPE: "5/hour",
    constants.REGISTER_THROTTLE_SCOPE: "20/hour",
    constants.RESEND_EMAIL_THROTTLE_SCOPE: "10/hour",
    constants.SET_PASSWORD_THROTTLE_SCOPE: "20/hour",
    constants.MFA_THROTTLE_SCOPE: "30/min",
    constants.MFA_FAILURE_THROTTLE_SCOPE: "10/15m",
}


# allauth settings the package works with, supplied at start-up when the project leaves
# them unset (never over a value the project wrote); checks E009 / W004 report values
# that contradict them.
ALLAUTH_DEFAULTS: dict[str, Any] = {
    "ACCOUNT_LOGIN_METHODS": {"email"},
    "ACCOUNT_SIGNUP_FIELDS": ["email*", "password1*", "password2*"],
    "MFA_ADAPTER": "jwt_allauth.mfa.adapter.MFAAdapter",
}
# allauth's older spellings: a project that still writes one of these has chosen, and
# allauth derives the newer setting from it.
ALLAUTH_LEGACY_NAMES = {
    "ACCOUNT_LOGIN_METHODS": ("ACCOUNT_AUTHENTICATION_METHOD",),
    "ACCOUNT_SIGNUP_FIELDS": (
        "ACCOUNT_EMAIL_REQUIRED",
        "ACCOUNT_USERNAME_REQUIRED",
        "ACCOUNT_SIGNUP_PASSWORD_ENTER_TWICE",
        "ACCOUNT_SIGNUP_EMAIL_ENTER_TWICE",
    ),
    "MFA_ADAPTER": (),
}


class AppSettings:
    """Typed, call-time accessors for every setting the package reads."""

    def supply_allauth_defaults(self) -> list[str]:
        """Give allauth the values of ``ALLAUTH_DEFAULTS`` the project left unset.

        Called once from ``AppConfig.ready``; returns the names it supplied.
        """
        supplied = []
        for name, value in ALLAUTH_DEFAULTS.items():
            names = (name, *ALLAUTH_LEGACY_NAMES[name])
            if any(hasattr(settings, candidate) for candidate in names):
                continue
            setattr(settings, name, copy.copy(value))
            supplied.append(name)
        return supplied

    def supply_legacy_signing_key(self) -> bool:
        """1.x signed tokens with ``JWT_ALLAUTH_SECRET_KEY`` (or ``JWT_SECRET_KEY``): put it
        in ``SIMPLE_JWT["SIGNING_KEY"]`` when the project's ``SIMPLE_JWT`` names no key.

        Called from ``AppConfig.ready``, before Simple JWT builds its token backend;
        a different key already in ``SIMPLE_JWT`` is kept and reported (check E031).
        """
        key = self.legacy_signing_key()
        simple_jwt = getattr(settings, "SIMPLE_JWT", None)
        if key is None or (isinstance(simple_jwt, Mapping) and "SIGNING_KEY" in simple_jwt):
            return False
        settings.SIMPLE_JWT = {**(simple_jwt or {}), "SIGNING_KEY": key}
        from rest_framework_simplejwt.settings import api_settings

        # The object every module imported: drop its cached values, then give it the
        # new dict (its own reload would fall back to DRF's REST_FRAMEWORK).
        api_settings.reload()
        api_settings._user_settings = settings.SIMPLE_JWT
        return True

    def legacy_signing_key(self) -> Any:
        """1.x's signing key setting's value (``JWT_ALLAUTH_SECRET_KEY`` first), or None."""
        for name in ("JWT_ALLAUTH_SECRET_KEY", "JWT_SECRET_KEY"):
            if hasattr(settings, name):
                return getattr(settings, name)
        return None

    def _setting(self, name: str, default: Any, *aliases: str) -> Any:
        rest_auth = getattr(settings, "REST_AUTH", None) or {}
        for candidate in (name, *aliases):
            value = getattr(settings, candidate, _UNSET)
            if value is not _UNSET:
                return value
            if candidate in rest_auth:
                return rest_auth[candidate]
        return default

    def raw(self, name: str, *aliases: str, default: Any = None) -> Any:
        """The project's value of a setting, unconverted (aliases and ``REST_AUTH`` too).

        For system checks, which must see what was written before a property coerces it.
        """
        return self._setting(name, default, *aliases)

    @property
    def MIGRATION_MODULE(self) -> str | None:
        """Where ``MIGRATION_MODULES`` sends this app's migrations; None: ours, or none."""
        try:
            module = settings.MIGRATION_MODULES["jwt_allauth"]
        except KeyError:
            return None
        return None if module in (None, "jwt_allauth.migrations") else str(module)

    def is_overridden(self, name: str) -> bool:
        """Whether the project sets ``name`` itself rather than leaving Django's default."""
        return settings.is_overridden(name)

    @property
    def DEBUG(self) -> bool:
        return bool(settings.DEBUG)

    @property
    def SECRET_KEYS(self) -> list[str]:
        """``SECRET_KEY`` then ``SECRET_KEY_FALLBACKS``: what encrypted secrets may use."""
        return [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]

    # Tokens and sessions
    @property
    def ACCESS_TOKEN_LIFETIME(self) -> timedelta:
        """1.x's ``JWT_ALLAUTH_ACCESS_TOKEN_LIFETIME`` wins over the seeds' name, as in 1.x."""
        return self._setting(
            "JWT_ALLAUTH_ACCESS_TOKEN_LIFETIME", timedelta(minutes=30), "JWT_ACCESS_TOKEN_LIFETIME"
        )

    @property
    def REFRESH_TOKEN_LIFETIME(self) -> timedelta:
        """As above; the default is the documented 90 days (1.x's code said 14)."""
        return self._setting(
            "JWT_ALLAUTH_REFRESH_TOKEN_LIFETIME", timedelta(days=90), "JWT_REFRESH_TOKEN_LIFETIME"
        )

    @property
    def SESSION_LIFETIME(self) -> timedelta:
        """How long a session lasts from sign-in: the refresh lifetime, or 1.x's absolute
        ``JWT_ALLAUTH_SESSION_LIFETIME`` when it is shorter (a longer one: check W020)."""
        cap = self._setting("JWT_ALLAUTH_SESSION_LIFETIME", None)
        lifetime = self.REFRESH_TOKEN_LIFETIME
        return min(lifetime, cap) if isinstance(cap, timedelta) else lifetime

    @property
    def COLLECT_USER_AGENT(self) -> bool:
        return bool(self._setting("JWT_ALLAUTH_COLLECT_USER_AGENT", False))

    @property
    def USER_ATTRIBUTES(self) -> dict[str, str]:
        return self._setting("JWT_ALLAUTH_USER_ATTRIBUTES", {}) or {}

    @property
    def CHECK_SESSION_ON_REQUEST(self) -> bool:
        return bool(
            self._setting(
                "JWT_ALLAUTH_CHECK_SESSION_ON_REQUEST",
                False,
                "JWT_ALLAUTH_ACCESS_TOKEN_SESSION_CHECK",  # 1.x's name
            )
        )

    @property
    def RETURN_EXPIRATION(self) -> bool:
        return bool(self._setting("JWT_AUTH_RETURN_EXPIRATION", False))

    # Refresh token delivery
    @property
    def REFRESH_TOKEN_AS_COOKIE(self) -> bool:
        return bool(self._setting("JWT_ALLAUTH_REFRESH_TOKEN_AS_COOKIE", True))

    @property
    def REFRESH_COOKIE_NAME(self) -> str:
        name = self._setting("JWT_AUTH_REFRESH_COOKIE", None)
        return name or constants.DEFAULT_REFRESH_COOKIE

    @property
    def REFRESH_COOKIE_PATH(self) -> str | None:
        """None means: the URL prefix the package is mounted under."""
        return self._setting(
            "JWT_AUTH_REFRESH_COOKIE_PATH", None, "JWT_ALLAUTH_REFRESH_TOKEN_COOKIE_PATH"
        )

    @property
    def REFRESH_COOKIE_SECURE(self) -> bool:
        secure = self._setting("JWT_AUTH_SECURE", None, "JWT_ALLAUTH_REFRESH_TOKEN_COOKIE_SECURE")
        return not settings.DEBUG if secure is None else bool(secure)  # 1.x: None = not DEBUG

    @property
    def REFRESH_COOKIE_HTTPONLY(self) -> bool:
        return bool(
            self._setting("JWT_AUTH_HTTPONLY", True, "JWT_ALLAUTH_REFRESH_TOKEN_COOKIE_HTTP_ONLY")
        )

    @property
    def REFRESH_COOKIE_SAMESITE(self) -> str | None:
        return self._setting(
            "JWT_AUTH_SAMESITE", "Lax", "JWT_ALLAUTH_REFRESH_TOKEN_COOKIE_SAME_SITE"
        )

    def refresh_cookie_max_age(self, seconds_left: int) -> int | None:
        """The refresh cookie's ``max_age`` for a session with ``seconds_left`` to live.

        1.x's ``JWT_ALLAUTH_REFRESH_TOKEN_COOKIE_MAX_AGE``: unset, the cookie lives as long
        as its session; an int, that many seconds; ``None``, a browser-session cookie.
        """
        value = self._setting("JWT_ALLAUTH_REFRESH_TOKEN_COOKIE_MAX_AGE", _UNSET)
        if value is _UNSET:
            return max(int(seconds_left), 0)
        return None if value is None else int(value)

    @property
    def REFRESH_COOKIE_DOMAIN(self) -> str | None:
        return self._setting("JWT_AUTH_COOKIE_DOMAIN", None)

    @property
    def CLIENT_IP_RESOLVER(self) -> str | None:
        """1.x's dotted path of a callable ``request -> IP``; None: the built-in rule."""
        return self._setting("JWT_ALLAUTH_CLIENT_IP_RESOLVER", None) or None

    @property
    def TOKEN_RETENTION(self) -> Any:
        """1.x's ``{purpose: timedelta}``: how long grants of a purpose are kept (as written)."""
        return self._setting("JWT_ALLAUTH_TOKEN_RETENTION", None) or {}

    @property
    def SESSION_ON_EMAIL_VERIFICATION(self) -> bool:
        """1.x's: the sign-up link's first click opens a session (cookie mode, no MFA)."""
        return self._setting("JWT_ALLAUTH_SESSION_ON_EMAIL_VERIFICATION", False) is True

    def legacy_value(self, name: str) -> Any:
        """A 1.x setting as the project wrote it (``UNSET_LEGACY`` when absent), for checks."""
        return getattr(settings, name, UNSET_LEGACY)

    # Throttling
    @property
    def DEVICE_COOKIE_NAME(self) -> str:
        return self._setting("JWT_ALLAUTH_DEVICE_COOKIE_NAME", constants.DEFAULT_DEVICE_COOKIE)

    @property
    def DEVICE_COOKIE_LIFETIME(self) -> timedelta | None:
        """How long a device that signed in keeps its own failure budget; None: no cookie."""
        return self._setting("JWT_ALLAUTH_DEVICE_COOKIE_LIFETIME", timedelta(days=90))

    @property
    def THROTTLE_RATES(self) -> dict[str, str | None]:
        rates = dict(DEFAULT_THROTTLE_RATES)
        legacy = self._legacy_mfa_failure_rate()
        if legacy is not None:
            rates[constants.MFA_FAILURE_THROTTLE_SCOPE] = legacy
        configured = self._setting("JWT_ALLAUTH_THROTTLE_RATES", {})
        if isinstance(configured, Mapping):  # anything else is reported by check E007
            rates.update(configured)
        return rates

    def _legacy_mfa_failure_rate(self) -> str | None:
        """1.x's per-user MFA budget (``JWT_ALLAUTH_MFA_MAX_ATTEMPTS`` failures within
        ``JWT_ALLAUTH_MFA_LOCKOUT_SECONDS``; 10 and 900) as the ``mfa_failures`` rate."""
        attempts = self._setting("JWT_ALLAUTH_MFA_MAX_ATTEMPTS", None)
        seconds = self._setting("JWT_ALLAUTH_MFA_LOCKOUT_SECONDS", None)
        if attempts is None and seconds is None:
            return None
        return f"{10 if attempts is None else attempts}/{900 if seconds is None else seconds}s"

    # Accounts (the registration and password features read these)
    @property
    def EMAIL_VERIFICATION(self) -> bool | str:
        """Unset, allauth's ``ACCOUNT_EMAIL_VERIFICATION`` is read, as 1.x did; else False."""
        value = self._setting("EMAIL_VERIFICATION", _UNSET)
        if value is not _UNSET:
            return value
        declared = getattr(settings, "ACCOUNT_EMAIL_VERIFICATION", None)
        return str(declared).lower() if declared is not None else False

    @property
    def EMAIL_VERIFICATION_MODE(self) -> str:
        """EMAIL_VERIFICATION as one of "none", "optional", "mandatory" (allauth's words)."""
        value = self.EMAIL_VERIFICATION
        if value is True or value == constants.EMAIL_VERIFICATION_MANDATORY:
            return constants.EMAIL_VERIFICATION_MANDATORY
        if value == constants.EMAIL_VERIFICATION_OPTIONAL:
            return constants.EMAIL_VERIFICATION_OPTIONAL
        return constants.EMAIL_VERIFICATION_NONE

    @property
    def OLD_PASSWORD_FIELD_ENABLED(self) -> bool:
        return bool(self._setting("OLD_PASSWORD_FIELD_ENABLED", True))

    @property
    def LOGOUT_ON_PASSWORD_CHANGE(self) -> bool:
        return bool(self._setting("LOGOUT_ON_PASSWORD_CHANGE", True))

    @property
    def ADMIN_MANAGED_REGISTRATION(self) -> bool:
        return bool(self._setting("JWT_ALLAUTH_ADMIN_MANAGED_REGISTRATION", False))

    @property
    def INVITATIONS(self) -> bool:
        """Staff can invite users: 1.x's ``JWT_ALLAUTH_INVITATIONS`` (sign-up stays open),
        or admin-managed registration (sign-up closed)."""
        return self.ADMIN_MANAGED_REGISTRATION or bool(
            self._setting("JWT_ALLAUTH_INVITATIONS", False)
        )

    @property
    def REGISTRATION_ALLOWED_ROLES(self) -> list[Any]:
        return list(
            self._setting("JWT_ALLAUTH_REGISTRATION_ALLOWED_ROLES", [STAFF_CODE, SUPER_USER_CODE])
        )

    @property
    def EMAIL_VERIFIED_REDIRECT(self) -> str | None:
        return self._setting("EMAIL_VERIFIED_REDIRECT", None)

    @property
    def PASSWORD_RESET_REDIRECT(self) -> str | None:
        return self._setting("PASSWORD_RESET_REDIRECT", None)

    @property
    def PASSWORD_RESET_REQUEST_URL(self) -> str | None:
        """1.x's address of the front end's page that asks for a reset; None: no link."""
        return self._setting("PASSWORD_RESET_REQUEST_URL", None) or None

    @property
    def PASSWORD_SET_REDIRECT(self) -> str | None:
        return self._setting("PASSWORD_SET_REDIRECT", None)

    # Password reset and set-password grant cookies
    @property
    def PASSWORD_RESET_COOKIE_HTTP_ONLY(self) -> bool:
        return bool(self._setting("PASSWORD_RESET_COOKIE_HTTP_ONLY", True))

    @property
    def PASSWORD_RESET_COOKIE_SECURE(self) -> bool:
        return bool(self._setting("PASSWORD_RESET_COOKIE_SECURE", not settings.DEBUG))

    @property
    def PASSWORD_RESET_COOKIE_SAME_SITE(self) -> str | None:
        return self._setting("PASSWORD_RESET_COOKIE_SAME_SITE", "Lax")

    @property
    def PASSWORD_RESET_COOKIE_MAX_AGE(self) -> int:
        return int(self._setting("PASSWORD_RESET_COOKIE_MAX_AGE", 3600))

    @property
    def PASSWORD_RESET_LINK_LIFETIME(self) -> timedelta:
        """Django's own ``PASSWORD_RESET_TIMEOUT`` (seconds; Django's default is 3 days)."""
        return timedelta(seconds=int(settings.PASSWORD_RESET_TIMEOUT))

    @property
    def PASSWORD_SET_COOKIE_HTTP_ONLY(self) -> bool:
        return bool(self._setting("PASSWORD_SET_COOKIE_HTTP_ONLY", True))

    @property
    def PASSWORD_SET_COOKIE_SECURE(self) -> bool:
        return bool(self._setting("PASSWORD_SET_COOKIE_SECURE", not settings.DEBUG))

    @property
    def PASSWORD_SET_COOKIE_SAME_SITE(self) -> str | None:
        return self._setting("PASSWORD_SET_COOKIE_SAME_SITE", "Lax")

    @property
    def PASSWORD_SET_COOKIE_MAX_AGE(self) -> int:
        return int(self._setting("PASSWORD_SET_COOKIE_MAX_AGE", 86400))

    # Links in mails
    @property
    def LINK_BASE_URL(self) -> str | None:
        """``scheme://host[:port]`` mailed links start with; None: the Site, else the request."""
        return self._setting("JWT_ALLAUTH_LINK_BASE_URL", None) or None

    @property
    def SITE_ID(self) -> Any:
        """Django's ``SITE_ID``: None when the Site is chosen by the request's host."""
        return getattr(settings, "SITE_ID", None)

    @property
    def DEFAULT_HTTP_PROTOCOL(self) -> str:
        """allauth's ``ACCOUNT_DEFAULT_HTTP_PROTOCOL``: ``"https"`` forces it on every link."""
        return str(getattr(settings, "ACCOUNT_DEFAULT_HTTP_PROTOCOL", "http")).lower()

    @property
    def ALLOWED_HOSTS(self) -> list[str]:
        return list(settings.ALLOWED_HOSTS)

    @property
    def TEMPLATES(self) -> dict[str, str]:
        return self._setting("JWT_ALLAUTH_TEMPLATES", {}) or {}

    # MFA
    @property
    def MFA_TOTP_MODE(self) -> str:
        return self._setting("JWT_ALLAUTH_MFA_TOTP_MODE", constants.MFA_TOTP_DISABLED)

    @property
    def TOTP_ISSUER(self) -> str:
        return self._setting("JWT_ALLAUTH_TOTP_ISSUER", "JWT-Allauth")

    @property
    def MFA_CHALLENGE_LIFETIME(self) -> timedelta:
        """How long a login challenge (``challenge_id``) can be answered."""
        return self._setting("JWT_ALLAUTH_MFA_CHALLENGE_LIFETIME", timedelta(minutes=5))

    @property
    def MFA_SETUP_LIFETIME(self) -> timedelta:
        """How long a setup challenge and a pending (not yet activated) secret live."""
        return self._setting("JWT_ALLAUTH_MFA_SETUP_LIFETIME", timedelta(minutes=15))

    @property
    def MFA_REAUTHENTICATION_TIMEOUT(self) -> timedelta:
        """How long after its last password proof a session may enrol a second factor."""
        return self._setting("JWT_ALLAUTH_MFA_REAUTHENTICATION_TIMEOUT", timedelta(minutes=5))

    @property
    def MFA_CHALLENGE_ATTEMPTS(self) -> int:
        """Codes one challenge (or one pending setup) may be answered with."""
        return self._setting(
            "JWT_ALLAUTH_MFA_CHALLENGE_ATTEMPTS",
            5,
            "JWT_ALLAUTH_MFA_CHALLENGE_MAX_ATTEMPTS",  # 1.x's name
        )

    # Social login
    @property
    def SOCIAL_EMAIL_LINKING(self) -> bool | list[str]:
        """True, False, or the provider ids whose verified addresses may find an account."""
        value = self._setting("JWT_ALLAUTH_SOCIAL_EMAIL_LINKING", True)
        if isinstance(value, bool):
            return value
        return [value] if isinstance(value, str) else list(value or ())

    def social_email_linking_allowed(self, provider_id: str) -> bool:
        policy = self.SOCIAL_EMAIL_LINKING
        return policy if isinstance(policy, bool) else provider_id in policy

    @property
    def SOCIAL_REQUIRE_VERIFIED_EMAIL(self) -> bool:
        return bool(self._setting("JWT_ALLAUTH_SOCIAL_REQUIRE_VERIFIED_EMAIL", True))

    @property
    def SOCIAL_CALLBACK_URLS(self) -> list[str]:
        """The redirect URIs a code may be exchanged against; empty refuses the code flow."""
        value = self._setting("JWT_ALLAUTH_SOCIAL_CALLBACK_URLS", None) or ()
        return [value] if isinstance(value, str) else list(value)

    @property
    def SOCIAL_REQUIRE_PKCE(self) -> bool:
        return bool(self._setting("JWT_ALLAUTH_SOCIAL_REQUIRE_PKCE", True))

    @property
    def SOCIAL_CODE_LIFETIME(self) -> timedelta:
        """How long a presented authorization code is remembered as spent."""
        return self._setting("JWT_ALLAUTH_SOCIAL_CODE_LIFETIME", timedelta(minutes=15))

    @property
    def SOCIAL_STATE_LIFETIME(self) -> timedelta:
        """How long a state issued by ``social/<provider>/start/`` can be spent."""
        return self._setting("JWT_ALLAUTH_SOCIAL_STATE_LIFETIME", timedelta(minutes=10))

    @property
    def SOCIAL_REQUIRE_STATE(self) -> bool:
        """Whether the code endpoints refuse a code sent without a server-issued state."""
        return bool(self._setting("JWT_ALLAUTH_SOCIAL_REQUIRE_STATE", False))

    @property
    def SOCIAL_ACCESS_TOKEN_LOGIN(self) -> bool | list[str]:
        """True, False, or the provider ids whose access tokens ``token/`` accepts."""
        value = self._setting("JWT_ALLAUTH_SOCIAL_ACCESS_TOKEN_LOGIN", True)
        if isinstance(value, bool):
            return value
        return [value] if isinstance(value, str) else list(value or ())

    def social_access_token_allowed(self, provider_id: str) -> bool:
        policy = self.SOCIAL_ACCESS_TOKEN_LOGIN
        return policy if isinstance(policy, bool) else provider_id in policy

    # Overridable serializers (dj-rest-auth names, and 1.x's JWT_ALLAUTH_SERIALIZERS dict)
    def configured_serializer(self, name: str, alias: str) -> Any:
        """The project's dotted path for a serializer, or None: ``name``, then ``alias``
        (top level or in ``REST_AUTH``), then ``JWT_ALLAUTH_SERIALIZERS[alias]`` (1.x)."""
        value = self._setting(name, _UNSET, alias)
        if value is not _UNSET:
            return value
        legacy = getattr(settings, "JWT_ALLAUTH_SERIALIZERS", None)
        return legacy.get(alias) if isinstance(legacy, Mapping) else None

    @property
    def LEGACY_SERIALIZERS(self) -> Any:
        """1.x's ``JWT_ALLAUTH_SERIALIZERS`` as written (for its check)."""
        return getattr(settings, "JWT_ALLAUTH_SERIALIZERS", None)

    def _serializer(self, name: str, default: str, alias: str) -> str:
        configured = self.configured_serializer(name, alias)
        return default if configured is None else configured

    @property
    def LOGIN_SERIALIZER(self) -> str:
        return self._serializer(
            "JWT_ALLAUTH_LOGIN_SERIALIZER",
            "jwt_allauth.login.serializers.LoginSerializer",
            "LOGIN_SERIALIZER",
        )

    @property
    def REGISTER_SERIALIZER(self) -> str:
        return self._serializer(
            "JWT_ALLAUTH_REGISTER_SERIALIZER",
            "jwt_allauth.registration.serializers.RegisterSerializer",
            "REGISTER_SERIALIZER",
        )

    @property
    def REGISTER_PERMISSION_CLASSES(self) -> tuple[str, ...]:
        return tuple(
            self._setting(
                "JWT_ALLAUTH_REGISTER_PERMISSION_CLASSES",
                ("rest_framework.permissions.AllowAny",),
                "REGISTER_PERMISSION_CLASSES",
            )
        )

    @property
    def USER_DETAILS_SERIALIZER(self) -> str:
        return self._serializer(
            "JWT_ALLAUTH_USER_DETAILS_SERIALIZER",
            "jwt_allauth.users.serializers.UserDetailsSerializer",
            "USER_DETAILS_SERIALIZER",
        )

    @property
    def PASSWORD_RESET_SERIALIZER(self) -> str:
        return self._serializer(
            "JWT_ALLAUTH_PASSWORD_RESET_SERIALIZER",
            "jwt_allauth.password.serializers.PasswordResetSerializer",
            "PASSWORD_RESET_SERIALIZER",
        )

    @property
    def PASSWORD_RESET_CONFIRM_SERIALIZER(self) -> str:
        return self._serializer(
            "JWT_ALLAUTH_PASSWORD_RESET_CONFIRM_SERIALIZER",
            "jwt_allauth.password.serializers.SetNewPasswordSerializer",
            "PASSWORD_RESET_CONFIRM_SERIALIZER",
        )

    @property
    def PASSWORD_CHANGE_SERIALIZER(self) -> str:
        return self._serializer(
            "JWT_ALLAUTH_PASSWORD_CHANGE_SERIALIZER",
            "jwt_allauth.password.serializers.PasswordChangeSerializer",
            "PASSWORD_CHANGE_SERIALIZER",
        )


app_settings = AppSettings()
