"""POST login/."""

from __future__ import annotations

from typing import Any

from django.utils.module_loading import import_string
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from jwt_allauth.app_settings import app_settings
from jwt_allauth.internal.devices import remember_device
from jwt_allauth.internal.views import API_PARSERS
from jwt_allauth.login.flows import log_in
from jwt_allauth.login.responses import login_response
from jwt_allauth.sessions.apiview import JWTAllauthAPIView
from jwt_allauth.throttling import LoginRateThrottle, account_identity


class LoginView(JWTAllauthAPIView):
    """E-mail and password in; a session (access, refresh per settings) or an MFA challenge out.

    Only JSON is read: a cross-site HTML form cannot send it without a CORS
    preflight, so another site cannot sign a browser into an account (login CSRF).
    Once the password is proven the client gets a device cookie (see ``throttling``).
    """

    authentication_classes = ()
    parser_classes = API_PARSERS
    permission_classes = (AllowAny,)
    throttle_classes = (LoginRateThrottle,)

    def get_serializer(self, *args: Any, **kwargs: Any) -> BaseSerializer[None]:
        serializer_class: type[BaseSerializer[None]] = import_string(app_settings.LOGIN_SERIALIZER)
        return serializer_class(*args, context={"request": self.request, "view": self}, **kwargs)

    def post(self, request: Request) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        email, password = serializer.validated_data["email"], serializer.validated_data["password"]
        logged_in = log_in(request, email, password, typed=serializer.initial_data.get("email"))
        response = login_response(logged_in.result)
        remember_device(response, account_identity(email), logged_in.user)
        return response
