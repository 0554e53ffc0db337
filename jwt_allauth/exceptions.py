"""Every error the API answers with: a status, a translated detail, a stable code.

The body is always ``{"detail": ..., "code": ...}`` so clients can branch on the
code and show the detail.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status


class CodedError(exceptions.APIException):
    """An APIException whose body carries its code next to its detail."""

    def __init__(self, detail: str | None = None, code: str | None = None) -> None:
        super().__init__(
            {
                "detail": detail if detail is not None else self.default_detail,
                "code": code or self.default_code,
            }
        )


class InvalidCredentials(CodedError):
    status_code = status.HTTP_401_UNAUTHORIZED
    default_detail = _("Unable to log in with the provided credentials.")
    default_code = "invalid_credentials"


class InvalidToken(CodedError):
    status_code = status.HTTP_401_UNAUTHORIZED
    default_detail = _("Token is invalid or expired.")
    default_code = "token_not_valid"


class TokenReused(CodedError):
    status_code = status.HTTP_401_UNAUTHORIZED
    default_detail = _(
        "This refresh token was already used. The session has been ended; sign in again."
    )
    default_code = "token_reused"


class SessionEnded(CodedError):
    status_code = status.HTTP_401_UNAUTHORIZED
    default_detail = _("This session has ended; sign in again.")
    default_code = "session_ended"


class RefreshTokenMissing(CodedError):
    status_code = status.HTTP_401_UNAUTHORIZED
    default_detail = _("No refresh token was provided.")
    default_code = "refresh_token_missing"


class UserNotFound(CodedError):
    status_code = status.HTTP_401_UNAUTHORIZED
    default_detail = _("The account of this token no longer exists or is inactive.")
    default_code = "user_not_found"


class SessionNotFound(CodedError):
    status_code = status.HTTP_404_NOT_FOUND
    default_detail = _("No such session.")
    default_code = "session_not_found"
