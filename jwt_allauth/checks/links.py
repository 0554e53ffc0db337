"""Checks on where mailed links point: a configured origin, or a Host header Django trusts."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.core import checks

from jwt_allauth.app_settings import app_settings
from jwt_allauth.checks.types import AppConfigs
from jwt_allauth.internal import settings_table as table
from jwt_allauth.internal.links import uses_request_host


@checks.register("jwt_allauth")
def check_link_base_url(
    app_configs: AppConfigs = None, **kwargs: object
) -> list[checks.CheckMessage]:
    value = app_settings.raw(table.LINK_BASE_URL)
    if value is None or value == "" or _is_origin(value):
        return []
    return [
        checks.Error(
            f"JWT_ALLAUTH_LINK_BASE_URL = {value!r} is not an http(s) origin.",
            hint="Scheme and host (and port) only, e.g. 'https://api.example.com'. A path "
            "prefix in front of the package's URLs belongs in FORCE_SCRIPT_NAME.",
            id="jwt_allauth.E023",
        )
    ]


def _is_origin(value: object) -> bool:
    if not isinstance(value, str) or any(ord(char) <= 32 or ord(char) == 127 for char in value):
        return False
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 -- raises ValueError for a port out of range
    except ValueError:
        return False
    plain = not (parts.path.strip("/") or parts.query or parts.fragment or parts.username)
    return parts.scheme in ("http", "https") and bool(parts.hostname) and plain


@checks.register("jwt_allauth")
def check_link_host(app_configs: AppConfigs = None, **kwargs: object) -> list[checks.CheckMessage]:
    """Links taken from the Host header are only as safe as ALLOWED_HOSTS."""
    if not uses_request_host() or "*" not in app_settings.ALLOWED_HOSTS:
        return []
    return [
        checks.Warning(
            "Links in mails (password reset, verification, invitations) take their host "
            "from the request, and ALLOWED_HOSTS accepts any host: anyone can have a reset "
            "link mailed to a user that points at a host of their choosing.",
            hint="Set JWT_ALLAUTH_LINK_BASE_URL = 'https://api.example.com', or install "
            "django.contrib.sites with a SITE_ID whose Site names your domain, or list your "
            "hosts in ALLOWED_HOSTS.",
            id="jwt_allauth.W009",
        )
    ]
