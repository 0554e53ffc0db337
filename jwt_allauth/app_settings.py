"""The one place that reads jwt_allauth's settings.

Every value is read when it is asked for, so ``override_settings`` and the
pytest ``settings`` fixture take effect at once. Names, aliases (dj-rest-auth's,
top level or inside its ``REST_AUTH`` dict, and 1.x's) and defaults are declared
once, in ``internal/settings_table.py``; the properties here convert them.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from enum import Enum
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from jwt_allauth.constants import EmailVerification, MFAMode, SameSite, ThrottleScope
from jwt_allauth.internal import settings_table as table
from jwt_allauth.internal.settings_table import NOT_DEBUG, CookieSettings, Setting

_UNSET = object()
UNSET_LEGACY = object()
Choice = TypeVar("Choice", bound=Enum)
_T = TypeVar("_T")


@dataclass(frozen=True)
class CookieOptions:
    """What a cookie is set with (see ``AppSettings.grant_cookie``)."""

    http_only: bool
    secure: bool
    same_site: SameSite | None
    max_age: int


DEFAULT_THROTTLE_RATES = {
    ThrottleScope.LOGIN: "30/min",
    ThrottleScope.LOGIN_FAILURES: "10/15m",
    ThrottleScope.LOGIN_DEVICE_FAILURES: "10/15m",
    ThrottleScope.PASSWORD_CHANGE: "10/hour",
    ThrottleScope.PASSWORD_RESET: "20/hour",
    ThrottleScope.PASSWORD_RESET_EMAIL: "5/hour",
    ThrottleScope.REGISTER: "20/hour",
    ThrottleScope.RESEND_EMAIL: "10/hour",
    ThrottleScope.SET_PASSWORD: "20/hour",
    ThrottleScope.MFA: "30/min",
    ThrottleScope.MFA_FAILURES: "10/15m",
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
        simple_jwt = self.value(table.SIMPLE_JWT)
        if key is None or (isinstance(simple_jwt, Mapping) and "SIGNING_KEY" in simple_jwt):
            return False
        simple_jwt = {**(simple_jwt or {}), "SIGNING_KEY": key}
        settings.SIMPLE_JWT = simple_jwt
        from rest_framework_simplejwt.settings import api_settings

        # The object every module imported: drop its cached values, then give it the
        # new dict (its own reload would fall back to DRF's REST_FRAMEWORK).
        api_settings.reload()
        api_settings._user_settings = simple_jwt  # type: ignore[attr-defined]  # private
        return True

    def legacy_signing_key(self) -> Any:
        """1.x's signing key setting's value (``JWT_ALLAUTH_SECRET_KEY`` first), or None."""
        return self.value(table.LEGACY_SIGNING_KEY)

    def value(self, setting: Setting[_T]) -> _T | Any:
        """The project's value of ``setting`` (any of its names), else its default; unconverted.

        ``_T | Any`` (typeshed's "Any trick"): the default's type, or whatever was written.
        """
        value = self._lookup(setting, setting.default)
        return (not settings.DEBUG) if value is NOT_DEBUG else value

    def raw(self, setting: Setting[Any] | str, default: object = None) -> Any:
        """The project's value of a setting as written, else ``default``.

        For system checks, which must see what was written before a property coerces it.
        """
        named = setting if isinstance(setting, Setting) else Setting(setting, None)
        return self._lookup(named, default)

    def is_set(self, setting: Setting[Any]) -> bool:
        return self._lookup(setting, _UNSET) is not _UNSET

    def _lookup(self, setting: Setting[Any], default: object) -> Any:
        rest_auth = {} if setting.top_level_only else getattr(settings, "REST_AUTH", None) or {}
        for candidate in setting.names:
            value = getattr(settings, candidate, _UNSET)
            if value is not _UNSET:
                return value
            if candidate in rest_auth:
                return rest_auth[candidate]
        return default

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
        # The django-stubs plugin reads every attribute of settings as a setting.
        overridden: bool = settings.is_overridden(name)  # type: ignore[misc]
        return overridden

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
        return self.value(table.ACCESS_TOKEN_LIFETIME)

    @property
    def REFRESH_TOKEN_LIFETIME(self) -> timedelta:
        return self.value(table.REFRESH_TOKEN_LIFETIME)

    @property
    def SESSION_LIFETIME(self) -> timedelta:
        """How long a session lasts from sign-in: the refresh lifetime, or 1.x's absolute
        ``JWT_ALLAUTH_SESSION_LIFETIME`` when it is shorter (a longer one: check W020)."""
        cap = self.value(table.SESSION_LIFETIME)
        lifetime = self.REFRESH_TOKEN_LIFETIME
        return min(lifetime, cap) if isinstance(cap, timedelta) else lifetime

    @property
    def COLLECT_USER_AGENT(self) -> bool:
        return bool(self.value(table.COLLECT_USER_AGENT))

    @property
    def USER_ATTRIBUTES(self) -> dict[str, str]:
        return self.value(table.USER_ATTRIBUTES) or {}

    @property
    def CHECK_SESSION_ON_REQUEST(self) -> bool:
        return bool(self.value(table.CHECK_SESSION_ON_REQUEST))

    @property
    def RETURN_EXPIRATION(self) -> bool:
        return bool(self.value(table.RETURN_EXPIRATION))

    # Refresh token delivery
    @property
    def REFRESH_TOKEN_AS_COOKIE(self) -> bool:
        return bool(self.value(table.REFRESH_TOKEN_AS_COOKIE))

    @property
    def REFRESH_COOKIE_NAME(self) -> str:
        return self.value(table.REFRESH_COOKIE_NAME) or table.REFRESH_COOKIE_NAME.default

    @property
    def REFRESH_COOKIE_PATH(self) -> str | None:
        """None means: the URL prefix the package is mounted under."""
        return self.value(table.REFRESH_COOKIE_PATH)

    @property
    def REFRESH_COOKIE_SECURE(self) -> bool:
        secure = self.value(table.REFRESH_COOKIE_SECURE)
        return not settings.DEBUG if secure is None else bool(secure)  # 1.x: None = not DEBUG

    @property
    def REFRESH_COOKIE_HTTPONLY(self) -> bool:
        return bool(self.value(table.REFRESH_COOKIE_HTTPONLY))

    @property
    def REFRESH_COOKIE_SAMESITE(self) -> SameSite | None:
        return self.same_site(table.REFRESH_COOKIE_SAMESITE)

    def same_site(self, setting: Setting[SameSite]) -> SameSite | None:
        """A ``SameSite`` setting: None (or False) for no attribute, else its member,
        matched as browsers match it (any case; other spellings: checks E002, E017)."""
        value = self.value(setting)
        if value is None or value is False:
            return None
        for member in SameSite:
            if isinstance(value, str) and value.lower() == member.value.lower():
                return member
        raise ImproperlyConfigured(
            f"{setting.name} must be 'Lax', 'Strict', 'None' or None, not {value!r}."
        )

    def refresh_cookie_max_age(self, seconds_left: int) -> int | None:
        """The refresh cookie's ``max_age`` for a session with ``seconds_left`` to live.

        1.x's ``JWT_ALLAUTH_REFRESH_TOKEN_COOKIE_MAX_AGE``: unset, the cookie lives as long
        as its session; an int, that many seconds; ``None``, a browser-session cookie.
        """
        if not self.is_set(table.REFRESH_COOKIE_MAX_AGE):
            return max(int(seconds_left), 0)
        value = self.value(table.REFRESH_COOKIE_MAX_AGE)
        return None if value is None else int(value)

    @property
    def REFRESH_COOKIE_DOMAIN(self) -> str | None:
        return self.value(table.REFRESH_COOKIE_DOMAIN)

    @property
    def CLIENT_IP_RESOLVER(self) -> str | None:
        """1.x's dotted path of a callable ``request -> IP``; None: the built-in rule."""
        return self.value(table.CLIENT_IP_RESOLVER) or None

    @property
    def TOKEN_RETENTION(self) -> Any:
        """1.x's ``{purpose: timedelta}``: how long grants of a purpose are kept (as written)."""
        return self.value(table.TOKEN_RETENTION) or {}

    @property
    def SESSION_ON_EMAIL_VERIFICATION(self) -> bool:
        """1.x's: the sign-up link's first click opens a session (cookie mode, no MFA)."""
        return self.value(table.SESSION_ON_EMAIL_VERIFICATION) is True

    def legacy_value(self, setting: Setting[Any]) -> Any:
        """A setting as the project wrote it at the top level (``UNSET_LEGACY`` when absent),
        for the checks on 1.x's settings."""
        return getattr(settings, setting.name, UNSET_LEGACY)

    def written_names(self, setting: Setting[Any]) -> list[str]:
        """The names of ``setting`` the project wrote at the top level."""
        return [name for name in setting.names if hasattr(settings, name)]

    # Throttling
    @property
    def DEVICE_COOKIE_NAME(self) -> str:
        return self.value(table.DEVICE_COOKIE_NAME)

    @property
    def DEVICE_COOKIE_LIFETIME(self) -> timedelta | None:
        """How long a device that signed in keeps its own failure budget; None: no cookie."""
        return self.value(table.DEVICE_COOKIE_LIFETIME)

    @property
    def THROTTLE_RATES(self) -> dict[str, str | None]:
        rates: dict[str, str | None] = {
            scope.value: rate for scope, rate in DEFAULT_THROTTLE_RATES.items()
        }
        legacy = self._legacy_mfa_failure_rate()
        if legacy is not None:
            rates[ThrottleScope.MFA_FAILURES.value] = legacy
        configured: object = self.value(table.THROTTLE_RATES)
        if isinstance(configured, Mapping):  # anything else is reported by check E007
            rates.update(configured)
        return rates

    def _legacy_mfa_failure_rate(self) -> str | None:
        """1.x's per-user MFA budget (``JWT_ALLAUTH_MFA_MAX_ATTEMPTS`` failures within
        ``JWT_ALLAUTH_MFA_LOCKOUT_SECONDS``; 10 and 900) as the ``mfa_failures`` rate."""
        attempts = self.value(table.MFA_MAX_ATTEMPTS)
        seconds = self.value(table.MFA_LOCKOUT_SECONDS)
        if attempts is None and seconds is None:
            return None
        return f"{10 if attempts is None else attempts}/{900 if seconds is None else seconds}s"

    # Accounts (the registration and password features read these)
    @property
    def EMAIL_VERIFICATION(self) -> bool | str:
        """Unset, allauth's ``ACCOUNT_EMAIL_VERIFICATION`` is read, as 1.x did; else False."""
        if self.is_set(table.EMAIL_VERIFICATION):
            written: bool | str = self.value(table.EMAIL_VERIFICATION)  # others: check E010
            return written
        declared = self.value(table.ACCOUNT_EMAIL_VERIFICATION)
        return str(declared).lower() if declared is not None else False

    @property
    def EMAIL_VERIFICATION_MODE(self) -> EmailVerification:
        """EMAIL_VERIFICATION in allauth's words: True is mandatory; False, and any value
        check E010 reports, none."""
        value = self.EMAIL_VERIFICATION
        if value is True:
            return EmailVerification.MANDATORY
        return _member(EmailVerification, value, EmailVerification.NONE)

    @property
    def EMAIL_VERIFICATION_ENABLED(self) -> bool:
        """Sign-up mails a verification link (optional or mandatory)."""
        return self.EMAIL_VERIFICATION_MODE is not EmailVerification.NONE

    @property
    def EMAIL_VERIFICATION_REQUIRED(self) -> bool:
        """An unverified address cannot sign in."""
        return self.EMAIL_VERIFICATION_MODE is EmailVerification.MANDATORY

    @property
    def OLD_PASSWORD_FIELD_ENABLED(self) -> bool:
        return bool(self.value(table.OLD_PASSWORD_FIELD_ENABLED))

    @property
    def LOGOUT_ON_PASSWORD_CHANGE(self) -> bool:
        return bool(self.value(table.LOGOUT_ON_PASSWORD_CHANGE))

    @property
    def ADMIN_MANAGED_REGISTRATION(self) -> bool:
        return bool(self.value(table.ADMIN_MANAGED_REGISTRATION))

    @property
    def INVITATIONS(self) -> bool:
        """Staff can invite users: 1.x's ``JWT_ALLAUTH_INVITATIONS`` (sign-up stays open),
        or admin-managed registration (sign-up closed)."""
        return self.ADMIN_MANAGED_REGISTRATION or bool(self.value(table.INVITATIONS))

    @property
    def REGISTRATION_ALLOWED_ROLES(self) -> list[Any]:
        return list(self.value(table.REGISTRATION_ALLOWED_ROLES))

    @property
    def EMAIL_VERIFIED_REDIRECT(self) -> str | None:
        return self.value(table.EMAIL_VERIFIED_REDIRECT)

    @property
    def PASSWORD_RESET_REDIRECT(self) -> str | None:
        return self.value(table.PASSWORD_RESET_REDIRECT)

    @property
    def PASSWORD_RESET_REQUEST_URL(self) -> str | None:
        """1.x's address of the front end's page that asks for a reset; None: no link."""
        return self.value(table.PASSWORD_RESET_REQUEST_URL) or None

    @property
    def PASSWORD_SET_REDIRECT(self) -> str | None:
        return self.value(table.PASSWORD_SET_REDIRECT)

    # Password reset and set-password grant cookies
    def grant_cookie(self, cookie: CookieSettings) -> CookieOptions:
        """The attributes a one-time grant's cookie is set with, read now."""
        return CookieOptions(
            http_only=bool(self.value(cookie.http_only)),
            secure=bool(self.value(cookie.secure)),
            same_site=self.same_site(cookie.same_site),
            max_age=int(self.value(cookie.max_age)),
        )

    @property
    def PASSWORD_RESET_COOKIE_HTTP_ONLY(self) -> bool:
        return bool(self.value(table.PASSWORD_RESET_COOKIE.http_only))

    @property
    def PASSWORD_RESET_COOKIE_SECURE(self) -> bool:
        return bool(self.value(table.PASSWORD_RESET_COOKIE.secure))

    @property
    def PASSWORD_RESET_COOKIE_SAME_SITE(self) -> SameSite | None:
        return self.same_site(table.PASSWORD_RESET_COOKIE.same_site)

    @property
    def PASSWORD_RESET_COOKIE_MAX_AGE(self) -> int:
        return int(self.value(table.PASSWORD_RESET_COOKIE.max_age))

    @property
    def PASSWORD_RESET_LINK_LIFETIME(self) -> timedelta:
        """Django's own ``PASSWORD_RESET_TIMEOUT`` (seconds; Django's default is 3 days)."""
        return timedelta(seconds=int(settings.PASSWORD_RESET_TIMEOUT))

    @property
    def PASSWORD_SET_COOKIE_HTTP_ONLY(self) -> bool:
        return bool(self.value(table.PASSWORD_SET_COOKIE.http_only))

    @property
    def PASSWORD_SET_COOKIE_SECURE(self) -> bool:
        return bool(self.value(table.PASSWORD_SET_COOKIE.secure))

    @property
    def PASSWORD_SET_COOKIE_SAME_SITE(self) -> SameSite | None:
        return self.same_site(table.PASSWORD_SET_COOKIE.same_site)

    @property
    def PASSWORD_SET_COOKIE_MAX_AGE(self) -> int:
        return int(self.value(table.PASSWORD_SET_COOKIE.max_age))

    # Links in mails
    @property
    def LINK_BASE_URL(self) -> str | None:
        """``scheme://host[:port]`` mailed links start with; None: the Site, else the request."""
        return self.value(table.LINK_BASE_URL) or None

    @property
    def SITE_ID(self) -> Any:
        """Django's ``SITE_ID``: None when the Site is chosen by the request's host."""
        return self.value(table.SITE_ID)

    @property
    def DEFAULT_HTTP_PROTOCOL(self) -> str:
        """allauth's ``ACCOUNT_DEFAULT_HTTP_PROTOCOL``: ``"https"`` forces it on every link."""
        return str(self.value(table.DEFAULT_HTTP_PROTOCOL)).lower()

    @property
    def ALLOWED_HOSTS(self) -> list[str]:
        return list(settings.ALLOWED_HOSTS)

    @property
    def TEMPLATES(self) -> dict[str, str]:
        return self.value(table.TEMPLATES) or {}

    # MFA
    @property
    def MFA_TOTP_MODE(self) -> MFAMode:
        """A value check E006 reports counts as required: MFA fails closed."""
        return _member(MFAMode, self.value(table.MFA_TOTP_MODE), MFAMode.REQUIRED)

    @property
    def MFA_ENABLED(self) -> bool:
        """Users may enrol and enrolled users are asked for a code (optional or required)."""
        return self.MFA_TOTP_MODE is not MFAMode.DISABLED

    @property
    def MFA_REQUIRED(self) -> bool:
        """Every user must have a second factor to hold a session."""
        return self.MFA_TOTP_MODE is MFAMode.REQUIRED

    @property
    def TOTP_ISSUER(self) -> str:
        return self.value(table.TOTP_ISSUER)

    @property
    def MFA_CHALLENGE_LIFETIME(self) -> timedelta:
        """How long a login challenge (``challenge_id``) can be answered."""
        return self.value(table.MFA_CHALLENGE_LIFETIME)

    @property
    def MFA_SETUP_LIFETIME(self) -> timedelta:
        """How long a setup challenge and a pending (not yet activated) secret live."""
        return self.value(table.MFA_SETUP_LIFETIME)

    @property
    def MFA_REAUTHENTICATION_TIMEOUT(self) -> timedelta:
        """How long after its last password proof a session may enrol a second factor."""
        return self.value(table.MFA_REAUTHENTICATION_TIMEOUT)

    @property
    def MFA_CHALLENGE_ATTEMPTS(self) -> int:
        """Codes one challenge (or one pending setup) may be answered with."""
        return self.value(table.MFA_CHALLENGE_ATTEMPTS)

    # Social login
    @property
    def SOCIAL_EMAIL_LINKING(self) -> bool | list[str]:
        """True, False, or the provider ids whose verified addresses may find an account."""
        return _provider_policy(self.value(table.SOCIAL_EMAIL_LINKING))

    def social_email_linking_allowed(self, provider_id: str) -> bool:
        policy = self.SOCIAL_EMAIL_LINKING
        return policy if isinstance(policy, bool) else provider_id in policy

    @property
    def SOCIAL_REQUIRE_VERIFIED_EMAIL(self) -> bool:
        return bool(self.value(table.SOCIAL_REQUIRE_VERIFIED_EMAIL))

    @property
    def SOCIAL_CALLBACK_URLS(self) -> list[str]:
        """The redirect URIs a code may be exchanged against; empty refuses the code flow."""
        value = self.value(table.SOCIAL_CALLBACK_URLS) or ()
        return [value] if isinstance(value, str) else list(value)

    @property
    def SOCIAL_REQUIRE_PKCE(self) -> bool:
        return bool(self.value(table.SOCIAL_REQUIRE_PKCE))

    @property
    def SOCIAL_CODE_LIFETIME(self) -> timedelta:
        """How long a presented authorization code is remembered as spent."""
        return self.value(table.SOCIAL_CODE_LIFETIME)

    @property
    def SOCIAL_STATE_LIFETIME(self) -> timedelta:
        """How long a state issued by ``social/<provider>/start/`` can be spent."""
        return self.value(table.SOCIAL_STATE_LIFETIME)

    @property
    def SOCIAL_REQUIRE_STATE(self) -> bool:
        """Whether the code endpoints refuse a code sent without a server-issued state."""
        return bool(self.value(table.SOCIAL_REQUIRE_STATE))

    @property
    def SOCIAL_ACCESS_TOKEN_LOGIN(self) -> bool | list[str]:
        """True, False, or the provider ids whose access tokens ``token/`` accepts."""
        return _provider_policy(self.value(table.SOCIAL_ACCESS_TOKEN_LOGIN))

    def social_access_token_allowed(self, provider_id: str) -> bool:
        policy = self.SOCIAL_ACCESS_TOKEN_LOGIN
        return policy if isinstance(policy, bool) else provider_id in policy

    # Overridable serializers (dj-rest-auth names, and 1.x's JWT_ALLAUTH_SERIALIZERS dict)
    def configured_serializer(self, setting: Setting[str]) -> Any:
        """The project's dotted path for a serializer, or None: its name, then its
        dj-rest-auth alias (top level or in ``REST_AUTH``), then
        ``JWT_ALLAUTH_SERIALIZERS[alias]`` (1.x)."""
        if self.is_set(setting):
            return self.value(setting)
        legacy = self.LEGACY_SERIALIZERS
        return legacy.get(setting.aliases[0]) if isinstance(legacy, Mapping) else None

    @property
    def LEGACY_SERIALIZERS(self) -> Any:
        """1.x's ``JWT_ALLAUTH_SERIALIZERS`` as written (for its check)."""
        return self.value(table.LEGACY_SERIALIZERS)

    def _serializer(self, setting: Setting[str]) -> str:
        configured = self.configured_serializer(setting)
        return setting.default if configured is None else configured

    @property
    def LOGIN_SERIALIZER(self) -> str:
        return self._serializer(table.LOGIN_SERIALIZER)

    @property
    def REGISTER_SERIALIZER(self) -> str:
        return self._serializer(table.REGISTER_SERIALIZER)

    @property
    def REGISTER_PERMISSION_CLASSES(self) -> tuple[str, ...]:
        return tuple(self.value(table.REGISTER_PERMISSION_CLASSES))

    @property
    def USER_DETAILS_SERIALIZER(self) -> str:
        return self._serializer(table.USER_DETAILS_SERIALIZER)

    @property
    def PASSWORD_RESET_SERIALIZER(self) -> str:
        return self._serializer(table.PASSWORD_RESET_SERIALIZER)

    @property
    def PASSWORD_RESET_CONFIRM_SERIALIZER(self) -> str:
        return self._serializer(table.PASSWORD_RESET_CONFIRM_SERIALIZER)

    @property
    def PASSWORD_CHANGE_SERIALIZER(self) -> str:
        return self._serializer(table.PASSWORD_CHANGE_SERIALIZER)


def _member(choices: type[Choice], value: object, otherwise: Choice) -> Choice:
    """``value`` as a member of ``choices``, or ``otherwise`` when it names none."""
    try:
        return choices(value)
    except ValueError:
        return otherwise


def _provider_policy(value: Any) -> bool | list[str]:
    if isinstance(value, bool):
        return value
    return [value] if isinstance(value, str) else list(value or ())


app_settings = AppSettings()
