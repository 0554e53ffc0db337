"""Where the refresh token travels: the HttpOnly cookie or the JSON body."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from typing import Any

from django.http.cookie import parse_cookie
from django.urls import NoReverseMatch, reverse

from jwt_allauth import constants, exceptions
from jwt_allauth.app_settings import app_settings

# ";" between cookies; "," where a server joined two Cookie headers (no cookie value has one).
COOKIE_SEPARATORS = re.compile(r"[;,]")


def refresh_cookie_path() -> str:
    """The configured path, else the deepest path covering refresh/ and logout/."""
    if app_settings.REFRESH_COOKIE_PATH:
        return app_settings.REFRESH_COOKIE_PATH
    try:
        paths = [reverse("token_refresh"), reverse("rest_logout")]
    except NoReverseMatch:
        return "/"
    prefix = os.path.commonprefix(paths)
    return prefix[: prefix.rfind("/") + 1] or "/"


def set_refresh_cookie(response: Any, raw_token: str, max_age: int | None) -> None:
    response.set_cookie(
        app_settings.REFRESH_COOKIE_NAME,
        raw_token,
        max_age=max_age,
        path=refresh_cookie_path(),
        domain=app_settings.REFRESH_COOKIE_DOMAIN,
        secure=app_settings.REFRESH_COOKIE_SECURE,
        httponly=app_settings.REFRESH_COOKIE_HTTPONLY,
        samesite=app_settings.REFRESH_COOKIE_SAMESITE,
    )


def clear_refresh_cookie(response: Any) -> None:
    response.delete_cookie(
        app_settings.REFRESH_COOKIE_NAME,
        path=refresh_cookie_path(),
        domain=app_settings.REFRESH_COOKIE_DOMAIN,
        samesite=app_settings.REFRESH_COOKIE_SAMESITE,
    )


def read_refresh_token(request: Any) -> Any:
    """The refresh token from the cookie (cookie mode only), else the body's ``refresh``.

    In body mode we never set the cookie, so one that arrives is stale (from before
    a switch of mode) or planted by a sibling subdomain: it must not win over the body.
    """
    if app_settings.REFRESH_TOKEN_AS_COOKIE:
        from_cookie = read_cookie(request, app_settings.REFRESH_COOKIE_NAME)
        if from_cookie:
            return from_cookie
    data = request.data
    if isinstance(data, Mapping):
        return data.get(constants.REFRESH_TOKEN_BODY_FIELD)
    return None


def cookie_count(request: Any, name: str) -> int:
    """How many cookies called ``name`` the raw header carries (split as Django splits it)."""
    return len(cookie_values(request, name))


def cookie_values(request: Any, name: str) -> list[str]:
    """Every value of the cookies called ``name`` in the raw header, in the order sent."""
    chunks = COOKIE_SEPARATORS.split(request.META.get("HTTP_COOKIE", ""))
    return [value for chunk in chunks for key, value in parse_cookie(chunk).items() if key == name]


def read_cookie(request: Any, name: str) -> str | None:
    """The cookie's value; ``DuplicateCookie`` when it was sent more than once.

    ``request.COOKIES`` keeps the last of two, and a planted second cookie (from
    a sibling subdomain, or with a longer path) can come last: it must not choose
    the session or the grant. Nothing is cleared, since clearing ours would leave
    the planted one alone in the jar.
    """
    if cookie_count(request, name) > 1:
        raise exceptions.DuplicateCookie()
    return request.COOKIES.get(name)
