"""TOTP enrolment, the second step of a login, recovery codes and deactivation.

Every check of a code first uses up one try of its challenge (or pending
setup) in a statement of its own, then runs in one transaction with what it
authorizes: a wrong code rolls back everything except that try and the
account's failure count.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa import signals
from allauth.mfa.adapter import get_adapter
from allauth.mfa.base.internal.flows import delete_dangling_recovery_codes
from allauth.mfa.internal.flows.add import validate_can_add_authenticator
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import generate_totp_secret
from allauth.mfa.utils import decrypt, encrypt
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.dispatch import Signal
from django.http import HttpRequest
from django.utils import timezone
from rest_framework.exceptions import NotAuthenticated
from rest_framework.request import Request

from jwt_allauth import exceptions
from jwt_allauth.app_settings import app_settings
from jwt_allauth.constants import MFAMode
from jwt_allauth.grants.flows import issue_grant, live_grant_of, revoke_user_grants, spend_grant
from jwt_allauth.grants.models import GrantPurpose, OneTimeGrant
from jwt_allauth.internal.types import UserPk, caller_pk
from jwt_allauth.mfa import codes
from jwt_allauth.mfa.adapter import totp_issuer
from jwt_allauth.mfa.challenges import LOGIN, SETUP, count_attempt, has_totp, peek_challenge
from jwt_allauth.mfa.throttles import code_attempt, code_budget
from jwt_allauth.sessions.flows import (
    IssuedTokens,
    authenticated_at,
    open_session,
    record_authentication,
)
from jwt_allauth.throttling import user_password_attempt
from jwt_allauth.users.flows import load_active_user

PENDING = GrantPurpose.TOTP_PENDING


@dataclass(frozen=True)
class TOTPSetup:
    provisioning_uri: str
    secret: str
    qr_code: str


@dataclass(frozen=True)
class Activation:
    """The new recovery codes, and a session when a setup challenge was spent."""

    recovery_codes: list[str]
    tokens: IssuedTokens | None


def require_mfa_enabled() -> None:
    if not app_settings.MFA_ENABLED:
        raise exceptions.MFADisabled()


def enrolling_user(
    request: Request, raw_setup_challenge: object, password: str | None = None
) -> tuple[AbstractBaseUser, OneTimeGrant | None]:
    """Who enrols: the setup challenge's user, else the bearer of the access token.

    The bearer's session must have proven the password recently, or
    ``password`` proves it now; the setup challenge is itself that proof. A
    challenge of another user than the bearer's is refused, so a token and a
    challenge cannot be mixed.
    """
    caller = request.user
    if raw_setup_challenge is None:
        if not getattr(caller, "is_authenticated", False):
            raise NotAuthenticated()
        user = load_active_user(caller_pk(request))
        session_id = getattr(request.auth, "session_id", None)  # the caller's own token
        require_recent_authentication(request, user, session_id, password)
        return user, None
    challenge = peek_challenge(raw_setup_challenge, SETUP)
    if getattr(caller, "is_authenticated", False) and str(caller.pk) != str(challenge.user_id):
        raise exceptions.MFAChallengeInvalid()
    if not getattr(challenge.user, "is_active", True):
        raise exceptions.MFAChallengeInvalid()
    return challenge.user, challenge


def require_recent_authentication(
    request: HttpRequest, user: AbstractBaseUser, session_id: object, password: str | None
) -> None:
    """A stolen access token alone must not enrol a factor that locks the owner out."""
    proven_at = authenticated_at(session_id, user.pk)
    if password is not None:
        check_password(request, user, password)
        record_authentication(session_id)
    elif timezone.now() - proven_at > app_settings.MFA_REAUTHENTICATION_TIMEOUT:
        raise exceptions.ReauthenticationRequired()


def check_password(request: HttpRequest, user: AbstractBaseUser, password: str) -> None:
    """``PasswordIncorrect`` for a wrong password, within the account's password budget."""
    with user_password_attempt(request, user, exceptions.PasswordIncorrect):
        if not user.check_password(password):
            raise exceptions.PasswordIncorrect()


def start_totp_setup(
    request: Request, raw_setup_challenge: object, password: str | None
) -> TOTPSetup:
    """A new secret for the enrolling user (see ``enrolling_user``), pending server side
    until activated; it replaces any older pending one."""
    user, _challenge = enrolling_user(request, raw_setup_challenge, password)
    if has_totp(user):
        raise exceptions.MFAAlreadyEnabled()
    if app_settings.MFA_TOTP_MODE is MFAMode.OPTIONAL:
        require_addresses_verified(user)
    secret = generate_totp_secret()
    issue_grant(user, PENDING, app_settings.MFA_SETUP_LIFETIME, payload=encrypt(secret))
    uri = provisioning_uri(request, user, secret)
    return TOTPSetup(provisioning_uri=uri, secret=secret, qr_code=get_adapter().build_totp_svg(uri))


def require_addresses_verified(user: AbstractBaseUser) -> None:
    """allauth's rule (unless ``MFA_ALLOW_UNVERIFIED_EMAIL``): no authenticator on an
    account with an unverified address, which a squatter could otherwise lock.

    Not applied in required mode, where enrolling is the only way in.
    """
    try:
        validate_can_add_authenticator(user)
    except ValidationError as error:
        raise exceptions.MFAEmailUnverified() from error


def provisioning_uri(request: HttpRequest, user: AbstractBaseUser, secret: str) -> str:
    issuer = totp_issuer(request)
    # A literal ":" separates issuer and account; a quoted one would belong to a name.
    label = f"{quote(issuer, safe='')}:{quote(get_adapter().get_totp_label(user), safe='@')}"
    params: dict[str, object] = {"secret": secret, "issuer": issuer}
    if mfa_settings.TOTP_DIGITS != 6:
        params["digits"] = mfa_settings.TOTP_DIGITS
    if mfa_settings.TOTP_PERIOD != 30:
        params["period"] = mfa_settings.TOTP_PERIOD
    return f"otpauth://totp/{label}?{urlencode(params, quote_via=quote)}"


def activate_totp(
    request: Request, raw_setup_challenge: object, password: str | None, code: str
) -> Activation:
    """Turn the enrolling user's pending secret into their authenticator, with recovery codes.

    With a setup challenge (required mode, no session yet) the challenge is
    spent and a session opened: the password was proven to get the challenge,
    and the code just now.
    """
    user, setup_challenge = enrolling_user(request, raw_setup_challenge, password)
    budget = code_budget(user.pk)
    with code_attempt(budget):
        pending = live_grant_of(user.pk, PENDING)
        if pending is None:
            raise exceptions.MFASetupMissing()
        exhausted = exceptions.MFASetupExhausted(wait=budget.retry_after())
        count_attempt(pending, exhausted, dead=exceptions.MFASetupMissing)
        secret = decrypt(pending.payload)
        step = codes.matching_step(secret, code)
        if step is None:
            raise exceptions.MFACodeInvalid()
    try:
        with transaction.atomic():
            activation = _activate(request, user, pending, secret, step, setup_challenge)
    except IntegrityError as error:  # a concurrent activation stored its authenticator first
        raise exceptions.MFAAlreadyEnabled() from error
    return activation


def _activate(
    request: HttpRequest,
    user: AbstractBaseUser,
    pending: OneTimeGrant,
    secret: str,
    step: int,
    setup_challenge: OneTimeGrant | None,
) -> Activation:
    spend_grant(pending, PENDING, error=exceptions.MFASetupMissing)
    if setup_challenge is not None:
        spend_grant(setup_challenge, SETUP, error=exceptions.MFAChallengeInvalid)
    if has_totp(user):
        raise exceptions.MFAAlreadyEnabled()
    authenticator = codes.activate_totp(user, secret, step)
    recovery_codes = codes.issue_recovery_codes(user)
    _announce(signals.authenticator_added, request, user, authenticator)
    tokens = open_session(user, request) if setup_challenge is not None else None
    return Activation(recovery_codes=recovery_codes, tokens=tokens)


def verify_totp(request: HttpRequest, raw_challenge: object, code: str) -> IssuedTokens:
    """A login challenge and a TOTP code in, the session out."""
    return _complete_login(request, raw_challenge, code, codes.accept_totp)


def verify_recovery_code(request: HttpRequest, raw_challenge: object, code: str) -> IssuedTokens:
    """A login challenge and an unused recovery code in, the session out."""
    return _complete_login(request, raw_challenge, code, codes.accept_recovery_code)


def _complete_login(
    request: HttpRequest,
    raw_challenge: object,
    code: str,
    accept: Callable[[AbstractBaseUser, str], Authenticator],
) -> IssuedTokens:
    challenge = peek_challenge(raw_challenge, LOGIN)
    user = challenge.user
    budget = code_budget(user.pk)
    with code_attempt(budget):
        count_attempt(challenge, exceptions.MFAChallengeExhausted())
        with transaction.atomic():
            spend_grant(challenge, LOGIN, error=exceptions.MFAChallengeInvalid)
            if not getattr(user, "is_active", True):
                raise exceptions.InvalidCredentials()
            authenticator = accept(user, code)
            tokens = open_session(user, request)
            used = {"reauthenticated": False, "passwordless": False}
            _announce(signals.authenticator_used, request, user, authenticator, **used)
    return tokens


def deactivate_totp(request: HttpRequest, user: AbstractBaseUser, password: str) -> None:
    """Remove the TOTP authenticator and, unless another authenticator needs them,
    the recovery codes; refused while MFA is required."""
    require_deactivation_allowed()
    check_password(request, user, password)
    with transaction.atomic():
        totp = Authenticator.objects.select_for_update().filter(
            user_id=user.pk, type=Authenticator.Type.TOTP
        )
        authenticator = totp.first()
        if authenticator is None:
            raise exceptions.MFANotEnabled()
        authenticator.delete()
        for removed in (authenticator, delete_dangling_recovery_codes(user)):
            if removed is not None:
                _announce(signals.authenticator_removed, request, user, removed)
        revoke_user_grants(user.pk, LOGIN)
        revoke_user_grants(user.pk, PENDING)


def require_deactivation_allowed() -> None:
    if app_settings.MFA_TOTP_MODE is not MFAMode.OPTIONAL:
        raise exceptions.MFADeactivationForbidden()


def list_authenticators(user_id: UserPk) -> list[Authenticator]:
    return list(Authenticator.objects.filter(user_id=user_id).order_by("created_at", "pk"))


def _announce(
    signal: Signal,
    request: HttpRequest,
    user: AbstractBaseUser,
    authenticator: Authenticator,
    **extra: object,
) -> None:
    """Send one of allauth.mfa's signals once the transaction commits."""
    transaction.on_commit(
        lambda: signal.send(
            sender=Authenticator,
            request=request,
            user=user,
            authenticator=authenticator,
            **extra,
        )
    )
