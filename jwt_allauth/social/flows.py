"""From a verified ``SocialLogin`` to a user: find, link, sign up, connect, disconnect.

allauth's interactive ``complete_social_login`` answers with redirects and may
link by e-mail on its own (``SOCIALACCOUNT_EMAIL_AUTHENTICATION``); here each
step is taken through allauth's models and adapter so the linking policy is
ours, and every sign-in ends in ``finish_login``.
"""

from __future__ import annotations

from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount import signals
from allauth.socialaccount.adapter import get_adapter as get_social_adapter
from allauth.socialaccount.models import SocialAccount, SocialLogin
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest

from jwt_allauth import exceptions
from jwt_allauth.app_settings import app_settings
from jwt_allauth.internal.authenticators import authenticator_types, has_second_factor
from jwt_allauth.internal.emails import canonical_or_none
from jwt_allauth.internal.types import UserPk
from jwt_allauth.login.flows import LoginResult, finish_login
from jwt_allauth.users.addresses import find_holders

PROCESS_LOGIN = "login"
PROCESS_CONNECT = "connect"


def sign_in_social(request: HttpRequest, sociallogin: SocialLogin) -> LoginResult:
    """The user behind a provider login, through the one gate: a session or a challenge."""
    try:
        with transaction.atomic():
            prepare_login(request, sociallogin, PROCESS_LOGIN)
            if sociallogin.is_existing:
                user = sociallogin.user
            else:
                user = link_or_sign_up(request, sociallogin)
            return finish_login(request, user)
    except IntegrityError as error:  # the same new provider account, signed up twice at once
        raise exceptions.SocialAccountInUse() from error


def prepare_login(request: HttpRequest, sociallogin: SocialLogin, process: str) -> None:
    """Attach the stored provider account, if any, then let the project's hooks veto."""
    sociallogin.state["process"] = process
    stored = (
        SocialAccount.objects.select_related("user")
        .filter(provider=sociallogin.account.provider, uid=sociallogin.account.uid)
        .first()
    )
    if stored is not None:
        stored.extra_data = sociallogin.account.extra_data
        stored.save(update_fields=["extra_data"])
        sociallogin.account = stored
        sociallogin.user = stored.user
    try:
        get_social_adapter().pre_social_login(request, sociallogin)
        signals.pre_social_login.send(sender=SocialLogin, request=request, sociallogin=sociallogin)
    except ImmediateHttpResponse as error:
        raise exceptions.SocialLoginRejected() from error


def link_or_sign_up(request: HttpRequest, sociallogin: SocialLogin) -> AbstractBaseUser:
    """Link to the local account a vouched-for address names, or create one."""
    verified = [a.email for a in sociallogin.email_addresses if a.verified]
    unverified = [a.email for a in sociallogin.email_addresses if not a.verified]
    if not verified and app_settings.SOCIAL_REQUIRE_VERIFIED_EMAIL:
        raise exceptions.SocialEmailUnverified()
    for address in verified:
        owner, owner_verified = local_account(address)
        if owner is not None:
            return link_by_email(request, sociallogin, owner, owner_verified)
    if any(local_account(address)[0] is not None for address in unverified):
        # Nobody vouched for this address: never attach to, never duplicate its account.
        raise exceptions.SocialEmailUnverified()
    return sign_up(request, sociallogin)


def local_account(email: str) -> tuple[AbstractBaseUser | None, bool]:
    """The user holding ``email`` and whether they confirmed it; (None, False) if nobody.

    Canonical forms are compared (``users.addresses``), never the database's case
    folding: a provider vouching for a look-alike address must not find the account.
    """
    canonical = canonical_or_none(email)
    holders = find_holders(canonical) if canonical is not None else []
    confirmed = next((holder for holder in holders if holder.verified), None)
    if confirmed is not None:
        return confirmed.user, True
    return (holders[0].user, False) if holders else (None, False)


def link_by_email(
    request: HttpRequest, sociallogin: SocialLogin, owner: AbstractBaseUser, owner_verified: bool
) -> AbstractBaseUser:
    """Attach the provider to ``owner`` when both sides proved the address and policy allows."""
    if not app_settings.social_email_linking_allowed(sociallogin.account.provider):
        raise exceptions.SocialEmailConflict()
    if not owner_verified:
        raise exceptions.SocialLocalAccountUnverified()
    if second_factor_enrolled(owner):
        # The provider proved only a first factor: no durable link until the second is
        # proven; the gate asks for it and the user may connect once signed in.
        return owner
    sociallogin.connect(request, owner)
    return owner


def second_factor_enrolled(user: AbstractBaseUser) -> bool:
    """Any kind of second factor counts, as at the gate (a WebAuthn key too)."""
    return app_settings.MFA_ENABLED and has_second_factor(authenticator_types(user.pk))


def sign_up(request: HttpRequest, sociallogin: SocialLogin) -> AbstractBaseUser:
    adapter = get_social_adapter()
    if app_settings.ADMIN_MANAGED_REGISTRATION or not adapter.is_open_for_signup(
        request, sociallogin
    ):
        raise exceptions.SocialSignupClosed()
    if not adapter.is_auto_signup_allowed(request, sociallogin):
        raise exceptions.SocialSignupNotAllowed()
    user: AbstractBaseUser = adapter.save_user(request, sociallogin)
    return user


def connect_social(
    request: HttpRequest, sociallogin: SocialLogin, user_id: UserPk
) -> tuple[SocialAccount, bool]:
    """Link a provider account to the signed-in user; (account, created)."""
    try:
        with transaction.atomic():
            prepare_login(request, sociallogin, PROCESS_CONNECT)
            if sociallogin.is_existing:
                if sociallogin.account.user_id != user_id:
                    raise exceptions.SocialAccountInUse()
                return sociallogin.account, False
            user = get_user_model()._default_manager.get(pk=user_id)
            sociallogin.connect(request, user)
            return sociallogin.account, True
    except IntegrityError as error:  # linked elsewhere at the same moment
        raise exceptions.SocialAccountInUse() from error


def linked_accounts(user_id: UserPk) -> list[SocialAccount]:
    return list(SocialAccount.objects.filter(user_id=user_id).order_by("pk"))


@transaction.atomic
def disconnect_social(request: HttpRequest, user_id: UserPk, account_id: int) -> None:
    """Unlink one of the user's provider accounts, unless it is their last way in."""
    User = get_user_model()
    user = User._default_manager.select_for_update().filter(pk=user_id).first()
    accounts = list(SocialAccount.objects.filter(user_id=user_id).order_by("pk"))
    account = next((a for a in accounts if a.pk == account_id), None)
    if user is None or account is None:
        raise exceptions.SocialAccountNotFound()
    if len(accounts) == 1 and not user.has_usable_password():
        raise exceptions.SocialDisconnectNotAllowed()
    try:
        get_social_adapter().validate_disconnect(account, accounts)
    except ValidationError as error:
        raise exceptions.SocialDisconnectNotAllowed() from error
    account.delete()
    signals.social_account_removed.send(
        sender=SocialAccount, request=request, socialaccount=account
    )
