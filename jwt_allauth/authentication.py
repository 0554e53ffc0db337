"""DRF authentication for access tokens, answered from the token alone by default."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.utils.functional import SimpleLazyObject
from rest_framework_simplejwt.authentication import JWTAuthentication as SimpleJWTAuthentication

from jwt_allauth import constants, exceptions
from jwt_allauth.app_settings import app_settings
from jwt_allauth.sessions.flows import is_session_alive
from jwt_allauth.sessions.tokens import AccessToken
from jwt_allauth.users.flows import load_active_user


class TokenUser(SimpleLazyObject):
    """The user of a verified access token; the database row is loaded on first need.

    ``pk``, ``id``, ``is_authenticated``, ``role`` and ``session_id`` come from the
    token. Any other attribute, ``isinstance`` checks and ORM use load the row once.
    """

    def __init__(self, token: AccessToken) -> None:
        self.__dict__["token"] = token
        super().__init__(lambda: load_active_user(token.user_id))

    @property
    def pk(self) -> Any:
        return get_user_model()._meta.pk.to_python(self.token.user_id)

    id = pk

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False

    def __bool__(self) -> bool:
        # DRF's IsAuthenticated tests ``request.user`` for truth; don't load the row for it.
        return True

    @property
    def role(self) -> Any:
        return self.token.get(constants.ROLE_CLAIM)

    @property
    def session_id(self) -> str | None:
        return self.token.session_id


class JWTAuthentication(SimpleJWTAuthentication):
    """Bearer access tokens; set JWT_ALLAUTH_CHECK_SESSION_ON_REQUEST to also check the session."""

    def get_header(self, request: Any) -> bytes | None:
        """A header that the header encoding cannot hold carries no valid token."""
        try:
            return super().get_header(request)
        except UnicodeEncodeError as error:
            raise exceptions.InvalidToken() from error

    def get_validated_token(self, raw_token: bytes) -> AccessToken:  # type: ignore[override]
        try:
            raw = raw_token.decode("ascii")
        except UnicodeDecodeError as error:
            raise exceptions.InvalidToken() from error
        return AccessToken.decode(raw)  # type: ignore[return-value]

    def get_user(self, validated_token: AccessToken) -> TokenUser:  # type: ignore[override]
        if app_settings.CHECK_SESSION_ON_REQUEST and not is_session_alive(
            validated_token.session_id, validated_token.user_id
        ):
            raise exceptions.SessionEnded()
        return TokenUser(validated_token)
