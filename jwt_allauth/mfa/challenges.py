"""MFA challenges: the second step the login gate asks for instead of a session.

A challenge is a one-time grant (``jwt_allauth.grants``): a random id held by
the client, stored only as a hash, bound to one user and one purpose,
short-lived, tried a bounded number of times and spent by the MFA flows
with ``spend_grant``. This module imports nothing from allauth.mfa, so the gate works
without it while MFA is disabled.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser

from jwt_allauth import exceptions
from jwt_allauth.app_settings import app_settings
from jwt_allauth.grants.flows import issue_grant, peek_grant, reserve_attempt
from jwt_allauth.grants.models import GrantPurpose, OneTimeGrant
from jwt_allauth.internal.authenticators import authenticator_types, has_second_factor
from jwt_allauth.internal.compat import authenticator_model

LOGIN = GrantPurpose.MFA_LOGIN
SETUP = GrantPurpose.MFA_SETUP


@dataclass(frozen=True)
class MFAChallenge:
    """The gate's answer when a second factor (or its setup) must come first.

    ``types``: the kinds of authenticator the user has, for a login challenge.
    """

    purpose: GrantPurpose
    challenge_id: str
    types: tuple[str, ...] = ()


def challenge_for(user: AbstractBaseUser) -> MFAChallenge | None:
    """What the MFA mode asks of a user who proved a password; None: nothing more.

    Every kind of second factor counts, also those this API cannot check yet
    (a WebAuthn key added through allauth's pages): such a user gets a
    challenge, which recovery codes can answer. While MFA is disabled,
    enrolled users sign in with their password alone: the verify endpoints
    are closed too, so asking would lock them out.
    """
    if not app_settings.MFA_ENABLED:
        return None
    types = authenticator_types(user.pk)
    if has_second_factor(types):
        return issue_challenge(user, LOGIN, tuple(types))
    if not app_settings.MFA_REQUIRED:
        return None
    return issue_challenge(user, SETUP)


def has_totp(user: AbstractBaseUser) -> bool:
    Authenticator = authenticator_model()
    return bool(
        Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).exists()
    )


def issue_challenge(
    user: AbstractBaseUser, purpose: GrantPurpose, types: tuple[str, ...] = ()
) -> MFAChallenge:
    """A new challenge; older live ones stay, so two devices can sign in at once."""
    lifetime = app_settings.MFA_CHALLENGE_LIFETIME
    if purpose == SETUP:
        lifetime = app_settings.MFA_SETUP_LIFETIME
    raw = issue_grant(user, purpose, lifetime, replace=False)
    return MFAChallenge(purpose=purpose, challenge_id=raw, types=types)


def peek_challenge(raw: object, purpose: GrantPurpose) -> OneTimeGrant:
    """The live challenge behind ``raw`` for ``purpose``, its user loaded; not spent."""
    try:
        return peek_grant(raw, purpose)
    except exceptions.GrantInvalid as error:
        raise exceptions.MFAChallengeInvalid() from error


def count_attempt(
    grant: OneTimeGrant,
    exhausted: exceptions.CodedError,
    dead: type[exceptions.CodedError] = exceptions.MFAChallengeInvalid,
) -> None:
    """Use up one try of ``grant`` before its code is checked.

    Raises ``exhausted`` once the budget is spent, ``dead`` if the grant was
    spent or expired meanwhile.
    """
    budget = app_settings.MFA_CHALLENGE_ATTEMPTS
    reserve_attempt(grant, budget, exhausted=exhausted, error=dead)
