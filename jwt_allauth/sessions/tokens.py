"""The two JWT types, encoded and verified by simplejwt; they carry claims only."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.settings import api_settings as simplejwt_settings
from rest_framework_simplejwt.tokens import Token
from rest_framework_simplejwt.utils import datetime_from_epoch

from jwt_allauth import constants, exceptions
from jwt_allauth.app_settings import app_settings
from jwt_allauth.internal.tokencache import remembering

if TYPE_CHECKING:
    from typing import Self  # Python 3.11+: for the checker only, so 3.10 still imports us


class SessionToken(Token):
    """A token bound to a session (``sid``) whose lifetime comes from our settings."""

    @property
    def session_id(self) -> str | None:
        return self.payload.get(constants.SESSION_ID_CLAIM)

    @property
    def jti(self) -> str | None:
        return self.payload.get(simplejwt_settings.JTI_CLAIM)

    @property
    def user_id(self) -> int | str | None:
        """The ``user_id`` claim; None when missing or not a key (``decode`` refuses that)."""
        value = self.payload.get(simplejwt_settings.USER_ID_CLAIM)
        return value if isinstance(value, int | str) else None

    def expire_at(self, moment: datetime) -> None:
        self.set_exp(from_time=moment, lifetime=timedelta(0))

    @property
    def expires_at(self) -> datetime:
        return datetime_from_epoch(self.payload["exp"])

    @classmethod
    def decode(cls, raw: object) -> Self:
        """Verify signature, expiry and type; any failure is ``InvalidToken``.

        A JWT is ASCII; anything else (such as text that cannot be encoded) is no token.
        """
        if not isinstance(raw, str) or not raw or len(raw) > 8192 or not raw.isascii():
            raise exceptions.InvalidToken()
        try:
            token = cls(raw)  # type: ignore[arg-type]  # simplejwt annotates it Token, takes str
        except TokenError as error:
            raise exceptions.InvalidToken() from error
        if not token.session_id or not token.jti or token.user_id is None:
            raise exceptions.InvalidToken()
        return token


class AccessToken(SessionToken):
    token_type = constants.ACCESS_TOKEN_TYPE

    def get_token_backend(self) -> Any:
        """simplejwt's backend, remembering the access tokens it verified (``tokencache``)."""
        return remembering(super().get_token_backend())

    @property
    def lifetime(self) -> timedelta:  # type: ignore[override]  # read at call time, never set
        return app_settings.ACCESS_TOKEN_LIFETIME


class RefreshToken(SessionToken):
    token_type = constants.REFRESH_TOKEN_TYPE

    @property
    def session_id(self) -> str | None:
        """``sid``; a token minted by jwt-allauth 1.x names its session ``session``.

        Upgrading carries 1.x's sessions over (migration 0003), so their refresh
        tokens rotate into ours; the session row and its ``current_jti`` still decide.
        """
        own = super().session_id
        return own if own else self.payload.get(constants.LEGACY_SESSION_ID_CLAIM)

    @property
    def lifetime(self) -> timedelta:  # type: ignore[override]  # read at call time, never set
        return app_settings.REFRESH_TOKEN_LIFETIME
