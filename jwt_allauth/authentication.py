"""DRF authentication for access tokens, answered from the token alone by default."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.utils.functional import SimpleLazyObject
from rest_framework.request import Request
from rest_framework_simplejwt.authentication import JWTAuthentication as SimpleJWTAuthentication

from jwt_allauth import constants, exceptions
from jwt_allauth.app_settings import app_settings
from jwt_allauth.internal.types import UserPk
from jwt_allauth.sessions.flows import is_session_alive
from jwt_allauth.sessions.tokens import AccessToken
from jwt_allauth.users.flows import load_active_user

if TYPE_CHECKING:
    _LazyUser = SimpleLazyObject[AbstractBaseUser]
else:
    _LazyUser = SimpleLazyObject


class TokenUser(_LazyUser):
    """The user of a verified access token; the database row is loaded on first need.

    ``pk``, ``id``, ``is_authenticated``, ``role`` and ``session_id`` come from the
    token. Any other attribute, ``isinstance`` checks and ORM use load the row once.
    """

    token: AccessToken  # kept in __dict__, beside the wrapped user

    def __init__(self, token: AccessToken) -> None:
        self.__dict__["token"] = token
        super().__init__(lambda: load_active_user(token.user_id))

    @property
    def pk(self) -> UserPk:
        pk: UserPk = get_user_model()._meta.pk.to_python(self.token.user_id)
        return pk

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
    def role(self) -> object:
        return self.token.get(constants.ROLE_CLAIM)

    @property
    def session_id(self) -> str | None:
        return self.token.session_id


class JWTAuthentication(SimpleJWTAuthentication):
    """Bearer access tokens; set JWT_ALLAUTH_CHECK_SESSION_ON_REQUEST to also check the session."""

    # simplejwt annotates bytes but returns None when there is no header.
    def get_header(self, request: Request) -> bytes | None:  # type: ignore[override]
        """A header that the header encoding cannot hold carries no valid token."""
        try:
            return super().get_header(request)
        except UnicodeEncodeError as error:
            raise exceptions.InvalidToken() from error

    def get_validated_token(self, raw_token: bytes) -> AccessToken:
        try:
            raw = raw_token.decode("ascii")
        except UnicodeDecodeError as error:
            raise exceptions.InvalidToken() from error
        return AccessToken.decode(raw)

    # Narrower than simplejwt's signature: our tokens, our lazy user.
    def get_user(self, validated_token: AccessToken) -> TokenUser:  # type: ignore[override]
        session_id, user_id = validated_token.session_id, validated_token.user_id
        if app_settings.CHECK_SESSION_ON_REQUEST and not (
            session_id and user_id is not None and is_session_alive(session_id, user_id)
        ):
            raise exceptions.SessionEnded()
        return TokenUser(validated_token)
