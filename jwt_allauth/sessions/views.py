"""refresh/, token/verify/, logout/, logout-all/ and sessions/."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import Serializer
from rest_framework.settings import api_settings

from jwt_allauth import constants, exceptions
from jwt_allauth.internal.types import caller_pk
from jwt_allauth.sessions import flows
from jwt_allauth.sessions.apiview import JWTAllauthAPIView
from jwt_allauth.sessions.cookies import clear_refresh_cookie, read_refresh_token
from jwt_allauth.sessions.models import RevokeReason
from jwt_allauth.sessions.responses import session_response
from jwt_allauth.sessions.serializers import TokenVerifySerializer, UserSessionSerializer
from jwt_allauth.sessions.tokens import AccessToken, RefreshToken


def caller_session_id(request: Request) -> str | None:
    return getattr(request.auth, "session_id", None)


class RefreshView(JWTAllauthAPIView):
    """Rotate the refresh token; a refused token also clears the cookie."""

    authentication_classes = ()
    permission_classes = (AllowAny,)
    token_fields = (constants.REFRESH_TOKEN_BODY_FIELD,)

    def post(self, request: Request) -> Response:
        raw_refresh = read_refresh_token(request)
        if not raw_refresh:
            raise exceptions.RefreshTokenMissing()
        return session_response(flows.rotate_session(raw_refresh, request))

    def handle_exception(self, exc: Exception) -> Response:
        response = super().handle_exception(exc)
        if response.status_code == status.HTTP_401_UNAUTHORIZED:
            clear_refresh_cookie(response)
        return response


class TokenVerifyView(JWTAllauthAPIView):
    """Answer 200 when a token's signature, expiry and type hold; no session lookup."""

    authentication_classes = ()
    permission_classes = (AllowAny,)
    token_fields = ("token",)

    def post(self, request: Request) -> Response:
        serializer = TokenVerifySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        raw = serializer.validated_data["token"]
        try:
            AccessToken.decode(raw)
        except exceptions.InvalidToken:
            RefreshToken.decode(raw)
        return Response({})


class LogoutView(JWTAllauthAPIView):
    """End the session the access token names; [Authenticated], as documented and as 1.x.

    A refresh token sent along (cookie or body) is never what decides: one of
    another session is ignored, so a stray or planted token ends nothing. A
    duplicated refresh cookie is still refused, as on every endpoint that reads it.
    """

    permission_classes = (IsAuthenticated,)
    token_fields = (constants.REFRESH_TOKEN_BODY_FIELD,)

    def post(self, request: Request) -> Response:
        if not isinstance(request.data, Mapping):  # DRF's 400, as a serializer would answer
            message = Serializer.default_error_messages["invalid"]
            detail = message.format(datatype=type(request.data).__name__)
            raise exceptions.field_error(api_settings.NON_FIELD_ERRORS_KEY, detail, "invalid")
        read_refresh_token(request)  # a duplicated refresh cookie is a 400, as everywhere
        session_id = caller_session_id(request)
        if not session_id:
            raise exceptions.InvalidToken()
        flows.log_out(session_id)
        response = Response({"detail": _("Successfully logged out.")})
        clear_refresh_cookie(response)
        return response


class LogoutAllView(JWTAllauthAPIView):
    """End every session of the caller, on every device."""

    permission_classes = (IsAuthenticated,)

    def post(self, request: Request) -> Response:
        flows.revoke_user_sessions(caller_pk(request), RevokeReason.LOGOUT_ALL)
        response = Response({"detail": _("Successfully logged out from all devices.")})
        clear_refresh_cookie(response)
        return response


class SessionListView(JWTAllauthAPIView):
    """The caller's live sessions, the current one marked."""

    permission_classes = (IsAuthenticated,)

    def get(self, request: Request) -> Response:
        sessions = flows.list_live_sessions(caller_pk(request))
        context: dict[str, Any] = {"current_session_id": caller_session_id(request)}
        return Response(UserSessionSerializer(sessions, many=True, context=context).data)


class SessionDetailView(JWTAllauthAPIView):
    """DELETE one of the caller's sessions; any other id is 404."""

    permission_classes = (IsAuthenticated,)

    def delete(self, request: Request, session_id: str) -> Response:
        ended = flows.revoke_own_session(caller_pk(request), session_id)
        response = Response(status=status.HTTP_204_NO_CONTENT)
        if str(ended) == str(caller_session_id(request)):
            clear_refresh_cookie(response)
        return response
