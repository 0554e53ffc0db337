"""login/, refresh/, token/verify/, logout/, logout-all/, sessions/ and user/."""

from __future__ import annotations

import functools
from typing import Any

from django.utils.module_loading import import_string
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse
from rest_framework import serializers

from jwt_allauth import exceptions
from jwt_allauth.app_settings import app_settings
from jwt_allauth.schema.base import DescribedView
from jwt_allauth.schema.components import (
    BODY_ERRORS,
    FIELD_ERRORS,
    GATE_ERRORS,
    PARSE_ERROR,
    UNSUPPORTED_MEDIA_TYPE,
    SessionSerializer,
    detail_response,
    documented,
    login_result,
    refresh_cookie,
    refresh_cookie_errors,
    refresh_set_cookie,
)

SESSION_ID = OpenApiParameter(
    "session_id",
    OpenApiTypes.UUID,
    OpenApiParameter.PATH,
    description="The `id` of a row of sessions/; any other value is `session_not_found`.",
)
LOGIN_EXAMPLE = {"email": "jane@example.com", "password": "correct horse battery staple"}
READ_BODY_ERRORS = (FIELD_ERRORS, PARSE_ERROR, UNSUPPORTED_MEDIA_TYPE)
"""A body read without a serializer: a field map only for text that cannot be encoded."""


class RefreshInputSerializer(serializers.Serializer):
    refresh = serializers.CharField(
        required=False,
        help_text="The refresh token, when it is not sent in the cookie "
        "(JWT_ALLAUTH_REFRESH_TOKEN_AS_COOKIE = False).",
    )


class LoginSchema(DescribedView):
    target_class = "jwt_allauth.login.views.LoginView"
    tags = ("login",)

    def operations(self) -> dict[str, dict[str, Any]]:
        result = OpenApiResponse(
            login_result("LoginResult"),
            description="A session; or, when MFA applies, a challenge instead of tokens.",
        )
        return {
            "post": self.describe(
                "Sign in with e-mail and password",
                "Opens a session (one per device). With MFA the answer is a challenge to "
                "finish at mfa/verify/, or, when MFA is required and not set up, a setup "
                "challenge for mfa/setup/. Only JSON is accepted.",
                {200: result},
                (*BODY_ERRORS, *GATE_ERRORS, *self.throttled()),
                request=documented(
                    import_string(app_settings.LOGIN_SERIALIZER), "E-mail address and password."
                ),
                parameters=refresh_set_cookie([200]),
                examples=[OpenApiExample("Credentials", LOGIN_EXAMPLE, request_only=True)],
            )
        }


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


class UserDetailsSchema(DescribedView):
    target_class = "jwt_allauth.users.views.UserDetailsView"
    tags = ("user",)

    def operations(self) -> dict[str, dict[str, Any]]:
        serializer = import_string(app_settings.USER_DETAILS_SERIALIZER)
        read_errors = (*self.bearer_errors(required=True), *self.throttled())
        write_errors = (*read_errors, FIELD_ERRORS, *BODY_ERRORS)
        write = (
            "Without e-mail verification a new `email` is taken at once (a taken address "
            "is `email_taken`). With verification the new address gets a link, `email` "
            "stays the old one until it is used, the answer adds `email_change_pending` "
            "(the new address), and a taken address answers the same."
        )
        return {
            "get": self.describe(
                "Read my account", "The caller's account.", {200: serializer}, read_errors
            ),
            "put": self.describe(
                "Replace my account details", write, {200: serializer}, write_errors
            ),
            "patch": self.describe(
                "Update my account details", write, {200: serializer}, write_errors
            ),
        }
