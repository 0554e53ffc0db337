"""Checks on the MFA settings and what MFA needs installed."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core import checks
from django.utils.module_loading import import_string

from jwt_allauth import constants
from jwt_allauth.app_settings import app_settings
from jwt_allauth.internal import compat


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

    from jwt_allauth.mfa.adapter import MFAAdapter

    if issubclass(import_string(mfa_settings.ADAPTER), MFAAdapter):
        return []
    return [
        checks.Warning(
            f"MFA_ADAPTER {mfa_settings.ADAPTER} does not extend jwt_allauth's MFA adapter: "
            "TOTP secrets are stored as it stores them (allauth's default: unencrypted).",
            hint="Derive yours from jwt_allauth.mfa.adapter.MFAAdapter, or delete MFA_ADAPTER: "
            "when it is unset, jwt_allauth supplies MFA_ADAPTER = "
            "'jwt_allauth.mfa.adapter.MFAAdapter'.",
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
    timeout = app_settings.MFA_REAUTHENTICATION_TIMEOUT
    if not isinstance(timeout, timedelta) or timeout < timedelta(0):
        errors.append(
            _mfa_limit_error(
                "JWT_ALLAUTH_MFA_REAUTHENTICATION_TIMEOUT must be a timedelta of zero or "
                f"more, not {timeout!r}."
            )
        )
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
        hint="See the MFA page of the docs for the defaults.",
        id="jwt_allauth.E013",
    )
