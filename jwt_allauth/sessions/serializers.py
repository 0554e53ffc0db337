"""Session listing and token verification payloads."""

from __future__ import annotations

from rest_framework import serializers

from jwt_allauth.sessions.models import UserSession


class UserSessionSerializer(serializers.ModelSerializer):
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


class TokenVerifySerializer(serializers.Serializer):
    token = serializers.CharField(max_length=8192)
