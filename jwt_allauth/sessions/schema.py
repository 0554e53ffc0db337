"""refresh/, token/verify/, logout/, logout-all/ and sessions/; the Bearer scheme."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any

from django.utils.module_loading import import_string
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers
from rest_framework_simplejwt.settings import api_settings as simplejwt_settings

from jwt_allauth import exceptions
from jwt_allauth.app_settings import app_settings
from jwt_allauth.internal.schema import (
    BODY_ERRORS,
    FIELD_ERRORS,
    PARSE_ERROR,
    UNSUPPORTED_MEDIA_TYPE,
    DescribedView,
    ErrorSource,
    SessionSerializer,
    detail_response,
    set_cookie_header,
)

SESSION_ID = OpenApiParameter(
    "session_id",
    OpenApiTypes.UUID,
    OpenApiParameter.PATH,
    description="The `id` of a row of sessions/; any other value is `session_not_found`.",
)
READ_BODY_ERRORS = (FIELD_ERRORS, PARSE_ERROR, UNSUPPORTED_MEDIA_TYPE)
"""A body read without a serializer: a field map only for text that cannot be encoded."""


class JWTAuthenticationScheme(OpenApiAuthenticationExtension):
    """Our access tokens: ``Authorization: Bearer <JWT>`` (simplejwt's header settings)."""

    target_class = "jwt_allauth.authentication.JWTAuthentication"
    match_subclasses = True
    name = "jwtAuth"
    priority = 1

    def get_security_definition(self, auto_schema: AutoSchema) -> dict[str, Any]:
        return build_bearer_security_scheme_object(
            header_name=simplejwt_settings.AUTH_HEADER_NAME,
            token_prefix=simplejwt_settings.AUTH_HEADER_TYPES[0],
            bearer_format="JWT",
        )


def refresh_cookie_errors() -> tuple[ErrorSource, ...]:
    """A refresh cookie sent twice is refused (cookie mode only; in body mode none is read)."""
    return (exceptions.DuplicateCookie,) if app_settings.REFRESH_TOKEN_AS_COOKIE else ()


def refresh_cookie() -> list[OpenApiParameter]:
    """The refresh cookie read in cookie mode; in body mode a cookie is ignored."""
    if not app_settings.REFRESH_TOKEN_AS_COOKIE:
        return []
    description = (
        "The refresh token, in the HttpOnly cookie set at sign-in; "
        "it wins over a `refresh` field in the body. Sent twice: `duplicate_cookie`."
    )
    return [
        OpenApiParameter(
            app_settings.REFRESH_COOKIE_NAME, str, OpenApiParameter.COOKIE, description=description
        )
    ]


def refresh_set_cookie(statuses: Iterable[int], what: str = "Sets") -> list[OpenApiParameter]:
    """``Set-Cookie`` for the refresh cookie on these answers (cookie mode only)."""
    if not app_settings.REFRESH_TOKEN_AS_COOKIE:
        return []
    name = app_settings.REFRESH_COOKIE_NAME
    return [set_cookie_header(statuses, f"{what} the HttpOnly `{name}` cookie.")]


class RefreshInputSerializer(serializers.Serializer[Any]):
    refresh = serializers.CharField(
        required=False,
        help_text="The refresh token, when it is not sent in the cookie "
        "(JWT_ALLAUTH_REFRESH_TOKEN_AS_COOKIE = False).",
    )


class RefreshSchema(DescribedView):
    target_class = "jwt_allauth.sessions.views.RefreshView"
    tags = ("sessions",)

    def operations(self) -> dict[str, dict[str, Any]]:
        return {
            "post": self.describe(
                "Rotate the refresh token",
                "Answers a new access token and a new refresh token; the one sent stops "
                "working. Sending a refresh token a second time ends its whole session "
                "(`token_reused`). Once MFA is required, the session of a user without a "
                "second factor ends at its next refresh (`mfa_setup_required`): sign in "
                "again to get the setup challenge. A refused token also clears the cookie.",
                {200: SessionSerializer},
                (
                    *READ_BODY_ERRORS,
                    *refresh_cookie_errors(),
                    exceptions.RefreshTokenMissing,
                    exceptions.InvalidToken,
                    exceptions.TokenReused,
                    exceptions.SessionEnded,
                    exceptions.UserNotFound,
                    exceptions.MFASetupRequired,
                    *self.throttled(),
                ),
                request=RefreshInputSerializer,
                parameters=[*refresh_cookie(), *refresh_set_cookie([200, 401], "Sets or clears")],
            )
        }


class TokenVerifySchema(DescribedView):
    target_class = "jwt_allauth.sessions.views.TokenVerifyView"
    tags = ("sessions",)

    def operations(self) -> dict[str, dict[str, Any]]:
        ok = OpenApiResponse({"type": "object"}, description="An empty object: the token is good.")
        return {
            "post": self.describe(
                "Check a token",
                "Checks the signature, expiry and type of an access or refresh token; "
                "it does not look at the session.",
                {200: ok},
                (*BODY_ERRORS, exceptions.InvalidToken, *self.throttled()),
                request=import_string("jwt_allauth.sessions.serializers.TokenVerifySerializer"),
            )
        }


class LogoutSchema(DescribedView):
    target_class = "jwt_allauth.sessions.views.LogoutView"
    tags = ("sessions",)

    def operations(self) -> dict[str, dict[str, Any]]:
        done = detail_response("LoggedOut", "The session has ended.")
        return {
            "post": self.describe(
                "Log out this device",
                "Ends the session the access token names and clears the refresh cookie. "
                "A valid access token is required (a refresh token is no bearer); a refresh "
                "token sent along is not used, so one of another session ends nothing.",
                {200: done},
                (
                    *self.bearer_errors(required=True),
                    *READ_BODY_ERRORS,
                    *refresh_cookie_errors(),
                    *self.throttled(),
                ),
                request=RefreshInputSerializer,
                parameters=[*refresh_cookie(), *refresh_set_cookie([200], "Clears")],
            )
        }


class LogoutAllSchema(DescribedView):
    target_class = "jwt_allauth.sessions.views.LogoutAllView"
    tags = ("sessions",)

    def operations(self) -> dict[str, dict[str, Any]]:
        done = detail_response("LoggedOutAll", "Every session of the caller has ended.")
        return {
            "post": self.describe(
                "Log out every device",
                "Ends every session of the caller. Access tokens already issued stay valid "
                "until they expire unless JWT_ALLAUTH_CHECK_SESSION_ON_REQUEST is on.",
                {200: done},
                (*self.bearer_errors(required=True), *self.throttled()),
                request=None,
                parameters=refresh_set_cookie([200], "Clears"),
            )
        }


@functools.cache
def session_row_serializer() -> type:
    """The listing's row; read-only model fields lose ``allow_blank``, but the type may be ""."""
    from jwt_allauth.sessions.models import DeviceType
    from jwt_allauth.sessions.serializers import UserSessionSerializer

    device_type = serializers.ChoiceField(
        choices=DeviceType.choices,
        allow_blank=True,
        read_only=True,
        help_text="Empty when the client did not say.",
    )
    attributes = {"device_type": device_type, "__module__": __name__}
    return type(UserSessionSerializer.__name__, (UserSessionSerializer,), attributes)


class SessionListSchema(DescribedView):
    target_class = "jwt_allauth.sessions.views.SessionListView"
    tags = ("sessions",)

    def operations(self) -> dict[str, dict[str, Any]]:
        return {
            "get": self.describe(
                "List my sessions",
                "The caller's live sessions, one per signed-in device; `current` marks "
                "the one of the access token used.",
                {200: session_row_serializer()(many=True)},
                (*self.bearer_errors(required=True), *self.throttled()),
            )
        }


class SessionDetailSchema(DescribedView):
    target_class = "jwt_allauth.sessions.views.SessionDetailView"
    tags = ("sessions",)

    def operations(self) -> dict[str, dict[str, Any]]:
        return {
            "delete": self.describe(
                "End one of my sessions",
                "Ends the session with this id if it is the caller's and still live; any "
                "other id is `session_not_found`. Ending the current session also clears "
                "the refresh cookie.",
                {204: OpenApiResponse(description="The session has ended.")},
                (
                    *self.bearer_errors(required=True),
                    exceptions.SessionNotFound,
                    *self.throttled(),
                ),
                parameters=[SESSION_ID, *refresh_set_cookie([204], "May clear")],
            )
        }
