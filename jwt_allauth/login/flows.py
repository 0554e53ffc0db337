"""From proven credentials to a session: the one gate every sign-in passes."""

from __future__ import annotations

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from allauth.account.utils import has_verified_email
from django.contrib.auth import authenticate
from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest

from jwt_allauth import exceptions
from jwt_allauth.app_settings import app_settings
from jwt_allauth.constants import MFAMode
from jwt_allauth.internal.emails import canonical_or_none
from jwt_allauth.mfa.challenges import MFAChallenge, challenge_for
from jwt_allauth.mfa.throttles import require_code_budget
from jwt_allauth.sessions.flows import IssuedTokens, open_session
from jwt_allauth.throttling import password_attempt
from jwt_allauth.users.addresses import find_holders_fast, own_address, typed_spellings

LoginResult = IssuedTokens | MFAChallenge
"""What the gate gives: a session, or a challenge to finish at ``mfa/``."""


@dataclass(frozen=True)
class LoggedIn:
    """Whom the password proved, and what the gate gave."""

    user: AbstractBaseUser
    result: LoginResult


def log_in(request: HttpRequest, email: str, password: str, typed: str | None = None) -> LoggedIn:
    """E-mail and password in, through the account's failure budget, to the gate."""
    user = authenticate_credentials(request, email, password, typed)
    if app_settings.MFA_TOTP_MODE != MFAMode.DISABLED:
        require_code_budget(user.pk)
    return LoggedIn(user=user, result=finish_login(request, user))


def authenticate_credentials(
    request: HttpRequest, email: str, password: str, typed: str | None = None
) -> AbstractBaseUser:
    """The active user with this e-mail and password; one answer for every failure.

    The check runs within the address's failure budget (``password_attempt``),
    known address or not. Django's and allauth's backends both hash the
    password even for an unknown address, so the timing does not tell
    accounts apart either.
    """
    with password_attempt(request, email):
        user = authenticate(request, email=login_spelling(email, typed), password=password)
        if user is None or not getattr(user, "is_active", True):
            raise exceptions.InvalidCredentials()
        if not signs_in_with(user, email):
            raise exceptions.InvalidCredentials()
    return user


def signs_in_with(user: AbstractBaseUser, email: str) -> bool:
    """Whether canonical ``email`` is a login address of ``user``: its own, or verified.

    An address awaiting the link of an e-mail change (``user/``) is an
    unverified allauth address of the account; it signs nobody in before the
    link is used.
    """
    if canonical_or_none(own_address(user)) == email:
        return True
    rows = EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    return any(canonical_or_none(row) == email for row in rows)


def login_spelling(email: str, typed: str | None) -> str:
    """The spelling the authentication backends know the account by.

    ``email`` is canonical; the backends compare exactly, so an account whose
    own address has capitals (``createsuperuser``) is found only by its own
    spelling, typed as stored. With no single holder the canonical form goes.
    When the canonical form is the only spelling to look for, the lookup could
    only find it again, and is skipped: two queries on most logins.
    """
    if typed_spellings(email, typed or email) == [email]:
        return email
    holders = find_holders_fast(email, typed or email)
    return holders[0].address if len(holders) == 1 else email


def finish_login(request: HttpRequest, user: AbstractBaseUser) -> LoginResult:
    """Turn a user whose password was just proven into a session, or an MFA challenge.

    Every path that signs a user in (login, sign-up, invitation, password
    reset, and later social login and passkeys) comes through here, so e-mail
    verification and MFA cannot be bypassed by a side door. It raises only
    before writing anything; callers inside a transaction render a challenge
    like a session, never by raising (which would roll their work back).
    """
    if not getattr(user, "is_active", True):
        raise exceptions.InvalidCredentials()
    require_verified_email(user)
    challenge = challenge_for(user)
    if challenge is not None:
        return challenge
    return open_session(user, request)


def require_verified_email(user: AbstractBaseUser) -> None:
    """With mandatory verification, no session for a user without a verified address.

    Called only after the credentials were proven, so it tells nothing to
    someone who does not know the password.
    """
    if not app_settings.EMAIL_VERIFICATION_REQUIRED:
        return
    if not has_verified_email(user):
        raise exceptions.EmailNotVerified()
