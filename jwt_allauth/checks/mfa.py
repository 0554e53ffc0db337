"""Checks on the MFA settings and what MFA needs installed."""

from __future__ import annotations

from datetime import timedelta

from django.core import checks
from django.utils.module_loading import import_string

from jwt_allauth.app_settings import app_settings
from jwt_allauth.checks.types import AppConfigs
from jwt_allauth.constants import MFAMode
from jwt_allauth.internal import compat
from jwt_allauth.internal import settings_table as table


@checks.register("jwt_allauth")
def check_mfa_mode(app_configs: AppConfigs = None, **kwargs: object) -> list[checks.CheckMessage]:
    """An unknown mode counts as required at run time (MFA fails closed): report it."""
    mode = app_settings.value(table.MFA_TOTP_MODE)
    if mode in MFAMode.values:
        return []
    return [
        checks.Error(
            f"{table.MFA_TOTP_MODE.name} must be one of {tuple(MFAMode.values)}, not {mode!r}.",
            hint="Use 'disabled', 'optional' or 'required'.",
            id="jwt_allauth.E006",
        )
    ]


@checks.register("jwt_allauth")
def check_mfa_dependencies(
    app_configs: AppConfigs = None, **kwargs: object
) -> list[checks.CheckMessage]:
    """With MFA on, allauth.mfa and the ``mfa`` extra must be there, and ideally our adapter."""
    if not app_settings.MFA_ENABLED:
        return []
    if not compat.mfa_installed():
        return [
            checks.Error(
                f"{table.MFA_TOTP_MODE.name} is not 'disabled' but allauth.mfa is not in "
                "INSTALLED_APPS; every login would fail.",
                hint="Add 'allauth.mfa' to INSTALLED_APPS and run migrate.",
                id="jwt_allauth.E011",
            )
        ]
    problems: list[checks.CheckMessage] = []
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
def check_mfa_limits(app_configs: AppConfigs = None, **kwargs: object) -> list[checks.CheckMessage]:
    errors: list[checks.CheckMessage] = []
    for setting in (table.MFA_CHALLENGE_LIFETIME, table.MFA_SETUP_LIFETIME):
        value = app_settings.value(setting)
        if not isinstance(value, timedelta) or value <= timedelta(0):
            errors.append(
                _mfa_limit_error(f"{setting.name} must be a positive timedelta, not {value!r}.")
            )
    timeout = app_settings.value(table.MFA_REAUTHENTICATION_TIMEOUT)
    if not isinstance(timeout, timedelta) or timeout < timedelta(0):
        errors.append(
            _mfa_limit_error(
                f"{table.MFA_REAUTHENTICATION_TIMEOUT.name} must be a timedelta of zero or "
                f"more, not {timeout!r}."
            )
        )
    attempts = app_settings.value(table.MFA_CHALLENGE_ATTEMPTS)
    if isinstance(attempts, bool) or not isinstance(attempts, int) or attempts < 1:
        errors.append(
            _mfa_limit_error(
                f"{table.MFA_CHALLENGE_ATTEMPTS.name} must be a positive int, not {attempts!r}."
            )
        )
    return errors


def _mfa_limit_error(message: str) -> checks.Error:
    return checks.Error(
        message,
        hint="See the MFA page of the docs for the defaults.",
        id="jwt_allauth.E013",
    )
