"""Login input; replaceable through ``JWT_ALLAUTH_LOGIN_SERIALIZER``."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from jwt_allauth.login.flows import authenticate_credentials

MAX_PASSWORD_LENGTH = 4096


class LoginSerializer(serializers.Serializer):
    """Validates e-mail and password and puts the authenticated user in ``user``."""

    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(
        max_length=MAX_PASSWORD_LENGTH, trim_whitespace=False, style={"input_type": "password"}
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        request = self.context.get("request")
        attrs["user"] = authenticate_credentials(request, attrs["email"], attrs["password"])
        return attrs
