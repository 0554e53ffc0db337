"""The HTTP shape of a new session: access in the body, refresh per settings."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from rest_framework import status
from rest_framework.response import Response

from jwt_allauth import constants
from jwt_allauth.app_settings import app_settings
from jwt_allauth.sessions.cookies import set_refresh_cookie
from jwt_allauth.sessions.flows import IssuedTokens


def session_response(tokens: IssuedTokens, status_code: int = status.HTTP_200_OK) -> Response:
    body: dict[str, Any] = {"access": str(tokens.access)}
    raw_refresh = str(tokens.refresh)
    if not app_settings.REFRESH_TOKEN_AS_COOKIE:
        body[constants.REFRESH_TOKEN_BODY_FIELD] = raw_refresh
    if app_settings.RETURN_EXPIRATION:
        body["access_expiration"] = tokens.access.expires_at.isoformat()
        body["refresh_expiration"] = tokens.refresh.expires_at.isoformat()
    response = Response(body, status=status_code)
    if app_settings.REFRESH_TOKEN_AS_COOKIE:
        seconds_left = (tokens.session.expires_at - timezone.now()).total_seconds()
        set_refresh_cookie(
            response, raw_refresh, max_age=app_settings.refresh_cookie_max_age(int(seconds_left))
        )
    return response
