"""Checks on the social-login settings, run only when ``allauth.socialaccount`` is installed."""

from __future__ import annotations

from collections.abc import Collection
from datetime import timedelta
from typing import Any, TypeGuard
from urllib.parse import urlsplit

from django.apps import apps
from django.core import checks

from jwt_allauth.app_settings import app_settings
from jwt_allauth.checks.types import AppConfigs
from jwt_allauth.internal import compat
from jwt_allauth.internal import settings_table as table
from jwt_allauth.internal.settings_table import Setting

PROVIDER_POLICIES = (table.SOCIAL_EMAIL_LINKING, table.SOCIAL_ACCESS_TOKEN_LOGIN)
LIFETIMES = (table.SOCIAL_CODE_LIFETIME, table.SOCIAL_STATE_LIFETIME)
SWITCHES = (
    table.SOCIAL_REQUIRE_VERIFIED_EMAIL,
    table.SOCIAL_REQUIRE_PKCE,
    table.SOCIAL_REQUIRE_STATE,
)
_UNSET = object()


@checks.register("jwt_allauth")
def check_social_extra(
    app_configs: AppConfigs = None, **kwargs: object
) -> list[checks.CheckMessage]:
    """``allauth.socialaccount`` without requests/PyJWT: the social URLs are not routed."""
    if not apps.is_installed(compat.SOCIAL_APP) or compat.social_installed():
        return []
    return [
        checks.Error(
            "allauth.socialaccount is in INSTALLED_APPS but requests or PyJWT cannot be "
            "imported: the social/ endpoints are not routed.",
            hint="pip install 'jwt-allauth[social]'",
            id="jwt_allauth.E029",
        )
    ]


@checks.register(checks.Tags.security, "jwt_allauth")
def check_social_settings(
    app_configs: AppConfigs = None, **kwargs: object
) -> list[checks.CheckMessage]:
    if not apps.is_installed(compat.SOCIAL_APP):
        return []
    return [
        *_check_provider_policies(),
        *_check_callback_urls(),
        *_check_lifetimes(),
        *_check_switches(),
    ]


def _set(setting: Setting[object]) -> Any:
    return app_settings.raw(setting, default=_UNSET)


def _check_provider_policies() -> list[checks.CheckMessage]:
    errors: list[checks.CheckMessage] = []
    for setting in PROVIDER_POLICIES:
        name, value = setting.name, _set(setting)
        if value is _UNSET or isinstance(value, bool) or _is_list_of_strings(value):
            continue
        errors.append(
            checks.Error(
                f"{name} must be True, False or a list of provider ids, not {value!r}.",
                hint=f'For example: {name} = ["google"]',
                id="jwt_allauth.E025",
            )
        )
    return errors


def _check_callback_urls() -> list[checks.CheckMessage]:
    value = _set(table.SOCIAL_CALLBACK_URLS)
    if value is _UNSET or value is None or (isinstance(value, list | tuple) and not value):
        return [
            checks.Warning(
                "The authorization-code endpoints refuse every callback URL: "
                "JWT_ALLAUTH_SOCIAL_CALLBACK_URLS is empty.",
                hint="List the redirect URIs your front ends use in "
                "JWT_ALLAUTH_SOCIAL_CALLBACK_URLS, or silence jwt_allauth.W010 if you only "
                "use the token/ endpoints.",
                id="jwt_allauth.W010",
            )
        ]
    if _is_list_of_strings(value) and all(_is_redirect_uri(url) for url in value):
        return []
    return [
        checks.Error(
            "JWT_ALLAUTH_SOCIAL_CALLBACK_URLS must be a list of absolute redirect URIs "
            f"(a scheme, no fragment), not {value!r}.",
            hint='For example: ["https://app.example.com/callback", '
            '"com.example.app:/oauth2redirect"]',
            id="jwt_allauth.E026",
        )
    ]


def _check_lifetimes() -> list[checks.CheckMessage]:
    errors: list[checks.CheckMessage] = []
    for setting in LIFETIMES:
        name, value = setting.name, _set(setting)
        if value is _UNSET or (isinstance(value, timedelta) and value > timedelta(0)):
            continue
        errors.append(
            checks.Error(
                f"{name} must be a positive datetime.timedelta, not {value!r}.",
                hint=f"For example: {name} = timedelta(minutes=10)",
                id="jwt_allauth.E027",
            )
        )
    return errors


def _check_switches() -> list[checks.CheckMessage]:
    errors: list[checks.CheckMessage] = []
    for setting in SWITCHES:
        name, value = setting.name, _set(setting)
        if value is _UNSET or isinstance(value, bool):
            continue
        errors.append(
            checks.Error(
                f"{name} must be True or False, not {value!r}.",
                hint="A string such as 'False' counts as on.",
                id="jwt_allauth.E028",
            )
        )
    return errors


def _is_list_of_strings(value: object) -> TypeGuard[Collection[str]]:
    return isinstance(value, list | tuple | set | frozenset) and all(
        isinstance(item, str) and item for item in value
    )


def _is_redirect_uri(url: str) -> bool:
    parts = urlsplit(url)
    return bool(parts.scheme) and "#" not in url and (bool(parts.netloc) or parts.path != "")
