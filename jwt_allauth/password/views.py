"""Password reset (request, link, form, set-new, complete) and password change."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_deny
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer
from rest_framework.views import APIView

from jwt_allauth import exceptions
from jwt_allauth.app_settings import app_settings
from jwt_allauth.grants.cookies import PASSWORD_RESET_COOKIE
from jwt_allauth.grants.guards import CSRF_HEADER, issue_csrf_cookie
from jwt_allauth.grants.views import GrantSpendingView
from jwt_allauth.internal.devices import remember_device
from jwt_allauth.internal.redirects import redirect_location
from jwt_allauth.internal.types import caller_pk
from jwt_allauth.internal.views import API_PARSERS
from jwt_allauth.login.responses import login_response
from jwt_allauth.password import flows
from jwt_allauth.password.throttles import (
    PasswordChangeRateThrottle,
    PasswordResetEmailThrottle,
    PasswordResetRateThrottle,
)
from jwt_allauth.sessions.apiview import JWTAllauthAPIView
from jwt_allauth.throttling import account_identity, login_email
from jwt_allauth.users.flows import load_active_user


def build_serializer(
    setting: str, view: APIView, data: object, context: dict[str, object] | None = None
) -> BaseSerializer[None]:
    serializer_class: type[BaseSerializer[None]] = import_string(setting)
    full_context = {"request": view.request, "view": view, **(context or {})}
    return serializer_class(context=full_context, data=data)


class PasswordResetView(JWTAllauthAPIView):
    """Mail a reset link; the same answer whether or not the address has an account."""

    authentication_classes = ()
    parser_classes = API_PARSERS
    permission_classes = (AllowAny,)
    throttle_classes = (PasswordResetRateThrottle, PasswordResetEmailThrottle)

    def post(self, request: Request) -> Response:
        serializer = build_serializer(
            app_settings.PASSWORD_RESET_SERIALIZER, self, data=request.data
        )
        serializer.is_valid(raise_exception=True)
        flows.request_password_reset(request, serializer.validated_data["email"])
        return Response(
            {"detail": _("If an account uses this address, a reset link has been sent to it.")}
        )


@method_decorator(never_cache, name="dispatch")
class PasswordResetConfirmView(View):
    """The e-mailed link: drop the one-time cookie and go to the form."""

    def get(self, request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
        try:
            flows.check_reset_token(uidb64, token)
        except exceptions.GrantInvalid as error:
            return exceptions.error_page(
                request, "jwt_allauth/password/reset_link_invalid.html", error
            )
        configured = app_settings.PASSWORD_RESET_REDIRECT
        target = redirect_location(configured) if configured else reverse("default_password_reset")
        response = HttpResponseRedirect(target)
        PASSWORD_RESET_COOKIE.attach(response, token)
        issue_csrf_cookie(request)
        response["Referrer-Policy"] = "no-referrer"
        return response


@method_decorator([never_cache, xframe_options_deny], name="dispatch")
class DefaultPasswordResetView(View):
    """Our own new-password form, used when no ``PASSWORD_RESET_REDIRECT`` is set."""

    def get(self, request: HttpRequest) -> HttpResponse:
        context = {
            "set_new_url": PASSWORD_RESET_COOKIE.path,
            "complete_url": reverse("jwt_allauth_password_reset_complete"),
            "csrf_header": CSRF_HEADER,
        }
        return TemplateResponse(request, "jwt_allauth/password/reset_form.html", context)


class PasswordResetCompleteView(View):
    def get(self, request: HttpRequest) -> HttpResponse:
        return TemplateResponse(request, "jwt_allauth/password/reset_complete.html")


class SetNewPasswordView(GrantSpendingView):
    """Spend the reset cookie: new password, every session ended, a session or MFA challenge out."""

    grant_cookie = PASSWORD_RESET_COOKIE

    def post(self, request: Request) -> Response:
        token = self.grant_cookie.read(request)
        serializer = build_serializer(
            app_settings.PASSWORD_RESET_CONFIRM_SERIALIZER, self, data=request.data
        )
        serializer.is_valid(raise_exception=True)
        password = serializer.validated_data["new_password1"]
        result = flows.reset_password(request, token, password)
        detail = _("Password has been reset with the new password.")
        return self.spent_response(login_response(result), detail)


class PasswordChangeView(JWTAllauthAPIView):
    """A new password for the caller; other sessions end when so configured.

    The change ends every device cookie of the user (they are bound to the
    password), so the caller's device gets a new one.
    """

    parser_classes = API_PARSERS
    permission_classes = (IsAuthenticated,)
    throttle_classes = (PasswordChangeRateThrottle,)

    def post(self, request: Request) -> Response:
        user = load_active_user(caller_pk(request))
        serializer = build_serializer(
            app_settings.PASSWORD_CHANGE_SERIALIZER, self, data=request.data, context={"user": user}
        )
        serializer.is_valid(raise_exception=True)
        data, session_id = serializer.validated_data, getattr(request.auth, "session_id", None)
        old_password, password = data.get("old_password"), data["new_password1"]
        flows.change_password(request, user, old_password, password, session_id)
        response = Response({"detail": _("New password has been saved.")})
        remember_device(response, account_identity(login_email(user)), user)
        return response
