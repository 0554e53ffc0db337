"""Request and response shapes of the social endpoints."""

from __future__ import annotations

from typing import Any

from allauth.socialaccount.models import SocialAccount
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from jwt_allauth import exceptions
from jwt_allauth.social.state import Flow

MAX_CREDENTIAL_LENGTH = 16384


def credential_field(**kwargs: Any) -> serializers.CharField:
    return serializers.CharField(
        max_length=MAX_CREDENTIAL_LENGTH, write_only=True, trim_whitespace=False, **kwargs
    )


def code_verifier_field() -> serializers.RegexField:
    """RFC 7636: 43 to 128 unreserved characters."""
    return serializers.RegexField(r"^[A-Za-z0-9\-._~]{43,128}$", required=False, write_only=True)


class StateFieldsMixin(serializers.Serializer[None]):
    """The optional ``state``/``state_secret`` pair ``start/`` handed out; both or neither."""

    state = credential_field(required=False)
    state_secret = credential_field(required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        if attrs.get("state") and not attrs.get("state_secret"):
            message = _("Send the state_secret that came with this state.")
            raise exceptions.field_error("state_secret", message, "required")
        return attrs


class SocialTokenSerializer(StateFieldsMixin, serializers.Serializer[None]):
    """A credential the client got from the provider itself (an SDK, Google's button)."""

    id_token = credential_field(required=False)
    access_token = credential_field(required=False)
    client_id = credential_field(required=False)
    nonce = credential_field(required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        if not attrs.get("id_token") and not attrs.get("access_token"):
            message = _("Send an id_token or an access_token.")
            raise exceptions.field_error("id_token", message, "required")
        return attrs


class SocialCodeSerializer(StateFieldsMixin, serializers.Serializer[None]):
    """An authorization code, exchanged with the provider on the server."""

    code = credential_field()
    callback_url = serializers.URLField(max_length=2048, write_only=True)
    code_verifier = code_verifier_field()
    client_id = credential_field(required=False)


class SocialStartSerializer(serializers.Serializer[None]):
    """Optional: where the provider sends the user back, and the PKCE challenge (S256)."""

    callback_url = serializers.URLField(max_length=2048, required=False)
    code_challenge = serializers.RegexField(r"^[A-Za-z0-9\-_]{43}$", required=False)
    client_id = credential_field(required=False)


class SocialFlowSerializer(serializers.Serializer[Flow]):
    """A started sign-in; keep ``state_secret`` (and the PKCE verifier) on the client."""

    state = serializers.CharField()
    state_secret = serializers.CharField()
    nonce = serializers.CharField()
    expires_in = serializers.IntegerField()
    authorization_url = serializers.CharField(allow_null=True)


class DjRestAuthSocialSerializer(serializers.Serializer[None]):
    """dj-rest-auth's ``SocialLoginSerializer`` fields: one of access_token, code, id_token."""

    access_token = credential_field(required=False)
    code = credential_field(required=False)
    id_token = credential_field(required=False)
    code_verifier = code_verifier_field()
    nonce = credential_field(required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not any(attrs.get(name) for name in ("access_token", "code", "id_token")):
            message = _("Send an access_token, a code or an id_token.")
            raise exceptions.field_error("access_token", message, "required")
        return attrs


class SocialAccountSerializer(serializers.ModelSerializer[SocialAccount]):
    """A linked provider account; ``extra_data`` (the provider's profile) stays private."""

    class Meta:
        model = SocialAccount
        fields = ("id", "provider", "uid", "last_login", "date_joined")
        read_only_fields = fields


class SocialProviderSerializer(serializers.Serializer[Any]):  # dicts, read with many=True
    """A provider a front end may offer; the client id is public, the secret never sent."""

    id = serializers.CharField()
    name = serializers.CharField()
    client_id = serializers.CharField(allow_null=True)
