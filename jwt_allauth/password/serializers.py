"""Password inputs; each replaceable by dotted path (see ``app_settings``)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from jwt_allauth.app_settings import app_settings
from jwt_allauth.internal.emails import EmailField
from jwt_allauth.internal.fields import password_field
from jwt_allauth.users.serializers import SetNewPasswordSerializer

__all__ = ["PasswordChangeSerializer", "PasswordResetSerializer", "SetNewPasswordSerializer"]


class PasswordResetSerializer(serializers.Serializer[None]):
    email = EmailField()


class PasswordChangeSerializer(SetNewPasswordSerializer):
    """Adds ``old_password`` unless ``OLD_PASSWORD_FIELD_ENABLED`` is False.

    The old password is checked by the change flow, within the account's
    failure budget, once the rest of the input is valid.
    """

    old_password = password_field()

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        fields = super().get_fields()
        if not app_settings.OLD_PASSWORD_FIELD_ENABLED:
            fields.pop("old_password")
        return fields
