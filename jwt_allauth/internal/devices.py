"""The device cookie: a signed, HttpOnly mark that this browser signed in to one account.

A request that carries a valid one for the account it names counts its
password failures in that device's own budget, so an attacker who spends the
account's shared budget cannot lock the owner out of the devices they use.
A cookie is bound to the user's current password: one minted by someone who
knew an old password stops counting as a device once the password changes.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.core import signing
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils.crypto import constant_time_compare

from jwt_allauth.app_settings import app_settings
from jwt_allauth.internal.cookies import cookie_values, covering_path, samesite

SALT = "jwt_allauth.device"
COVERED_URLS = ("rest_login", "rest_password_reset", "rest_password_change")


def device_cookie_path() -> str:
    """The deepest path covering login/ and the password endpoints."""
    return covering_path(COVERED_URLS)


def remember_device(response: HttpResponseBase, account: str, user: AbstractBaseUser) -> None:
    """Give the client a new device cookie for ``user`` signing in as ``account``."""
    lifetime = app_settings.DEVICE_COOKIE_LIFETIME
    if not lifetime:
        return
    payload = {"a": account, "d": secrets.token_urlsafe(16), "u": str(user.pk)}
    value = signing.dumps({**payload, "p": password_mark(user)}, salt=SALT)
    response.set_cookie(
        app_settings.DEVICE_COOKIE_NAME,
        value,
        max_age=int(lifetime.total_seconds()),
        path=device_cookie_path(),
        domain=app_settings.REFRESH_COOKIE_DOMAIN,
        secure=app_settings.REFRESH_COOKIE_SECURE,
        httponly=True,
        samesite=samesite(app_settings.REFRESH_COOKIE_SAMESITE),
    )


def device_of(request: HttpRequest, account: str) -> str | None:
    """The id of the device the request's cookie names, if it is valid for ``account``."""
    lifetime = app_settings.DEVICE_COOKIE_LIFETIME
    if not lifetime:
        return None
    # Each copy is tried: a second cookie planted by a sibling subdomain must not
    # shadow the owner's and push the owner back into the shared budget.
    values = cookie_values(request, app_settings.DEVICE_COOKIE_NAME)
    return next(filter(None, (valid_device(raw, account, lifetime) for raw in values)), None)


def valid_device(raw: str, account: str, lifetime: timedelta) -> str | None:
    """The device id a signed cookie value names, if it is valid for ``account``."""
    try:
        payload = signing.loads(raw, salt=SALT, max_age=lifetime)
    except signing.BadSignature:
        return None
    if not isinstance(payload, dict) or payload.get("a") != account:
        return None
    device = payload.get("d")
    if not isinstance(device, str) or not device or not _password_unchanged(payload):
        return None
    return device


def password_mark(user: AbstractBaseUser) -> str:
    """Changes whenever the password does (Django's session auth hash, shortened)."""
    return user.get_session_auth_hash()[:32]


def _password_unchanged(payload: dict[str, object]) -> bool:
    user_id, mark = payload.get("u"), payload.get("p")
    if not isinstance(user_id, str) or not isinstance(mark, str):
        return False
    user = get_user_model()._default_manager.filter(pk=user_id).first()
    if user is None or not getattr(user, "is_active", True):
        return False
    return constant_time_compare(mark, password_mark(user))
