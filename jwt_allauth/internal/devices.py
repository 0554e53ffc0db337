"""The device cookie: a signed, HttpOnly mark that this browser signed in to one account.

A request that carries a valid one for the account it names counts its
password failures in that device's own budget, so an attacker who spends the
account's shared budget cannot lock the owner out of the devices they use.
"""

from __future__ import annotations

import os
import secrets
from typing import Any

from django.core import signing
from django.urls import NoReverseMatch, reverse

from jwt_allauth.app_settings import app_settings

SALT = "jwt_allauth.device"
COVERED_URLS = ("rest_login", "rest_password_reset", "rest_password_change")


def device_cookie_path() -> str:
    """The deepest path covering login/ and the password endpoints."""
    try:
        paths = [reverse(name) for name in COVERED_URLS]
    except NoReverseMatch:
        return "/"
    prefix = os.path.commonprefix(paths)
    return prefix[: prefix.rfind("/") + 1] or "/"


def remember_device(response: Any, account: str) -> None:
    """Give the client a new device cookie for ``account`` (an account identity)."""
    lifetime = app_settings.DEVICE_COOKIE_LIFETIME
    if not lifetime:
        return
    value = signing.dumps({"a": account, "d": secrets.token_urlsafe(16)}, salt=SALT)
    response.set_cookie(
        app_settings.DEVICE_COOKIE_NAME,
        value,
        max_age=int(lifetime.total_seconds()),
        path=device_cookie_path(),
        domain=app_settings.REFRESH_COOKIE_DOMAIN,
        secure=app_settings.REFRESH_COOKIE_SECURE,
        httponly=True,
        samesite=app_settings.REFRESH_COOKIE_SAMESITE,
    )


def device_of(request: Any, account: str) -> str | None:
    """The id of the device the request's cookie names, if it is valid for ``account``."""
    lifetime = app_settings.DEVICE_COOKIE_LIFETIME
    raw = request.COOKIES.get(app_settings.DEVICE_COOKIE_NAME) if lifetime else None
    if not raw:
        return None
    try:
        payload = signing.loads(raw, salt=SALT, max_age=lifetime)
    except signing.BadSignature:
        return None
    if not isinstance(payload, dict) or payload.get("a") != account:
        return None
    device = payload.get("d")
    return device if isinstance(device, str) and device else None
