"""Where the refresh token travels: the HttpOnly cookie or the JSON body."""

from __future__ import annotations

from collections.abc import Mapping

from django.http.response import HttpResponseBase
from rest_framework.request import Request

from jwt_allauth import constants
from jwt_allauth.app_settings import app_settings
from jwt_allauth.internal.cookies import covering_path, read_cookie, samesite


def refresh_cookie_path() -> str:
    """The configured path, else the deepest path covering refresh/ and logout/."""
    if app_settings.REFRESH_COOKIE_PATH:
        return app_settings.REFRESH_COOKIE_PATH
    return covering_path(("token_refresh", "rest_logout"))


def set_refresh_cookie(response: HttpResponseBase, raw_token: str, max_age: int | None) -> None:
    response.set_cookie(
        app_settings.REFRESH_COOKIE_NAME,
        raw_token,
        max_age=max_age,
        path=refresh_cookie_path(),
        domain=app_settings.REFRESH_COOKIE_DOMAIN,
        secure=app_settings.REFRESH_COOKIE_SECURE,
        httponly=app_settings.REFRESH_COOKIE_HTTPONLY,
        samesite=samesite(app_settings.REFRESH_COOKIE_SAMESITE),
    )


def clear_refresh_cookie(response: HttpResponseBase) -> None:
    response.delete_cookie(
        app_settings.REFRESH_COOKIE_NAME,
        path=refresh_cookie_path(),
        domain=app_settings.REFRESH_COOKIE_DOMAIN,
        samesite=samesite(app_settings.REFRESH_COOKIE_SAMESITE),
    )


def read_refresh_token(request: Request) -> object:
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
