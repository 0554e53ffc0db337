"""Sign-up, verification links and pages, resend, invitations and set-password."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_deny
from rest_framework import status
from rest_framework.permissions import AllowAny, BasePermission
from rest_framework.request import Request
from rest_framework.response import Response

from jwt_allauth import exceptions
from jwt_allauth.app_settings import app_settings
from jwt_allauth.grants.cookies import SET_PASSWORD_COOKIE
from jwt_allauth.grants.guards import CSRF_HEADER, issue_csrf_cookie
from jwt_allauth.grants.views import GrantSpendingView
from jwt_allauth.internal.redirects import redirect_location
from jwt_allauth.internal.views import API_PARSERS
from jwt_allauth.login.responses import login_response
from jwt_allauth.permissions import HasRole
from jwt_allauth.registration import flows
from jwt_allauth.registration.serializers import ResendEmailSerializer, UserRegisterSerializer
from jwt_allauth.registration.throttles import (
    RegisterRateThrottle,
    ResendEmailRateThrottle,
    SetPasswordRateThrottle,
)
from jwt_allauth.sessions.apiview import JWTAllauthAPIView
from jwt_allauth.sessions.cookies import set_refresh_cookie
from jwt_allauth.sessions.flows import IssuedTokens
from jwt_allauth.users.serializers import SetNewPasswordSerializer

PAGES = "jwt_allauth/registration/"


class RegisterView(JWTAllauthAPIView):
    """Open sign-up: a session (or an MFA setup challenge) at once, or a verification mail first.

    JSON only, as for login: a cross-site form cannot send it, so no other site
    can sign a browser into an account it created.
    """

    parser_classes = API_PARSERS
    throttle_classes = (RegisterRateThrottle,)

    def get_permissions(self) -> list[BasePermission]:
        return [import_string(path)() for path in app_settings.REGISTER_PERMISSION_CLASSES]

    def get_serializer(self, *args: Any, **kwargs: Any) -> flows.SignUpInput:
        serializer_class: type[flows.SignUpInput] = import_string(app_settings.REGISTER_SERIALIZER)
        return serializer_class(*args, context={"request": self.request, "view": self}, **kwargs)

    def post(self, request: Request) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        result = flows.sign_up(request, serializer)
        if result.login is None:
            body = {"detail": _("Verification e-mail sent."), "email": result.email}
            return Response(body, status=status.HTTP_201_CREATED)
        response = login_response(result.login, status_code=status.HTTP_201_CREATED)
        response.data["email"] = result.email
        return response


class ResendEmailView(JWTAllauthAPIView):
    """A fresh verification link; the same answer for every address."""

    parser_classes = API_PARSERS
    authentication_classes = ()
    permission_classes = (AllowAny,)
    throttle_classes = (ResendEmailRateThrottle,)

    def post(self, request: Request) -> Response:
        serializer = ResendEmailSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        flows.resend_verification(request, serializer.validated_data["email"])
        detail = _("If this address awaits verification, a new link has been sent to it.")
        return Response({"detail": detail})


@method_decorator(never_cache, name="dispatch")
class VerifyEmailView(View):
    """The e-mailed link: verify, then go to the verified page or to set a password."""

    def get(self, request: HttpRequest, key: str) -> HttpResponse:
        try:
            verified = flows.verify_email_key(request, key)
        except exceptions.VerificationKeyInvalid as error:
            template = PAGES + "verification_failed.html"
            response: HttpResponse = exceptions.error_page(request, template, error)
        else:
            if verified.set_password_grant:
                response = set_password_redirect(request, verified.set_password_grant)
            else:
                response = verified_redirect(request)
                if verified.session is not None:
                    attach_session_cookie(response, verified.session)
        response["Referrer-Policy"] = "no-referrer"
        return response


def attach_session_cookie(response: HttpResponse, tokens: IssuedTokens) -> None:
    seconds_left = int((tokens.session.expires_at - timezone.now()).total_seconds())
    set_refresh_cookie(
        response, str(tokens.refresh), max_age=app_settings.refresh_cookie_max_age(seconds_left)
    )


def verified_redirect(request: HttpRequest) -> HttpResponse:
    if app_settings.EMAIL_VERIFIED_REDIRECT:
        return HttpResponseRedirect(redirect_location(app_settings.EMAIL_VERIFIED_REDIRECT))
    try:
        return HttpResponseRedirect(reverse("jwt_allauth_email_verified"))
    except NoReverseMatch:  # verification off: only invitations are verified
        return TemplateResponse(request, PAGES + "verified.html")


def set_password_redirect(request: HttpRequest, raw_grant: str) -> HttpResponse:
    configured = app_settings.PASSWORD_SET_REDIRECT
    target = redirect_location(configured) if configured else reverse("default_set_password")
    response = HttpResponseRedirect(target)
    SET_PASSWORD_COOKIE.attach(response, raw_grant)
    issue_csrf_cookie(request)
    return response


class PageView(View):
    """A static page of ours; ``template_name`` says which."""

    template_name = ""

    def get(self, request: HttpRequest) -> HttpResponse:
        return TemplateResponse(request, PAGES + self.template_name)


class EmailVerifiedView(PageView):
    template_name = "verified.html"


class VerificationSentView(PageView):
    template_name = "verification_sent.html"


class SetPasswordCompleteView(PageView):
    template_name = "set_password_complete.html"


@method_decorator([never_cache, xframe_options_deny], name="dispatch")
class SetPasswordPageView(View):
    """Our set-password form, used when no ``PASSWORD_SET_REDIRECT`` is set."""

    def get(self, request: HttpRequest) -> HttpResponse:
        context = {
            "set_password_url": SET_PASSWORD_COOKIE.path,
            "complete_url": reverse("jwt_allauth_set_password_complete"),
            "csrf_header": CSRF_HEADER,
        }
        return TemplateResponse(request, PAGES + "set_password.html", context)


class CanRegisterUsers(HasRole):
    """Callers whose role is in ``JWT_ALLAUTH_REGISTRATION_ALLOWED_ROLES``."""

    @property
    # A property, so that the setting is read per request.
    def allowed_roles(self) -> tuple[object, ...]:  # type: ignore[override]
        return tuple(app_settings.REGISTRATION_ALLOWED_ROLES)


class UserRegisterView(JWTAllauthAPIView):
    """Admin-managed registration: create the account and mail the invitation."""

    parser_classes = API_PARSERS
    permission_classes = (CanRegisterUsers,)

    def post(self, request: Request) -> Response:
        serializer = UserRegisterSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        flows.invite_user(request, **serializer.validated_data)
        return Response(status=status.HTTP_201_CREATED)


class SetPasswordView(GrantSpendingView):
    """Spend the invitation's cookie: the first password, and a session or an MFA challenge."""

    grant_cookie = SET_PASSWORD_COOKIE
    throttle_classes = (SetPasswordRateThrottle,)

    def post(self, request: Request) -> Response:
        raw_grant = self.grant_cookie.read(request)
        serializer = SetNewPasswordSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        password = serializer.validated_data["new_password1"]
        result = flows.set_initial_password(request, raw_grant, password)
        return self.spent_response(login_response(result), _("Your password has been set."))
