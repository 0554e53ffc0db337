"""Password inputs; each replaceable by dotted path (see ``app_settings``)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from jwt_allauth.app_settings import app_settings
from jwt_allauth.internal.emails import EmailField
from jwt_allauth.internal.fields import PASSWORD_HELP, StringField
from jwt_allauth.login.serializers import MAX_PASSWORD_LENGTH


class PasswordField(StringField):
    """A string, whitespace kept: a number is a client bug, not a password."""


def password_field(**kwargs: Any) -> PasswordField:
    return PasswordField(
        max_length=MAX_PASSWORD_LENGTH,
        trim_whitespace=False,
        style={"input_type": "password"},
        help_text=PASSWORD_HELP,
        **kwargs,
    )


class PasswordResetSerializer(serializers.Serializer):
    email = EmailField()


class SetNewPasswordSerializer(serializers.Serializer):
    """Two matching new passwords that pass ``AUTH_PASSWORD_VALIDATORS`` for ``context["user"]``.

    Validator messages belong to ``new_password1`` (where the password was
    typed); a mismatch belongs to ``new_password2``.
    """

    default_error_messages = {"password_mismatch": _("The two password fields didn't match.")}

    new_password1 = password_field()
    new_password2 = password_field()

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["new_password1"] != attrs["new_password2"]:
            raise serializers.ValidationError(
                {"new_password2": self.error_messages["password_mismatch"]},
                code="password_mismatch",
            )
        try:
            password_validation.validate_password(attrs["new_password1"], self.context["user"])
        except DjangoValidationError as error:
            raise serializers.ValidationError({"new_password1": list(error.messages)}) from error
        return attrs


class PasswordChangeSerializer(SetNewPasswordSerializer):
    """Adds ``old_password`` unless ``OLD_PASSWORD_FIELD_ENABLED`` is False.

    The old password is checked by the change flow, within the account's
    failure budget, once the rest of the input is valid.
    """

    old_password = password_field()

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        if not app_settings.OLD_PASSWORD_FIELD_ENABLED:
            fields.pop("old_password")
        return fields
