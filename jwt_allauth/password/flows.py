"""Password reset by e-mailed link, and password change.

A reset link carries ``<uidb64>/<grant>.<django token>``: the one-time grant
makes it single use and lets a newer link kill older ones; Django's
``PasswordResetTokenGenerator`` part dies whenever the password (or e-mail, or
last login) changes by any route, even one that bypasses this package.
"""

from __future__ import annotations

import secrets

from allauth.account import signals
from allauth.account.adapter import get_adapter
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError

from jwt_allauth import exceptions
from jwt_allauth.app_settings import app_settings
from jwt_allauth.grants.flows import (
    issue_grant,
    peek_grant,
    rehearse_grant,
    revoke_user_grants,
    spend_grant,
)
from jwt_allauth.grants.models import GrantPurpose, OneTimeGrant
from jwt_allauth.internal.emails import canonical_or_none, require_canonical
from jwt_allauth.internal.links import absolute_link, link_host, site_name
from jwt_allauth.internal.mail import build_templated_mail, send_on_commit
from jwt_allauth.internal.password_policy import require_valid_password
from jwt_allauth.internal.types import SessionId
from jwt_allauth.login.flows import LoginResult, finish_login
from jwt_allauth.sessions.flows import revoke_user_sessions
from jwt_allauth.sessions.models import RevokeReason
from jwt_allauth.throttling import user_password_attempt
from jwt_allauth.users.addresses import find_holders, own_address

RESET = GrantPurpose.PASSWORD_RESET
TOKEN_SEPARATOR = "."
OLD_PASSWORD_INCORRECT = _("Your old password was entered incorrectly.")


def request_password_reset(request: HttpRequest, email: str) -> None:
    """Mail a reset link to each active account holding canonical ``email``; silent otherwise.

    Each link goes to the address the account has recorded, never to the
    spelling that was typed. Accounts that verified the address come before
    (and instead of) those that did not. An unknown address goes through the
    same steps minus the delivery, so the answer takes about as long.
    """
    email = require_canonical(email, "email")  # a replacement serializer may not canonicalise
    holders = [h for h in find_holders(email) if getattr(h.user, "is_active", True)]
    holders = [h for h in holders if h.verified] or holders
    if not holders:
        rehearse_reset_mail(request, email)
        return
    for holder in holders:
        token = issue_reset_token(holder.user, holder.address)
        send_on_commit(build_reset_mail(request, holder.address, holder.user, token))


def rehearse_reset_mail(request: HttpRequest, email: str) -> None:
    """Everything a known address costs except the delivery: token, render, MIME."""
    decoy = get_user_model()(pk=0, email=email)
    rehearse_grant(RESET)
    token = secrets.token_urlsafe(32) + TOKEN_SEPARATOR + make_check(decoy)
    build_reset_mail(request, email, decoy, token).message()


def issue_reset_token(user: AbstractBaseUser, email: str) -> str:
    grant = issue_grant(user, RESET, app_settings.PASSWORD_RESET_LINK_LIFETIME, email=email)
    return grant + TOKEN_SEPARATOR + make_check(user)


def make_check(user: AbstractBaseUser) -> str:
    # django-stubs type the user as the checked project's AUTH_USER_MODEL.
    return default_token_generator.make_token(user)  # type: ignore[arg-type]


def build_reset_mail(
    request: HttpRequest, email: str, user: AbstractBaseUser, token: str
) -> EmailMultiAlternatives:
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    path = reverse("password_reset_confirm", args=(uidb64, token))
    context = {
        "user": user,
        "email": email,
        "password_reset_url": absolute_link(request, path),
        "site_name": site_name(request),
        "domain": link_host(request),
        "expires_hours": int(app_settings.PASSWORD_RESET_LINK_LIFETIME.total_seconds() // 3600),
    }
    return build_templated_mail("password_reset", email, context)


def check_reset_token(uidb64: str, token: object) -> OneTimeGrant:
    """The live grant behind a reset link, without spending it (the link's page)."""
    raw_grant, check = split_reset_token(token)
    grant = peek_grant(raw_grant, RESET)
    expected_uid = urlsafe_base64_encode(force_bytes(grant.user.pk))
    if uidb64 != expected_uid or not _still_valid(grant.user, check):
        raise exceptions.GrantInvalid()
    return grant


def split_reset_token(token: object) -> tuple[str, str]:
    """``<grant>.<django token>`` -> its two parts; ``GrantInvalid`` for anything else."""
    if not isinstance(token, str) or TOKEN_SEPARATOR not in token:
        raise exceptions.GrantInvalid()
    raw_grant, check = token.split(TOKEN_SEPARATOR, 1)
    return raw_grant, check


def _still_valid(user: AbstractBaseUser, check: str) -> bool:
    if not getattr(user, "is_active", True):
        return False
    return default_token_generator.check_token(user, check)  # type: ignore[arg-type]  # see above


def reset_password(request: HttpRequest, token: object, password: str) -> LoginResult:
    """Spend the reset token, set the password, end every session, pass the gate.

    All in one transaction: a failure anywhere (``AUTH_PASSWORD_VALIDATORS``
    refusing the password, run against the account being reset, included)
    leaves the token unspent and the old password in place; of two concurrent
    uses at most one succeeds. The link proved control of the address it was
    mailed to, so that address counts as verified from now on. The link is no
    second factor: a user with TOTP gets the new password and an MFA
    challenge, not a session.
    """
    raw_grant, django_token = split_reset_token(token)
    with transaction.atomic():
        grant = spend_grant(
            raw_grant, RESET, check=lambda found: _still_valid(found.user, django_token)
        )
        user = grant.user
        require_valid_password(password, user, "new_password2")
        get_adapter(request).set_password(user, password)
        verify_address(user, grant.email)
        revoke_user_sessions(user.pk, RevokeReason.PASSWORD_CHANGE)
        revoke_user_grants(user.pk)
        result = finish_login(request, user)
    signals.password_reset.send(sender=user.__class__, request=request, user=user)
    return result


def verify_address(user: AbstractBaseUser, email: str) -> None:
    """Mark ``email`` verified for ``user`` if it is still one of the user's addresses.

    Canonical forms are compared; an address recorded now is the canonical form.
    """
    canonical = canonical_or_none(email)
    if canonical is None:
        return
    own = EmailAddress.objects.filter(user=user)
    address = next((a for a in own if canonical_or_none(a.email) == canonical), None)
    if address is not None:
        address.set_verified(commit=True)
    elif canonical_or_none(own_address(user)) == canonical:
        has_primary = own.filter(primary=True).exists()
        EmailAddress.objects.create(
            user=user, email=canonical, verified=True, primary=not has_primary
        )


def change_password(
    request: HttpRequest,
    user: AbstractBaseUser,
    old_password: object,
    password: str,
    keep_session: SessionId | None,
) -> None:
    """Set a new password; end the caller's other sessions when so configured.

    The new password must pass ``AUTH_PASSWORD_VALIDATORS`` before the old one
    is checked, so the answer to a wrong old password does not depend on it;
    each wrong one is a failure in the account's budget, as at login. Every
    grant of the old password ends too: reset links, MFA challenges, pending
    authenticator secrets.
    """
    require_valid_password(password, user, "new_password2")
    if app_settings.OLD_PASSWORD_FIELD_ENABLED:
        require_old_password(request, user, old_password)
    with transaction.atomic():
        get_adapter(request).set_password(user, password)
        revoke_user_grants(user.pk)
        if app_settings.LOGOUT_ON_PASSWORD_CHANGE:
            revoke_user_sessions(user.pk, RevokeReason.PASSWORD_CHANGE, keep=keep_session)
    signals.password_changed.send(sender=user.__class__, request=request, user=user)


def require_old_password(
    request: HttpRequest, user: AbstractBaseUser, old_password: object
) -> None:
    with user_password_attempt(request, user, ValidationError):
        if not isinstance(old_password, str) or not user.check_password(old_password):
            raise exceptions.field_error(
                "old_password", OLD_PASSWORD_INCORRECT, exceptions.PasswordIncorrect.default_code
            )
