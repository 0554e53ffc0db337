"""From proven credentials to a session: the one gate every sign-in passes."""

from __future__ import annotations

from typing import Any

from allauth.account.utils import has_verified_email
from django.contrib.auth import authenticate

from jwt_allauth import constants, exceptions
from jwt_allauth.app_settings import app_settings
from jwt_allauth.sessions.flows import IssuedTokens, open_session
from jwt_allauth.throttling import LoginFailureThrottle


def authenticate_credentials(request: Any, email: str, password: str) -> Any:
    """The active user with this e-mail and password; one answer for every failure.

    Django's and allauth's backends both hash the password even for an unknown
    address, so the timing does not tell accounts apart either.
    """
    user = authenticate(request, email=email, password=password)
    if user is None or not getattr(user, "is_active", True):
        LoginFailureThrottle().record_failure(request)
        raise exceptions.InvalidCredentials()
    return user


def finish_login(request: Any, user: Any) -> IssuedTokens:
    """Turn an authenticated user into a session.

    Every path that signs a user in (password login, and later sign-up,
    password reset, social login) must come through here, so later gates
    (e-mail verification, MFA) cannot be bypassed by a side door.
    """
    if not getattr(user, "is_active", True):
        raise exceptions.InvalidCredentials()
    require_verified_email(user)
    return open_session(user, request)


def require_verified_email(user: Any) -> None:
    """With mandatory verification, no session for a user without a verified address.

    Called only after the credentials were proven, so it tells nothing to
    someone who does not know the password.
    """
    if app_settings.EMAIL_VERIFICATION_MODE != constants.EMAIL_VERIFICATION_MANDATORY:
        return
    if not has_verified_email(user):
        raise exceptions.EmailNotVerified()
