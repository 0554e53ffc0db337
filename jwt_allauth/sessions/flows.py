"""Open, rotate, list and revoke sessions.

A rotation is one conditional UPDATE on the session's ``current_jti`` (a
compare-and-swap): of any number of concurrent presentations of one refresh
token at most one wins, and every loser is treated as a replay that ends the
session. No row lock is held beyond that single statement.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest
from django.utils import timezone
from rest_framework_simplejwt.settings import api_settings as simplejwt_settings

from jwt_allauth import constants, exceptions
from jwt_allauth.app_settings import app_settings
from jwt_allauth.internal.authenticators import lacks_required_second_factor
from jwt_allauth.internal.clientinfo import client_ip, describe_client
from jwt_allauth.internal.pklookup import fetch_by_pk, update_by_pk
from jwt_allauth.internal.types import SessionId, UserPk
from jwt_allauth.sessions.claims import ClaimValue, build_user_claims
from jwt_allauth.sessions.models import RevokeReason, UserSession
from jwt_allauth.sessions.tokens import AccessToken, RefreshToken, SessionToken

_TokenT = TypeVar("_TokenT", bound=SessionToken)


@dataclass(frozen=True)
class IssuedTokens:
    access: AccessToken
    refresh: RefreshToken
    session: UserSession


def new_token_id() -> str:
    return uuid.uuid4().hex


def open_session(user: AbstractBaseUser, request: HttpRequest | None = None) -> IssuedTokens:
    """Start a session for a user whose credentials were already proven."""
    now = timezone.now()
    session = UserSession(
        user=user,  # type: ignore[misc]  # stubs: FK pinned to AUTH_USER_MODEL
        current_jti=new_token_id(),
        created_at=now,
        authenticated_at=now,
        last_used_at=now,
        expires_at=now + app_settings.SESSION_LIFETIME,
    )
    if request is not None and app_settings.COLLECT_USER_AGENT:
        for field, value in describe_client(request).items():
            setattr(session, field, value)
    session.save(force_insert=True)
    return issue_tokens(user, session, now)


def rotate_session(raw_refresh: object, request: HttpRequest | None = None) -> IssuedTokens:
    """Swap a refresh token for a new pair; a replayed token ends the session."""
    presented = RefreshToken.decode(raw_refresh)
    session = load_session(presented)
    now = timezone.now()
    if not session.is_alive(now):
        raise exceptions.SessionEnded()
    if session.current_jti != presented.jti:
        revoke_session(session.pk, RevokeReason.REPLAY)
        raise exceptions.TokenReused()
    if not getattr(session.user, "is_active", True):
        revoke_session(session.pk, RevokeReason.ACCOUNT_DISABLED)
        raise exceptions.UserNotFound()
    if lacks_required_second_factor(session.user_id):
        # Opened with the password alone before MFA became required. No setup
        # challenge from here: a refresh token is no proof of the password.
        revoke_session(session.pk, RevokeReason.MFA_REQUIRED)
        raise exceptions.MFASetupRequired()
    next_jti = new_token_id()
    changes: dict[str, Any] = {"current_jti": next_jti, "last_used_at": now}
    if request is not None and app_settings.COLLECT_USER_AGENT:
        changes["ip_address"] = client_ip(request)
    swapped = update_by_pk(
        UserSession,
        session.pk,
        changes,
        equal={"current_jti": presented.jti},
        null=("revoked_at",),
    )
    if not swapped:
        revoke_session(session.pk, RevokeReason.REPLAY)
        raise exceptions.TokenReused()
    session.current_jti = next_jti
    session.last_used_at = now
    return issue_tokens(session.user, session, now)


def load_session(token: RefreshToken) -> UserSession:
    """The session a verified refresh token names, with its user, fresh from the DB."""
    session_id = parse_session_id(token.session_id)
    session: UserSession | None = fetch_by_pk(UserSession, session_id, select_related=("user",))
    if session is None or str(session.user_id) != str(token.user_id):
        raise exceptions.InvalidToken()
    return session


def parse_session_id(value: object) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError as error:
        raise exceptions.InvalidToken() from error


def issue_tokens(user: AbstractBaseUser, session: UserSession, now: datetime) -> IssuedTokens:
    """Mint the pair for the session's current token id, claims read from ``user``."""
    claims = build_user_claims(user)
    refresh = _session_token(RefreshToken, user, session, claims)
    refresh[simplejwt_settings.JTI_CLAIM] = session.current_jti
    refresh.expire_at(session.expires_at)
    access = _session_token(AccessToken, user, session, claims)
    access.expire_at(min(now + app_settings.ACCESS_TOKEN_LIFETIME, session.expires_at))
    return IssuedTokens(access=access, refresh=refresh, session=session)


def _session_token(
    token_class: type[_TokenT],
    user: AbstractBaseUser,
    session: UserSession,
    claims: dict[str, ClaimValue],
) -> _TokenT:
    token = token_class()
    user_id = getattr(user, simplejwt_settings.USER_ID_FIELD)
    own = {
        **token.payload,
        simplejwt_settings.USER_ID_CLAIM: user_id if isinstance(user_id, int) else str(user_id),
        constants.SESSION_ID_CLAIM: str(session.pk),
        constants.AUTH_TIME_CLAIM: int(session.authenticated_at.timestamp()),
    }
    # A configured claim never replaces the token's own (checks do not run under WSGI).
    token.payload.update(claims)
    token.payload.update(own)
    return token


def authenticated_at(session_id: object, user_id: UserPk) -> datetime:
    """When the caller's live session last proved the password or a second factor."""
    sessions = UserSession.objects.alive().filter(pk=parse_session_id(session_id), user_id=user_id)
    moment: datetime | None = sessions.values_list("authenticated_at", flat=True).first()
    if moment is None:
        raise exceptions.SessionEnded()
    return moment


def record_authentication(session_id: object) -> None:
    """The session proved the password just now; its next tokens say so."""
    UserSession.objects.filter(pk=parse_session_id(session_id)).update(
        authenticated_at=timezone.now()
    )


def revoke_session(session_id: SessionId, reason: str) -> bool:
    """End one session; True when it was still alive."""
    return bool(
        UserSession.objects.filter(pk=session_id, revoked_at__isnull=True).update(
            revoked_at=timezone.now(), revoke_reason=reason
        )
    )


def revoke_user_sessions(user_id: UserPk, reason: str, keep: SessionId | None = None) -> int:
    """End every live session of a user, except ``keep``; returns how many."""
    sessions = UserSession.objects.filter(user_id=user_id, revoked_at__isnull=True)
    if keep is not None:
        sessions = sessions.exclude(pk=keep)
    return sessions.update(revoked_at=timezone.now(), revoke_reason=reason)


def revoke_own_session(user_id: UserPk, session_id: object) -> uuid.UUID:
    """End a session of the caller's; anyone else's, or an id that is no UUID, is not found."""
    try:
        session_uuid = uuid.UUID(str(session_id))
    except ValueError as error:
        raise exceptions.SessionNotFound() from error
    ended = (
        UserSession.objects.alive()
        .filter(pk=session_uuid, user_id=user_id)
        .update(revoked_at=timezone.now(), revoke_reason=RevokeReason.REVOKED_BY_USER)
    )
    if not ended:
        raise exceptions.SessionNotFound()
    return session_uuid


def list_live_sessions(user_id: UserPk) -> list[UserSession]:
    return list(UserSession.objects.alive().filter(user_id=user_id))


def log_out(session_id: SessionId) -> None:
    """End the session the caller's access token names (idempotent)."""
    revoke_session(session_id, RevokeReason.LOGOUT)


def is_session_alive(session_id: SessionId, user_id: UserPk) -> bool:
    """Per-request check: the session is live and its user still active."""
    sessions = UserSession.objects.alive().filter(pk=session_id, user_id=user_id)
    if _user_model_has_field("is_active"):
        sessions = sessions.filter(user__is_active=True)
    return sessions.exists()


def _user_model_has_field(name: str) -> bool:
    return any(field.name == name for field in get_user_model()._meta.get_fields())
