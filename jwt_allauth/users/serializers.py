"""The user details payload; replaceable through ``JWT_ALLAUTH_USER_DETAILS_SERIALIZER``."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import models
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from jwt_allauth.internal.emails import canonical_or_none
from jwt_allauth.internal.fields import StringField

DETAIL_FIELDS = ("email", "first_name", "last_name")


def user_detail_fields() -> tuple[str, ...]:
    """The documented fields that the project's user model actually has."""
    names = {field.name for field in get_user_model()._meta.get_fields()}
    return tuple(name for name in DETAIL_FIELDS if name in names)


def same_address(typed: str, current: str) -> bool:
    """Whether ``typed`` is ``current`` in the canonical form (or, for odd data, verbatim)."""
    canonical = canonical_or_none(typed)
    return typed == current or (canonical is not None and canonical == canonical_or_none(current))


class UserDetailsSerializer(serializers.ModelSerializer):
    """email, first_name, last_name.

    The e-mail is shown but cannot be changed here: taking a new address must
    prove its ownership, which this endpoint cannot do. Sending the current
    address back (as a PUT does) is accepted.
    """

    default_error_messages = {
        "email_change": _("The e-mail address cannot be changed through this endpoint."),
    }

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: StringField,
        models.TextField: StringField,
    }

    class Meta:
        model = get_user_model()
        fields = user_detail_fields()

    def validate_email(self, value: str) -> str:
        current = getattr(self.instance, "email", None) or ""
        if self.instance is not None and not same_address(value, current):
            raise serializers.ValidationError(
                self.error_messages["email_change"], code="email_change_not_allowed"
            )
        return current if self.instance is not None else value

    def get_extra_kwargs(self) -> dict[str, Any]:
        extra = super().get_extra_kwargs()
        for name in ("first_name", "last_name"):
            extra.setdefault(name, {}).setdefault("required", False)
        # No uniqueness check: the address cannot change here, and a "unique"
        # error would tell the caller that another account holds it.
        extra.setdefault("email", {}).setdefault("validators", [])
        return extra
