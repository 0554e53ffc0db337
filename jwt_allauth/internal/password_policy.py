"""The project's password policy (``AUTH_PASSWORD_VALIDATORS``), applied by the flows.

Flows apply it, not serializers: a project that replaces a serializer cannot
drop the policy with it.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from rest_framework import serializers

from jwt_allauth import exceptions


def require_valid_password(password: Any, user: Any, field: str) -> None:
    """A field error of ``field`` unless ``password`` is text the validators accept for ``user``."""
    if not isinstance(password, str):
        message = serializers.CharField.default_error_messages["invalid"]
        raise exceptions.field_error(field, message, "invalid")
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        raise exceptions.django_field_error(field, error) from error
