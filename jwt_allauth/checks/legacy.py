"""Checks on jwt-allauth 1.x settings this version does not read as 1.x did.

Each 1.x setting is either read with its 1.x meaning (see ``app_settings``) or
named here, with the reason it is refused or what takes its place.
"""

from __future__ import annotations

from datetime import timedelta

from django.core import checks

from jwt_allauth.app_settings import UNSET_LEGACY, app_settings
from jwt_allauth.checks.types import AppConfigs
from jwt_allauth.internal import settings_table as table
from jwt_allauth.internal.settings_table import Setting


def _set(setting: Setting[object]) -> bool:
    return app_settings.legacy_value(setting) is not UNSET_LEGACY


@checks.register("jwt_allauth")
def check_legacy_session_model(
    app_configs: AppConfigs = None, **kwargs: object
) -> list[checks.CheckMessage]:
    """1.x refused these too: rotation and a session row are what make replay detection work."""
    refused = []
    if _set(table.LEGACY_REFRESH_TOKEN_CLASS):
        refused.append(
            "JWT_ALLAUTH_REFRESH_TOKEN (a refresh token class of the project's): the "
            "package's refresh tokens are checked against their session row on every "
            "rotation, which a replaced class could skip"
        )
    if app_settings.legacy_value(table.ROTATE_REFRESH_TOKENS) is False:
        refused.append(
            "ROTATE_REFRESH_TOKENS = False: every refresh rotates, so a stolen token "
            "replayed after its owner used it ends the session"
        )
    if app_settings.legacy_value(table.BLACKLIST_AFTER_ROTATION) is True:
        refused.append(
            "BLACKLIST_AFTER_ROTATION = True: sessions are rows that revocation deletes; "
            "there is no token blacklist"
        )
    return [
        checks.Error(
            f"Not supported: {reason}.",
            hint="Delete the setting. See the upgrading page of the docs.",
            id="jwt_allauth.E030",
        )
        for reason in refused
    ]


@checks.register("jwt_allauth")
def check_legacy_signing_key(
    app_configs: AppConfigs = None, **kwargs: object
) -> list[checks.CheckMessage]:
    """1.x's signing key goes into SIMPLE_JWT at start-up, unless SIMPLE_JWT names another."""
    names = app_settings.written_names(table.LEGACY_SIGNING_KEY)
    if not names:
        return []
    simple_jwt = app_settings.legacy_value(table.SIMPLE_JWT)
    if not isinstance(simple_jwt, dict) or "SIGNING_KEY" not in simple_jwt:
        return []  # supplied at start-up
    if simple_jwt["SIGNING_KEY"] == app_settings.legacy_signing_key():
        return []
    return [
        checks.Error(
            f"{names[0]} and SIMPLE_JWT['SIGNING_KEY'] name different keys; tokens are "
            "signed with SIMPLE_JWT's, so every token signed under the other is refused.",
            hint=f"Keep one: delete {' and '.join(names)}, or SIMPLE_JWT['SIGNING_KEY'].",
            id="jwt_allauth.E031",
        )
    ]


@checks.register("jwt_allauth")
def check_legacy_session_lifetime(
    app_configs: AppConfigs = None, **kwargs: object
) -> list[checks.CheckMessage]:
    lifetime = app_settings.legacy_value(table.SESSION_LIFETIME)
    if lifetime is UNSET_LEGACY or lifetime is None:
        return []
    if not isinstance(lifetime, timedelta) or lifetime <= timedelta(0):
        return [
            checks.Error(
                f"JWT_ALLAUTH_SESSION_LIFETIME must be a positive timedelta or None, "
                f"not {lifetime!r}.",
                hint="For example timedelta(days=30): no session outlives it.",
                id="jwt_allauth.E032",
            )
        ]
    if lifetime > app_settings.REFRESH_TOKEN_LIFETIME:
        return [
            checks.Warning(
                f"JWT_ALLAUTH_SESSION_LIFETIME ({lifetime}) is longer than the refresh "
                f"token lifetime ({app_settings.REFRESH_TOKEN_LIFETIME}): sessions end at "
                "the shorter one. Sessions here have a fixed end from sign-in; they do "
                "not slide with use as 1.x's did.",
                hint="Set JWT_REFRESH_TOKEN_LIFETIME to the session length you want and "
                "delete JWT_ALLAUTH_SESSION_LIFETIME.",
                id="jwt_allauth.W020",
            )
        ]
    return []


@checks.register("jwt_allauth")
def check_legacy_mfa_lockout(
    app_configs: AppConfigs = None, **kwargs: object
) -> list[checks.CheckMessage]:
    errors: list[checks.CheckMessage] = []
    for setting in (table.MFA_MAX_ATTEMPTS, table.MFA_LOCKOUT_SECONDS):
        name, value = setting.name, app_settings.legacy_value(setting)
        if value is UNSET_LEGACY:
            continue
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            errors.append(
                checks.Error(
                    f"{name} must be a positive int, not {value!r}.",
                    hint="They set the per-user MFA failure budget (the 'mfa_failures' "
                    "rate, default 10 per 900 seconds); a budget of none would let codes "
                    "be guessed without end, or lock every user out.",
                    id="jwt_allauth.E033",
                )
            )
    return errors


@checks.register("jwt_allauth")
def check_legacy_refresh_cookie_max_age(
    app_configs: AppConfigs = None, **kwargs: object
) -> list[checks.CheckMessage]:
    value = app_settings.legacy_value(table.REFRESH_COOKIE_MAX_AGE)
    if value is UNSET_LEGACY or value is None:
        return []
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        return [
            checks.Error(
                "JWT_ALLAUTH_REFRESH_TOKEN_COOKIE_MAX_AGE must be None or a positive "
                f"number of seconds, not {value!r}.",
                hint="Leave it unset to let the cookie live as long as its session, "
                "None for a cookie that ends with the browser session, or an int.",
                id="jwt_allauth.E016",
            )
        ]
    return []


@checks.register("jwt_allauth")
def check_legacy_token_retention(
    app_configs: AppConfigs = None, **kwargs: object
) -> list[checks.CheckMessage]:
    """1.x's ``{purpose: timedelta}``, read by ``manage.py jwt_allauth_purge_grants``."""
    from jwt_allauth.grants.flows import retention_purpose  # models: not at import time

    value = app_settings.legacy_value(table.TOKEN_RETENTION)
    if value is UNSET_LEGACY or value is None:
        return []
    if not isinstance(value, dict) or not all(
        isinstance(name, str) and isinstance(keep, timedelta) and keep > timedelta(0)
        for name, keep in value.items()
    ):
        return [
            checks.Error(
                "JWT_ALLAUTH_TOKEN_RETENTION must be a dict of purpose names to positive "
                f"timedeltas, not {value!r}.",
                hint="For example {'PASS_RESET': timedelta(hours=6)}; see "
                "manage.py jwt_allauth_purge_grants.",
                id="jwt_allauth.E034",
            )
        ]
    unknown = sorted(name for name in value if retention_purpose(name) is None)
    if not unknown:
        return []
    return [
        checks.Warning(
            f"JWT_ALLAUTH_TOKEN_RETENTION names purposes this version does not store: "
            f"{', '.join(map(repr, unknown))}; they are ignored.",
            hint="Grants stored here are PASS_RESET / PASS_RESET_ACCESS (password_reset), "
            "PASS_SET / PASS_SET_ACCESS (set_password), mfa_login_challenge (mfa_login), "
            "mfa_setup_challenge (mfa_setup) and mfa_setup_secret (totp_pending). "
            "E-mail confirmations are allauth's, MFA attempts a throttle counter.",
            id="jwt_allauth.W022",
        )
    ]


@checks.register("jwt_allauth")
def check_legacy_ignored(
    app_configs: AppConfigs = None, **kwargs: object
) -> list[checks.CheckMessage]:
    """1.x options deliberately not honoured: say so, and why, instead of ignoring them."""
    ignored = []
    if app_settings.legacy_value(table.PREVENT_ENUMERATION) is False:
        ignored.append(
            (
                "ACCOUNT_PREVENT_ENUMERATION = False is not honoured by jwt_allauth's "
                "endpoints: sign-up, reset and resend answer alike whether an address "
                "has an account, so they cannot be used to list your users.",
                "Delete the setting (allauth's own pages still read it).",
            )
        )
    return [checks.Warning(msg, hint=hint, id="jwt_allauth.W021") for msg, hint in ignored]
