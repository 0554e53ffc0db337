"""Login input; replaceable through ``JWT_ALLAUTH_LOGIN_SERIALIZER``.

It checks the shape only: the password is checked by the login flow, within
the account's failure budget, so a replacement cannot drop that budget.
"""

from __future__ import annotations

from rest_framework import serializers

from jwt_allauth.internal.emails import EmailField
from jwt_allauth.internal.fields import MAX_PASSWORD_LENGTH, PASSWORD_HELP


class LoginSerializer(serializers.Serializer[None]):
    """An e-mail address and a password, as typed."""

    email = EmailField()
    password = serializers.CharField(
        max_length=MAX_PASSWORD_LENGTH,
        trim_whitespace=False,
        style={"input_type": "password"},
        help_text=PASSWORD_HELP,
    )
