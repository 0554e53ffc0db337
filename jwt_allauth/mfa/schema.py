"""mfa/: TOTP setup, activation, the second sign-in step, deactivation, listing.

Imported only when allauth.mfa is installed; without it the routes answer
`403 mfa_disabled` to everything and are left out of the schema.
"""

from __future__ import annotations

from typing import Any

from allauth.mfa.models import Authenticator
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import Direction, OpenApiResponse
from rest_framework import serializers

from jwt_allauth import exceptions
from jwt_allauth.internal.schema import (
    FIELD_ERRORS,
    PARSE_ERROR,
    UNSUPPORTED_MEDIA_TYPE,
    DescribedView,
    ErrorSource,
    SessionSerializer,
    detail_response,
)
from jwt_allauth.sessions.schema import refresh_set_cookie

MFA_BODY_ERRORS: tuple[ErrorSource, ...] = (
    # Bad input is DRF's field map, as everywhere; a malformed code's field error
    # carries the code ``mfa_code_malformed``.
    FIELD_ERRORS,
    PARSE_ERROR,
    UNSUPPORTED_MEDIA_TYPE,
    exceptions.MFADisabled,
)
CODE_ERRORS: tuple[ErrorSource, ...] = (
    exceptions.MFACodeInvalid,
    exceptions.MFAThrottled,
)


class MFASetupSerializer(serializers.Serializer[Any]):
    """A pending TOTP secret, to scan or type into an authenticator app."""

    provisioning_uri = serializers.CharField(help_text="An otpauth:// URI.")
    secret = serializers.CharField(help_text="The secret in base32.")
    qr_code = serializers.CharField(help_text="The URI as an SVG image.")


class MFAActivationSerializer(SessionSerializer):
    """Recovery codes; and a session when a `setup_challenge_id` was spent."""

    recovery_codes = serializers.ListField(
        child=serializers.CharField(), help_text="Shown once: each works one time."
    )
    success = serializers.BooleanField(help_text="Always true.")

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        fields = super().get_fields()
        for name in ("access", "refresh", "access_expiration", "refresh_expiration"):
            if name in fields:
                fields[name].required = False
        return fields


class AuthenticatorSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    type = serializers.ChoiceField(choices=Authenticator.Type.choices)
    created_at = serializers.DateTimeField()
    last_used_at = serializers.DateTimeField(allow_null=True)
    unused_codes = serializers.IntegerField(
        required=False, help_text="Recovery codes only: how many are left."
    )


class MFASetupSchema(DescribedView):
    target_class = "jwt_allauth.mfa.views.MFASetupView"
    tags = ("mfa",)

    def operations(self) -> dict[str, dict[str, Any]]:
        from jwt_allauth.mfa.serializers import SetupSerializer

        errors = (
            *MFA_BODY_ERRORS,
            exceptions.MFAChallengeInvalid,
            *self.bearer_errors(required=True),
            exceptions.ReauthenticationRequired,
            exceptions.PasswordIncorrect,
            exceptions.MFAEmailUnverified,
            exceptions.MFAAlreadyEnabled,
            *self.throttled(),
        )
        return {
            "post": self.describe(
                "Start TOTP setup",
                "For the bearer of an access token, or, without one, for the owner of a "
                "`setup_challenge_id`. The secret stays pending until activated. A bearer's "
                "session must have proven the password within "
                "`JWT_ALLAUTH_MFA_REAUTHENTICATION_TIMEOUT` (its access token's `auth_time`), "
                "or the request carries `password`; otherwise `403 reauthentication_required`.",
                {200: MFASetupSerializer},
                errors,
                request=SetupSerializer,
            )
        }


class MFAActivateSchema(DescribedView):
    target_class = "jwt_allauth.mfa.views.MFAActivateView"
    tags = ("mfa",)

    def operations(self) -> dict[str, dict[str, Any]]:
        from jwt_allauth.mfa.serializers import ActivateSerializer

        errors = (
            *MFA_BODY_ERRORS,
            *CODE_ERRORS,
            exceptions.MFAChallengeInvalid,
            exceptions.MFASetupMissing,
            exceptions.MFASetupExhausted,
            exceptions.MFAAlreadyEnabled,
            *self.bearer_errors(required=True),
            exceptions.ReauthenticationRequired,
            exceptions.PasswordIncorrect,
            *self.throttled(),
        )
        return {
            "post": self.describe(
                "Activate TOTP with a first code",
                "Turns the pending secret into the account's authenticator and answers "
                "recovery codes. With a `setup_challenge_id` (MFA required, no session "
                "yet) it also opens the session. A bearer needs a recent password proof, "
                "as at setup (a `password` sent to setup counts).",
                {200: MFAActivationSerializer},
                errors,
                request=ActivateSerializer,
                parameters=refresh_set_cookie([200]),
            )
        }


class MFAVerifySchema(DescribedView):
    target_class = "jwt_allauth.mfa.views.MFAVerifyView"
    tags = ("mfa",)
    code_field = "code"
    serializer = "VerifySerializer"

    def operations(self) -> dict[str, dict[str, Any]]:
        from jwt_allauth.mfa import serializers as mfa_serializers

        errors = (
            *MFA_BODY_ERRORS,
            *CODE_ERRORS,
            exceptions.MFAChallengeInvalid,
            exceptions.MFAChallengeExhausted,
            exceptions.InvalidCredentials,
            *self.throttled(),
        )
        return {
            "post": self.describe(
                f"Finish signing in with a {self.code_field.replace('_', ' ')}",
                "Spends the `challenge_id` of a login answer: the session opens, "
                "delivered like login's.",
                {200: OpenApiResponse(SessionSerializer, description="The session.")},
                errors,
                request=getattr(mfa_serializers, self.serializer),
                parameters=refresh_set_cookie([200]),
            )
        }


class MFAVerifyRecoverySchema(MFAVerifySchema):
    target_class = "jwt_allauth.mfa.views.MFAVerifyRecoveryView"
    code_field = "recovery_code"
    serializer = "VerifyRecoverySerializer"


class MFADeactivateSchema(DescribedView):
    target_class = "jwt_allauth.mfa.views.MFADeactivateView"
    tags = ("mfa",)

    def operations(self) -> dict[str, dict[str, Any]]:
        from jwt_allauth.mfa.serializers import DeactivateSerializer

        done = detail_response("MFADeactivated", "TOTP is off for this account.")
        errors = (
            *MFA_BODY_ERRORS,
            exceptions.PasswordIncorrect,
            exceptions.MFADeactivationForbidden,
            exceptions.MFANotEnabled,
            *self.bearer_errors(required=True),
            *self.throttled(),
        )
        return {
            "post": self.describe(
                "Turn TOTP off",
                "Removes the TOTP authenticator (and the recovery codes), after the "
                "password. Refused while MFA is required.",
                {200: done},
                errors,
                request=DeactivateSerializer,
            )
        }


class MFAAuthenticatorListSchema(DescribedView):
    target_class = "jwt_allauth.mfa.views.MFAAuthenticatorListView"
    tags = ("mfa",)

    def operations(self) -> dict[str, dict[str, Any]]:
        errors = (exceptions.MFADisabled, *self.bearer_errors(required=True), *self.throttled())
        return {
            "get": self.describe(
                "List my authenticators",
                "The caller's authenticators, without their secrets.",
                {200: AuthenticatorSerializer(many=True)},
                errors,
            )
        }


class CodeFieldSchema(OpenApiSerializerFieldExtension):
    """A code: the digits the settings ask for, read after spaces and dashes are dropped."""

    target_class = "jwt_allauth.mfa.serializers.CodeField"

    def map_serializer_field(self, auto_schema: AutoSchema, direction: Direction) -> dict[str, Any]:
        from jwt_allauth.mfa.serializers import MAX_CODE_LENGTH

        digits = self.target.digits()
        description = (
            f"{digits} digits; spaces and dashes are ignored. Anything else, or another "
            "number of digits: a field error (code `mfa_code_malformed`)."
        )
        return {
            "type": "string",
            "minLength": digits,
            "maxLength": MAX_CODE_LENGTH,
            "description": description,
        }
