"""registration/: sign-up, resending the link, invitations and their first password.

The link targets and forms (verification link, default pages) are plain Django
views, not DRF ones, so they stay out of the schema.
"""

from __future__ import annotations

from typing import Any

from django.utils.module_loading import import_string
from drf_spectacular.utils import OpenApiExample, OpenApiResponse
from rest_framework import serializers

from jwt_allauth import constants, exceptions
from jwt_allauth.app_settings import app_settings
from jwt_allauth.grants.schema import grant_parameters, spent_grant_response
from jwt_allauth.internal.schema import (
    BODY_ERRORS,
    GATE_ERRORS,
    GRANT_ERRORS,
    LOGIN_RESULTS,
    NEW_PASSWORD,
    PERMISSION_DENIED,
    DescribedView,
    detail_response,
    documented,
    login_result,
    with_field,
)
from jwt_allauth.sessions.schema import refresh_set_cookie

EMAIL = serializers.EmailField(help_text="The address signed up with.")
DETAIL = serializers.CharField(help_text="A translated message.")
SIGN_UP_EXAMPLE = {
    "email": "sam@example.com",
    "password1": "a long and unusual passphrase",
    "password2": "a long and unusual passphrase",
    "first_name": "Sam",
}
ALLOW_ANY = "rest_framework.permissions.AllowAny"
SIGN_UP_RESULTS = [with_field(result, "SignUp", email=EMAIL) for result in LOGIN_RESULTS]


class VerificationSentSerializer(serializers.Serializer[Any]):
    """No session yet: the address must be verified first (mandatory verification)."""

    detail = DETAIL
    email = EMAIL


class RegisterSchema(DescribedView):
    target_class = "jwt_allauth.registration.views.RegisterView"
    tags = ("registration",)

    def operations(self) -> dict[str, dict[str, Any]]:
        results = [*SIGN_UP_RESULTS, VerificationSentSerializer]
        open_sign_up = app_settings.REGISTER_PERMISSION_CLASSES == (ALLOW_ANY,)
        created = OpenApiResponse(
            login_result("SignUpResult", results),
            description="The account exists. With mandatory verification: a `detail` (a "
            "link was mailed). Otherwise the sign-in answer: a session or an MFA challenge.",
        )
        errors = (
            *BODY_ERRORS,
            *GATE_ERRORS,
            *self.bearer_errors(required=not open_sign_up),
            *(() if open_sign_up else (PERMISSION_DENIED,)),
            *self.throttled(),
        )
        return {
            "post": self.describe(
                "Sign up",
                "Creates an account with e-mail and password. Absent when "
                "JWT_ALLAUTH_ADMIN_MANAGED_REGISTRATION is on. JSON, form or multipart bodies; "
                "a form posted by a page on another site is refused (cross_site_form).",
                {201: created},
                errors,
                request=documented(
                    import_string(app_settings.REGISTER_SERIALIZER),
                    "E-mail, the password twice, optional names.",
                ),
                parameters=refresh_set_cookie([201]),
                examples=[OpenApiExample("New account", SIGN_UP_EXAMPLE, request_only=True)],
            )
        }


class ResendEmailSchema(DescribedView):
    target_class = "jwt_allauth.registration.views.ResendEmailView"
    tags = ("registration",)

    def operations(self) -> dict[str, dict[str, Any]]:
        from jwt_allauth.registration.serializers import ResendEmailSerializer

        sent = detail_response("VerificationResent", "The same answer for every address.")
        return {
            "post": self.describe(
                "Send the verification link again",
                "Mails a new link if the address awaits verification; the answer does not "
                "tell whether it does.",
                {200: sent},
                (*BODY_ERRORS, *self.throttled()),
                request=ResendEmailSerializer,
            )
        }


class UserRegisterSchema(DescribedView):
    target_class = "jwt_allauth.registration.views.UserRegisterView"
    tags = ("registration",)

    def operations(self) -> dict[str, dict[str, Any]]:
        from jwt_allauth.registration.serializers import UserRegisterSerializer

        errors = (
            *BODY_ERRORS,
            exceptions.RoleNotAllowed,
            exceptions.RoleNotSupported,
            *self.bearer_errors(required=True),
            PERMISSION_DENIED,
            *self.throttled(),
        )
        return {
            "post": self.describe(
                "Invite a user",
                "Admin-managed registration: creates a password-less account with a role and "
                "mails it a link to set a password. Callers need a role in "
                "JWT_ALLAUTH_REGISTRATION_ALLOWED_ROLES; staff and superuser roles can only "
                "be granted by an equal or higher role.",
                {201: OpenApiResponse(description="The invitation was sent.")},
                errors,
                request=documented(UserRegisterSerializer, "Who to invite, with which role."),
            )
        }


class SetPasswordSchema(DescribedView):
    target_class = "jwt_allauth.registration.views.SetPasswordView"
    tags = ("registration",)

    def operations(self) -> dict[str, dict[str, Any]]:
        from jwt_allauth.users.serializers import SetNewPasswordSerializer

        return {
            "post": self.describe(
                "Set the first password of an invited account",
                "Spends the one-time cookie dropped by the invitation link, sets the "
                "password and signs the user in (or answers an MFA challenge).",
                {200: spent_grant_response()},
                (*BODY_ERRORS, *GRANT_ERRORS, *GATE_ERRORS, *self.throttled()),
                request=documented(SetNewPasswordSerializer, NEW_PASSWORD),
                parameters=grant_parameters(constants.SET_PASSWORD_COOKIE),
            )
        }
