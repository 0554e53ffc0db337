"""Sign-up, resend and invitation inputs; the sign-up one is replaceable.

``JWT_ALLAUTH_REGISTER_SERIALIZER`` (dj-rest-auth: ``REGISTER_SERIALIZER``)
names a replacement; like dj-rest-auth's, it validates the input and its
``save(request)`` creates and returns the user.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from jwt_allauth.adapter import get_adapter
from jwt_allauth.internal.emails import EmailField, require_canonical
from jwt_allauth.internal.fields import StringField, password_field
from jwt_allauth.registration.flows import build_user

NAME_MAX_LENGTH = 150


def email_field() -> EmailField:
    return EmailField()


def name_field() -> StringField:
    return StringField(max_length=NAME_MAX_LENGTH, required=False, allow_blank=True)


def normalize_email(value: str) -> str:
    """The adapter's ``clean_email`` hook sees and returns the canonical form."""
    return require_canonical(get_adapter().clean_email(value))


class RegisterSerializer(serializers.Serializer[None]):
    """E-mail, two matching passwords, optional names.

    The sign-up flow runs ``AUTH_PASSWORD_VALIDATORS`` on ``password1``, so a
    replacement serializer cannot skip them.
    """

    default_error_messages = {"password_mismatch": _("The two password fields didn't match.")}

    email = email_field()
    password1 = password_field()
    password2 = password_field()
    first_name = name_field()
    last_name = name_field()

    def validate_email(self, value: str) -> str:
        return normalize_email(value)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["password1"] != attrs["password2"]:
            # non_field_errors, as 1.x and dj-rest-auth answered it
            raise serializers.ValidationError(
                self.error_messages["password_mismatch"], code="password_mismatch"
            )
        return attrs

    def unsaved_user(self, attrs: dict[str, Any]) -> AbstractBaseUser:
        names = {key: attrs.get(key, "") for key in ("first_name", "last_name")}
        return build_user(attrs["email"], **names)

    # dj-rest-auth's contract: save(request), not DRF's save(**kwargs).
    def save(self, request: HttpRequest) -> AbstractBaseUser:  # type: ignore[override]
        """Create the user (dj-rest-auth's contract); the flow records the address."""
        user = self.unsaved_user(self.validated_data)
        user.set_password(self.validated_data["password1"])
        get_adapter(request).populate_username(request, user)
        user.save()
        self.custom_signup(request, user)
        return user

    def custom_signup(self, request: HttpRequest, user: AbstractBaseUser) -> None:
        """Hook for subclasses: store extra fields of the saved user."""


class ResendEmailSerializer(serializers.Serializer[None]):
    email = email_field()

    def validate_email(self, value: str) -> str:
        return normalize_email(value)


class UserRegisterSerializer(serializers.Serializer[None]):
    """An invitation: who, with which role."""

    email = email_field()
    role = serializers.IntegerField()
    first_name = name_field()
    last_name = name_field()

    def validate_email(self, value: str) -> str:
        return normalize_email(value)
