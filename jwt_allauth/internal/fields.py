"""Serializer fields shared by the features."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

MAX_PASSWORD_LENGTH = 4096
PASSWORD_HELP = (
    "Up to 4096 characters, spaces kept. A NUL character (U+0000) or a lone surrogate "
    "is refused with a field error."
)


class StringField(serializers.CharField):
    """A CharField that takes only JSON strings: DRF's turns ``0`` into ``"0"``.

    A number where text belongs is a client bug the API should show, not store.
    """

    def to_internal_value(self, data: object) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


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
