"""MFA inputs, and the listing of authenticators (never their secrets).

Input errors are DRF's field map, as on every endpoint; a malformed code's
message carries the code ``mfa_code_malformed``. (A client tells the field map
``{"code": [...]}`` from a coded ``{"detail", "code"}`` body by its list.)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from jwt_allauth.internal.fields import PASSWORD_HELP

MAX_ID_LENGTH = 512
MAX_CODE_LENGTH = 64
MAX_PASSWORD_LENGTH = 4096


class CodeField(serializers.CharField):
    """A code typed by a person: spaces and dashes dropped, then exactly N ASCII digits."""

    default_error_messages = {"mfa_code_malformed": _("Enter a code of {digits} digits.")}

    def __init__(self, digits: Callable[[], int], **kwargs: Any) -> None:
        self.digits = digits
        super().__init__(max_length=MAX_CODE_LENGTH, **kwargs)

    def to_internal_value(self, data: object) -> str:
        code = "".join(data.split()).replace("-", "") if isinstance(data, str) else ""
        if len(code) != self.digits() or not (code.isascii() and code.isdigit()):
            self.fail("mfa_code_malformed", digits=self.digits())
        return code


def challenge_id_field(**kwargs: Any) -> serializers.CharField:
    return serializers.CharField(
        min_length=1,
        max_length=MAX_ID_LENGTH,
        trim_whitespace=False,
        help_text=f"As answered, unchanged. Empty or over {MAX_ID_LENGTH} characters: "
        "a field error; unknown, expired or spent: `mfa_challenge_invalid`.",
        **kwargs,
    )


def password_field(**kwargs: Any) -> serializers.CharField:
    kwargs.setdefault("help_text", PASSWORD_HELP)
    return serializers.CharField(max_length=MAX_PASSWORD_LENGTH, trim_whitespace=False, **kwargs)


class SetupSerializer(serializers.Serializer[None]):
    setup_challenge_id = challenge_id_field(required=False)
    password = password_field(
        required=False,
        help_text="With an access token: proves the password when the session's proof is old.",
    )


class ActivateSerializer(SetupSerializer):
    code = CodeField(lambda: mfa_settings.TOTP_DIGITS)


class VerifySerializer(serializers.Serializer[None]):
    challenge_id = challenge_id_field()
    code = CodeField(lambda: mfa_settings.TOTP_DIGITS)


class VerifyRecoverySerializer(serializers.Serializer[None]):
    challenge_id = challenge_id_field()
    recovery_code = CodeField(lambda: mfa_settings.RECOVERY_CODE_DIGITS)


class DeactivateSerializer(serializers.Serializer[None]):
    password = password_field()


class AuthenticatorSerializer(serializers.ModelSerializer[Authenticator]):
    """Id, type and dates; recovery codes also say how many are left unused."""

    class Meta:
        model = Authenticator
        fields = ("id", "type", "created_at", "last_used_at")

    def to_representation(self, instance: Authenticator) -> dict[str, Any]:
        data = super().to_representation(instance)
        if instance.type == Authenticator.Type.RECOVERY_CODES:
            data["unused_codes"] = len(instance.wrap().get_unused_codes())
        return data
