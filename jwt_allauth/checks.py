"""System checks for settings a project can get wrong (ids jwt_allauth.E0xx / W0xx)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from django.apps import apps
from django.contrib.auth import get_backends, get_user_model
from django.core import checks

from jwt_allauth import constants
from jwt_allauth.app_settings import app_settings
from jwt_allauth.internal import compat
from jwt_allauth.throttling import parse_rate

RESERVED_CLAIMS = frozenset(
    {"exp", "iat", "jti", "nbf", "iss", "aud", "token_type", "user_id", "role", "sid"}
)
SAMESITE_VALUES = ("Lax", "Strict", "None", None, False)


@checks.register(checks.Tags.security, "jwt_allauth")
def check_token_lifetimes(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    errors = []
    for name, value in (
        ("JWT_ACCESS_TOKEN_LIFETIME", app_settings.ACCESS_TOKEN_LIFETIME),
        ("JWT_REFRESH_TOKEN_LIFETIME", app_settings.REFRESH_TOKEN_LIFETIME),
    ):
        if not isinstance(value, timedelta) or value <= timedelta(0):
            errors.append(
                checks.Error(
                    f"{name} must be a positive datetime.timedelta, not {value!r}.",
                    hint=f"For example: {name} = timedelta(minutes=30)",
                    id="jwt_allauth.E001",
                )
            )
    if not errors and app_settings.ACCESS_TOKEN_LIFETIME > app_settings.REFRESH_TOKEN_LIFETIME:
        errors.append(
            checks.Warning(
                "JWT_ACCESS_TOKEN_LIFETIME is longer than JWT_REFRESH_TOKEN_LIFETIME; "
                "access tokens are cut at the session's end.",
                hint="Keep access tokens short (minutes) and sessions long (days).",
                id="jwt_allauth.W001",
            )
        )
    return errors


@checks.register(checks.Tags.security, "jwt_allauth")
def check_refresh_cookie(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    if not app_settings.REFRESH_TOKEN_AS_COOKIE:
        return []
    samesite = app_settings.REFRESH_COOKIE_SAMESITE
    if samesite not in SAMESITE_VALUES:
        return [
            checks.Error(
                f"JWT_AUTH_SAMESITE must be 'Lax', 'Strict', 'None' or None, not {samesite!r}.",
                hint="'Lax' suits an API on the same site as its front end.",
                id="jwt_allauth.E002",
            )
        ]
    problems = []
    if samesite == "None" and not app_settings.REFRESH_COOKIE_SECURE:
        problems.append(
            checks.Error(
                "JWT_AUTH_SAMESITE = 'None' without JWT_AUTH_SECURE: browsers drop the cookie.",
                hint="Set JWT_AUTH_SECURE = True and serve the API over HTTPS.",
                id="jwt_allauth.E003",
            )
        )
    if not app_settings.REFRESH_COOKIE_HTTPONLY:
        problems.append(
            checks.Warning(
                "JWT_AUTH_HTTPONLY is False: scripts on the page can read the refresh token.",
                hint="Leave it True; the refresh cookie is meant for the server only.",
                id="jwt_allauth.W002",
            )
        )
    return problems


@checks.register("jwt_allauth")
def check_user_attributes(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    attributes = app_settings.USER_ATTRIBUTES
    if not isinstance(attributes, dict) or not all(
        isinstance(key, str) and isinstance(value, str) and value
        for key, value in attributes.items()
    ):
        return [
            checks.Error(
                "JWT_ALLAUTH_USER_ATTRIBUTES must map claim names to dotted attribute paths.",
                hint='For example: {"organization_id": "organization.id"}',
                id="jwt_allauth.E004",
            )
        ]
    clashes = sorted(RESERVED_CLAIMS.intersection(attributes))
    if clashes:
        return [
            checks.Error(
                f"JWT_ALLAUTH_USER_ATTRIBUTES uses reserved claim names: {', '.join(clashes)}.",
                hint="Pick other claim names; 'role' is always included.",
                id="jwt_allauth.E005",
            )
        ]
    return []


@checks.register("jwt_allauth")
def check_mfa_mode(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    mode = app_settings.MFA_TOTP_MODE
    if mode not in constants.MFA_TOTP_MODES:
        return [
            checks.Error(
                f"JWT_ALLAUTH_MFA_TOTP_MODE must be one of {constants.MFA_TOTP_MODES}, "
                f"not {mode!r}.",
                hint="Use 'disabled', 'optional' or 'required'.",
                id="jwt_allauth.E006",
            )
        ]
    return []


@checks.register("jwt_allauth")
def check_throttle_rates(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    configured = app_settings.raw("JWT_ALLAUTH_THROTTLE_RATES")
    if configured is not None and not isinstance(configured, Mapping):
        return [
            checks.Error(
                f"JWT_ALLAUTH_THROTTLE_RATES must be a dict, not {configured!r}.",
                hint='For example: {"login": "30/min", "login_failures": "10/hour"}',
                id="jwt_allauth.E007",
            )
        ]
    errors = []
    for scope, rate in app_settings.THROTTLE_RATES.items():
        if rate is None:
            continue
        if not _is_rate(rate):
            errors.append(
                checks.Error(
                    f"JWT_ALLAUTH_THROTTLE_RATES[{scope!r}] = {rate!r} is not a rate.",
                    hint="Write rates as DRF does ('10/min', '100/hour'), or with a multiple "
                    "of the unit ('10/15m'); the count must be positive; None disables.",
                    id="jwt_allauth.E007",
                )
            )
    return errors


def _is_rate(rate: Any) -> bool:
    parsed = parse_rate(rate)
    return parsed is not None and parsed[0] > 0


@checks.register("jwt_allauth")
def check_dependencies(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    missing = [
        app
        for app in ("allauth", "allauth.account", "rest_framework")
        if not apps.is_installed(app)
    ]
    if missing:
        return [
            checks.Error(
                f"jwt_allauth needs {', '.join(missing)} in INSTALLED_APPS.",
                hint="See the installation page of the docs.",
                id="jwt_allauth.E008",
            )
        ]
    return []


@checks.register("jwt_allauth")
def check_email_login(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Login sends ``email=``; some configured backend must understand it."""
    if get_user_model().USERNAME_FIELD == "email" or not apps.is_installed("allauth.account"):
        return []
    from allauth.account import app_settings as account_settings
    from allauth.account.auth_backends import AuthenticationBackend

    allauth_backend = any(isinstance(b, AuthenticationBackend) for b in get_backends())
    if allauth_backend and "email" in account_settings.LOGIN_METHODS:
        return []
    return [
        checks.Error(
            "No authentication backend can log users in by e-mail.",
            hint="Add 'allauth.account.auth_backends.AuthenticationBackend' to "
            "AUTHENTICATION_BACKENDS and set ACCOUNT_LOGIN_METHODS = {'email'}, or use a "
            "user model whose USERNAME_FIELD is 'email'.",
            id="jwt_allauth.E009",
        )
    ]


EMAIL_VERIFICATION_WORDS = ("none", "optional", "mandatory")  # allauth's spelling


@checks.register("jwt_allauth")
def check_email_verification(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    value = app_settings.EMAIL_VERIFICATION
    if value is True or value is False or value in EMAIL_VERIFICATION_WORDS:
        return []
    return [
        checks.Error(
            f"EMAIL_VERIFICATION must be True, False or 'optional', not {value!r}.",
            hint="True: sign-up waits for the e-mailed link; 'optional': it does not.",
            id="jwt_allauth.E010",
        )
    ]


@checks.register("jwt_allauth")
def check_account_adapter(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """A project adapter that is not ours is bypassed by our sign-up flows: say so."""
    if not apps.is_installed("allauth.account"):
        return []
    from allauth.account import app_settings as account_settings
    from allauth.account.adapter import DefaultAccountAdapter
    from django.utils.module_loading import import_string

    from jwt_allauth.registration.adapter import AccountAdapter

    adapter_class = import_string(account_settings.ADAPTER)
    if adapter_class is DefaultAccountAdapter or issubclass(adapter_class, AccountAdapter):
        return []
    return [
        checks.Warning(
            f"ACCOUNT_ADAPTER {account_settings.ADAPTER} does not extend jwt_allauth's "
            "adapter; jwt_allauth's sign-up mails and links will not use it.",
            hint="Derive it from jwt_allauth.registration.adapter.AccountAdapter.",
            id="jwt_allauth.W003",
        )
    ]


@checks.register("jwt_allauth")
def check_mfa_dependencies(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """With MFA on, allauth.mfa and the ``mfa`` extra must be there, and ideally our adapter."""
    if app_settings.MFA_TOTP_MODE == constants.MFA_TOTP_DISABLED:
        return []
    if not compat.mfa_installed():
        return [
            checks.Error(
                "JWT_ALLAUTH_MFA_TOTP_MODE is not 'disabled' but allauth.mfa is not in "
                "INSTALLED_APPS; every login would fail.",
                hint="Add 'allauth.mfa' to INSTALLED_APPS and run migrate.",
                id="jwt_allauth.E011",
            )
        ]
    problems = []
    missing = compat.missing_mfa_libraries()
    if missing:
        problems.append(
            checks.Error(
                f"MFA needs {', '.join(missing)}, which cannot be imported.",
                hint="pip install 'jwt-allauth[mfa]'",
                id="jwt_allauth.E012",
            )
        )
    return problems + _check_mfa_adapter()


def _check_mfa_adapter() -> list[checks.CheckMessage]:
    from allauth.mfa import app_settings as mfa_settings
    from django.utils.module_loading import import_string

    from jwt_allauth.mfa.adapter import MFAAdapter

    if issubclass(import_string(mfa_settings.ADAPTER), MFAAdapter):
        return []
    return [
        checks.Warning(
            f"MFA_ADAPTER {mfa_settings.ADAPTER} does not extend jwt_allauth's MFA adapter: "
            "TOTP secrets are stored as it stores them (allauth's default: unencrypted).",
            hint="Set MFA_ADAPTER = 'jwt_allauth.mfa.adapter.MFAAdapter', or derive yours from it.",
            id="jwt_allauth.W004",
        )
    ]


@checks.register("jwt_allauth")
def check_mfa_limits(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    errors = []
    for name, value in (
        ("JWT_ALLAUTH_MFA_CHALLENGE_LIFETIME", app_settings.MFA_CHALLENGE_LIFETIME),
        ("JWT_ALLAUTH_MFA_SETUP_LIFETIME", app_settings.MFA_SETUP_LIFETIME),
    ):
        if not isinstance(value, timedelta) or value <= timedelta(0):
            errors.append(_mfa_limit_error(f"{name} must be a positive timedelta, not {value!r}."))
    attempts = app_settings.MFA_CHALLENGE_ATTEMPTS
    if isinstance(attempts, bool) or not isinstance(attempts, int) or attempts < 1:
        errors.append(
            _mfa_limit_error(
                f"JWT_ALLAUTH_MFA_CHALLENGE_ATTEMPTS must be a positive int, not {attempts!r}."
            )
        )
    return errors


def _mfa_limit_error(message: str) -> checks.Error:
    return checks.Error(
        message,
        hint="See the MFA page of the docs for the defaults (5 minutes, 15 minutes, 5).",
        id="jwt_allauth.E013",
    )
