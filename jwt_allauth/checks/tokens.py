"""Checks on tokens, the refresh cookie, claims, throttles and DRF authentication."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from django.core import checks
from django.urls import NoReverseMatch, reverse

from jwt_allauth.app_settings import app_settings
from jwt_allauth.checks.types import AppConfigs
from jwt_allauth.constants import SameSite, ThrottleScope
from jwt_allauth.internal import settings_table as table
from jwt_allauth.throttling import parse_rate

RESERVED_CLAIMS = frozenset(
    {"exp", "iat", "jti", "nbf", "iss", "aud", "token_type", "user_id", "role", "sid", "auth_time"}
)
SAMESITE_VALUES = (*SameSite.values, None, False)  # None, False: no SameSite attribute


@checks.register(checks.Tags.security, "jwt_allauth")
def check_token_lifetimes(
    app_configs: AppConfigs = None, **kwargs: object
) -> list[checks.CheckMessage]:
    errors: list[checks.CheckMessage] = []
    for setting in (table.ACCESS_TOKEN_LIFETIME, table.REFRESH_TOKEN_LIFETIME):
        name, value = setting.name, app_settings.value(setting)
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
def check_refresh_cookie(
    app_configs: AppConfigs = None, **kwargs: object
) -> list[checks.CheckMessage]:
    if not app_settings.REFRESH_TOKEN_AS_COOKIE:
        return []
    samesite = app_settings.value(table.REFRESH_COOKIE_SAMESITE)
    if samesite not in SAMESITE_VALUES:
        return [
            checks.Error(
                f"{table.REFRESH_COOKIE_SAMESITE.name} must be 'Lax', 'Strict', 'None' or None, "
                f"not {samesite!r}.",
                hint="'Lax' suits an API on the same site as its front end.",
                id="jwt_allauth.E002",
            )
        ]
    problems: list[checks.CheckMessage] = []
    if samesite == SameSite.NONE and not app_settings.REFRESH_COOKIE_SECURE:
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
def check_refresh_cookie_path(
    app_configs: AppConfigs = None, **kwargs: object
) -> list[checks.CheckMessage]:
    """A cookie path that does not cover refresh/ keeps the cookie from the one view needing it."""
    path = app_settings.REFRESH_COOKIE_PATH
    if not app_settings.REFRESH_TOKEN_AS_COOKIE or path in (None, ""):  # unset: the default
        return []
    if not isinstance(path, str) or not path.startswith("/"):
        return [
            checks.Error(
                f"JWT_AUTH_REFRESH_COOKIE_PATH must be a path starting with '/', not {path!r}; "
                "browsers ignore any other value and scope the cookie to the login URL.",
                hint="Leave it unset: the cookie then covers refresh/ and logout/.",
                id="jwt_allauth.E014",
            )
        ]
    try:
        refresh_url = reverse("token_refresh")
    except NoReverseMatch:  # jwt_allauth.urls not mounted: nothing to compare with
        return []
    if path_matches(refresh_url, path):
        return []
    return [
        checks.Warning(
            f"JWT_AUTH_REFRESH_COOKIE_PATH = {path!r} does not cover {refresh_url}: "
            "browsers will not send the refresh cookie there and every refresh fails.",
            hint="Leave it unset, or use a prefix of the refresh URL. Under a script prefix "
            "unknown to Django (SCRIPT_NAME without FORCE_SCRIPT_NAME) this may be wrong.",
            id="jwt_allauth.W005",
        )
    ]


def path_matches(request_path: str, cookie_path: str) -> bool:
    """RFC 6265 5.1.4: whether a cookie scoped to ``cookie_path`` is sent to ``request_path``."""
    if request_path == cookie_path:
        return True
    if not request_path.startswith(cookie_path):
        return False
    return cookie_path.endswith("/") or request_path[len(cookie_path)] == "/"


@checks.register("jwt_allauth")
def check_user_attributes(
    app_configs: AppConfigs = None, **kwargs: object
) -> list[checks.CheckMessage]:
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
def check_throttle_rates(
    app_configs: AppConfigs = None, **kwargs: object
) -> list[checks.CheckMessage]:
    configured = app_settings.raw(table.THROTTLE_RATES)
    if configured is not None and not isinstance(configured, Mapping):
        return [
            checks.Error(
                f"JWT_ALLAUTH_THROTTLE_RATES must be a dict, not {configured!r}.",
                hint='For example: {"login": "30/min", "login_failures": "10/hour"}',
                id="jwt_allauth.E007",
            )
        ]
    errors: list[checks.CheckMessage] = []
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
    return errors + _check_throttle_scopes(configured or {})


def _check_throttle_scopes(configured: Mapping[Any, Any]) -> list[checks.CheckMessage]:
    """A scope no throttle reads (a typo, most likely) would be ignored: say so."""
    unknown = sorted(repr(scope) for scope in configured if scope not in ThrottleScope.values)
    if not unknown:
        return []
    return [
        checks.Warning(
            f"{table.THROTTLE_RATES.name} names scopes jwt_allauth does not have, which are "
            f"ignored: {', '.join(unknown)}.",
            hint=f"The scopes are: {', '.join(ThrottleScope.values)}.",
            id="jwt_allauth.W023",
        )
    ]


def _is_rate(rate: object) -> bool:
    parsed = parse_rate(rate)
    return parsed is not None and parsed[0] > 0
