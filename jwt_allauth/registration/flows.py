"""Sign-up, e-mail verification, resending links, invitations and their first password.

Every change happens in one transaction; the mails it triggers leave when it
commits (``jwt_allauth.internal.mail.send_on_commit``), so a rolled-back change
mails nothing and a failing mail server changes no answer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Protocol

from allauth.account import signals
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_email, user_field
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest

from jwt_allauth import exceptions
from jwt_allauth.adapter import VERIFICATION_MAIL, get_adapter
from jwt_allauth.app_settings import app_settings
from jwt_allauth.grants.flows import issue_grant, revoke_user_grants, spend_grant
from jwt_allauth.grants.models import GrantPurpose
from jwt_allauth.internal.emails import canonical_email, require_canonical
from jwt_allauth.internal.password_policy import require_valid_password
from jwt_allauth.login.flows import LoginResult, finish_login
from jwt_allauth.permissions import request_role
from jwt_allauth.roles import ROLE_FIELD, STAFF_CODE, SUPER_USER_CODE, USER_CODE
from jwt_allauth.sessions.flows import IssuedTokens
from jwt_allauth.users.addresses import AddressTaken, claim_address, find_holders, own_address
from jwt_allauth.users.flows import complete_change, email_taken_error, is_pending_change
from jwt_allauth.users.verification import (
    confirmation_model,
    is_pending_invitation,
    mail_cooldown_passed,
    send_link_mail,
)

SET_PASSWORD = GrantPurpose.SET_PASSWORD
# Who outranks whom among the built-in roles; any other role value ranks as a user.
ROLE_RANKS: dict[object, int] = {USER_CODE: 0, STAFF_CODE: 1, SUPER_USER_CODE: 2}
# Django's flags standing for a role, for user models without a role field.
ROLE_FLAGS = {SUPER_USER_CODE: ("is_staff", "is_superuser"), STAFF_CODE: ("is_staff",)}


class SignUpInput(Protocol):
    """What sign-up needs of the (replaceable) register serializer: dj-rest-auth's contract."""

    def __init__(self, *args: Any, **kwargs: Any) -> None: ...

    def is_valid(self, *, raise_exception: bool = False) -> bool: ...

    @property
    def validated_data(self) -> Any: ...

    def save(self, request: HttpRequest) -> AbstractBaseUser: ...


@dataclass(frozen=True)
class SignUpResult:
    """What to answer: the address, and the gate's answer unless verification comes first."""

    email: str
    login: LoginResult | None


@dataclass(frozen=True)
class VerifiedAddress:
    """A verified address; ``set_password_grant`` is set for a pending invitation."""

    user: AbstractBaseUser
    set_password_grant: str | None
    session: IssuedTokens | None = None


def sign_up(request: HttpRequest, serializer: SignUpInput) -> SignUpResult:
    """Create the account, or, for a taken address, answer as if it had been created.

    Only mandatory verification can hide that an address is taken (nobody gets
    a session either way); in the other modes a taken address is an error. The
    password policy runs first, so its answer is the same for a taken address.
    """
    email = require_canonical(serializer.validated_data["email"], "email")
    require_password_policy(serializer.validated_data, email)
    try:
        return create_account(request, serializer, email)
    except AddressTaken as taken:
        recorded = taken.recorded
    except IntegrityError:
        recorded = None  # a concurrent sign-up took the address a moment ago
    if not app_settings.EMAIL_VERIFICATION_REQUIRED:
        raise email_taken_error()
    # Hash like a real sign-up would, so the answer takes as long.
    make_password(serializer.validated_data.get("password1"))
    if mail_cooldown_passed(request, email):
        # The spelling the account has recorded: mail goes there, never elsewhere.
        to = recorded or recorded_address(email)
        get_adapter(request).send_account_already_exists_mail(to)
    return SignUpResult(email=email, login=None)


def require_password_policy(data: Mapping[str, Any], email: str) -> None:
    """``AUTH_PASSWORD_VALIDATORS`` on ``password1`` (dj-rest-auth's name), for the new user."""
    if "password1" not in data:
        return
    names = {key: data.get(key) or "" for key in ("first_name", "last_name")}
    require_valid_password(data["password1"], build_user(email, **names), "password1")


def recorded_address(email: str) -> str:
    holders = find_holders(email)
    return holders[0].address if holders else email


def create_account(request: HttpRequest, serializer: SignUpInput, email: str) -> SignUpResult:
    verifying = app_settings.EMAIL_VERIFICATION_ENABLED
    required = app_settings.EMAIL_VERIFICATION_REQUIRED
    with transaction.atomic():
        claim_address(email)
        user = serializer.save(request)
        address = record_address(user, email)
        signals.user_signed_up.send(sender=user.__class__, request=request, user=user)
        if verifying:
            mail_cooldown_passed(request, email)  # starts the cooldown; this mail always goes
            send_link_mail(request, address)
        if required:
            return SignUpResult(email=email, login=None)
        return SignUpResult(email=email, login=finish_login(request, user))


def build_user(email: str, first_name: str = "", last_name: str = "") -> AbstractBaseUser:
    """An unsaved user of the active model; names only where the model has them."""
    user = get_user_model()()
    user_email(user, email)
    user_field(user, "first_name", first_name)
    user_field(user, "last_name", last_name)
    return user


def record_address(user: AbstractBaseUser, email: str) -> EmailAddress:
    """The new user's allauth address for canonical ``email``, created unverified and primary."""
    address = EmailAddress.objects.filter(user=user, email=email).first()
    if address is None:
        address = EmailAddress.objects.create(user=user, email=email, primary=True)
    return address


def verify_email_key(request: HttpRequest, key: str) -> VerifiedAddress:
    """Spend a verification link; a pending invitee also gets a set-password grant."""
    with transaction.atomic():
        confirmation = confirmation_model().from_key(key)
        # The row lock makes "this click verified it" true for one click only.
        first = confirmation is not None and (
            EmailAddress.objects.select_for_update()
            .filter(pk=confirmation.email_address.pk, verified=False)
            .exists()
        )
        change = confirmation is not None and is_pending_change(confirmation.email_address)
        address = confirmation.confirm(request) if confirmation else None
        if address is None:
            raise exceptions.VerificationKeyInvalid()
        if change:
            complete_change(address)
        user = address.user
        grant = None
        session = None
        if is_pending_invitation(user):
            lifetime = timedelta(seconds=app_settings.PASSWORD_SET_COOKIE_MAX_AGE)
            grant = issue_grant(user, SET_PASSWORD, lifetime)
        elif first and not change:
            session = session_from_link(request, user)
    return VerifiedAddress(user=user, set_password_grant=grant, session=session)


def session_from_link(request: HttpRequest, user: AbstractBaseUser) -> IssuedTokens | None:
    """1.x's ``JWT_ALLAUTH_SESSION_ON_EMAIL_VERIFICATION``: the first click of a sign-up
    link opens a session, through the one gate, for the browser that followed it.

    Only in cookie mode (a redirect has no body to carry a token), and never for
    a user the gate would ask for a second factor: a link is one factor.
    """
    if not (app_settings.SESSION_ON_EMAIL_VERIFICATION and app_settings.REFRESH_TOKEN_AS_COOKIE):
        return None
    try:
        with transaction.atomic():
            result = finish_login(request, user)
            if not isinstance(result, IssuedTokens):
                transaction.set_rollback(True)  # drop the challenge nobody will see
                return None
    except (exceptions.InvalidCredentials, exceptions.EmailNotVerified):
        return None
    return result


def resend_verification(request: HttpRequest, email: str) -> None:
    """Mail a fresh link if ``email`` awaits verification; otherwise render one and drop it.

    The thrown-away rendering keeps the answer about as long either way.
    """
    if not mail_cooldown_passed(request, email):
        return
    with transaction.atomic():
        address = unverified_address(email)
        if address is not None:
            send_link_mail(request, address)
            return
    get_adapter(request).build_link_mail(VERIFICATION_MAIL, request, decoy_confirmation(email))


def unverified_address(email: str) -> EmailAddress | None:
    """The address awaiting verification, recorded now for accounts made elsewhere.

    An account made elsewhere (``createsuperuser``) gets its own address
    recorded, in the canonical form: never the spelling that was typed.
    """
    holders = find_holders(email)
    if not holders:
        return None
    holder = holders[0]
    if holder.email_address is not None:
        awaiting = not holder.verified and getattr(holder.user, "is_active", True)
        return holder.email_address if awaiting else None
    user = holder.user
    if not getattr(user, "is_active", True) or EmailAddress.objects.filter(user=user).exists():
        return None
    own = canonical_email(own_address(user))
    return EmailAddress.objects.create(user=user, email=own, primary=True)


def decoy_confirmation(email: str) -> EmailConfirmationHMAC:
    """A confirmation for an unsaved address: renders like a real one, verifies nothing."""
    address = EmailAddress(pk=0, user=build_user(email), email=email)
    return EmailConfirmationHMAC(address)


def invite_user(
    request: HttpRequest, email: str, role: object, first_name: str = "", last_name: str = ""
) -> AbstractBaseUser:
    """Create a password-less account with ``role`` and mail it an invitation."""
    check_grantable(request_role(request), role)
    try:
        with transaction.atomic():
            claim_address(email)
            user = build_user(email, first_name, last_name)
            assign_role(user, role)
            user.set_unusable_password()
            get_adapter(request).populate_username(request, user)
            user.save()
            address = record_address(user, email)
            signals.user_signed_up.send(sender=user.__class__, request=request, user=user)
            send_link_mail(request, address)
    except (AddressTaken, IntegrityError) as error:
        raise email_taken_error() from error
    return user


def check_grantable(caller_role: object, role: object) -> None:
    """Staff and superuser can only be granted by someone holding that rank or more."""
    if ROLE_RANKS.get(role, 0) > ROLE_RANKS.get(caller_role, 0):
        raise exceptions.RoleNotAllowed()


def assign_role(user: AbstractBaseUser, role: object) -> None:
    """Store ``role`` in the ``role`` field, or as Django's staff/superuser flags.

    A role the field cannot hold (out of its range, not among its choices) is
    ``RoleNotSupported``, never a database error.
    """
    field = next((f for f in user._meta.concrete_fields if f.name == ROLE_FIELD), None)
    if field is not None:
        try:
            setattr(user, ROLE_FIELD, field.clean(role, user))
        except ValidationError as error:
            raise exceptions.RoleNotSupported() from error
    elif role in ROLE_FLAGS:
        for flag in ROLE_FLAGS[role]:
            setattr(user, flag, True)
    elif role != USER_CODE:
        raise exceptions.RoleNotSupported()


def set_initial_password(request: HttpRequest, raw_grant: str, password: str) -> LoginResult:
    """Spend the set-password grant, set the password, pass the gate: all or nothing.

    A password ``AUTH_PASSWORD_VALIDATORS`` refuses leaves the grant unspent.
    """
    with transaction.atomic():
        user = spend_grant(raw_grant, SET_PASSWORD).user
        require_valid_password(password, user, "new_password2")
        get_adapter(request).set_password(user, password)
        revoke_user_grants(user.pk)
        result = finish_login(request, user)
    signals.password_set.send(sender=user.__class__, request=request, user=user)
    return result
