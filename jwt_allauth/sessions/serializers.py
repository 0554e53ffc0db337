"""Session listing and token verification payloads."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers
from rest_framework.validators import ProhibitSurrogateCharactersValidator

from jwt_allauth.sessions.models import UserSession


class UserSessionSerializer(serializers.ModelSerializer[UserSession]):
    current = serializers.SerializerMethodField()

    class Meta:
        model = UserSession
        fields = (
            "id",
            "created_at",
            "last_used_at",
            "expires_at",
            "ip_address",
            "browser",
            "os",
            "device",
            "device_type",
            "current",
        )
        read_only_fields = fields

    def get_current(self, session: UserSession) -> bool:
        return str(session.pk) == str(self.context.get("current_session_id"))


class TokenField(serializers.CharField):
    """A token: text that cannot be encoded is left to the token check (401), not refused here."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.validators = [
            v for v in self.validators if not isinstance(v, ProhibitSurrogateCharactersValidator)
        ]


class TokenVerifySerializer(serializers.Serializer[None]):
    token = TokenField(max_length=8192)
