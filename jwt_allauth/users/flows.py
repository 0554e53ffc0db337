"""Loading the account behind a token, and changing its details and e-mail address."""

from __future__ import annotations

import time
from typing import Any

from allauth.account.models import EmailAddress
from allauth.account.utils import user_email
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from rest_framework import serializers
from rest_framework.request import Request

from jwt_allauth import constants, exceptions
from jwt_allauth.adapter import get_adapter
from jwt_allauth.app_settings import app_settings
from jwt_allauth.exceptions import UserNotFound
from jwt_allauth.internal.emails import canonical_or_none, require_canonical
from jwt_allauth.internal.mail import send_templated_mail
from jwt_allauth.internal.pklookup import fetch_by_pk
from jwt_allauth.internal.types import UserPk
from jwt_allauth.users.addresses import AddressTaken, claim_address, find_holders, own_address
from jwt_allauth.users.verification import mail_cooldown_passed, send_link_mail

EMAIL_CHANGE_MAIL = "email_change"


def load_active_user(user_id: UserPk | None) -> AbstractBaseUser:
    """The user row for ``user_id``; a deleted or inactive account is ``UserNotFound``."""
    user: AbstractBaseUser | None = (
        None if user_id is None else fetch_by_pk(get_user_model(), user_id)
    )
    if user is None or not getattr(user, "is_active", True):
        raise UserNotFound()
    return user


def update_details(request: Any, serializer: Any) -> str | None:
    """Save the validated details; the new e-mail address, while it awaits its link.

    The serializer only validates: the e-mail is taken out of its data and
    changed here, so a replacement serializer cannot skip the checks. Names and
    address change together or not at all.
    """
    typed = serializer.validated_data.pop("email", None)
    with transaction.atomic():
        user = serializer.save()
        if typed is None:
            return None
        return change_email(request, user, typed)


def change_email(request: Request, user: AbstractBaseUser, typed: str) -> str | None:
    """Give ``user`` the address ``typed``: at once, or (with verification) once its link is used.

    Without verification a taken address is a field error, as at sign-up. With
    verification (mandatory or optional) a taken address answers as a free one
    and its holder is mailed instead: nobody learns which addresses have
    accounts, and no session depends on the answer.
    """
    email = require_canonical(typed, "email")
    old = own_address(user)
    if email == canonical_or_none(old):
        return None
    require_recent_sign_in(request)
    if not app_settings.EMAIL_VERIFICATION_ENABLED:
        change_at_once(user, email)
        notify_old_address(request, user, old, email, pending=False)
        return None
    request_change(request, user, email)
    notify_old_address(request, user, old, email, pending=True)
    return email


def require_recent_sign_in(request: Request) -> None:
    """A stolen access token alone must not move the account to another mailbox.

    A new address would receive the next password reset, so the change needs a
    sign-in (the token's ``auth_time``) within the reauthentication window.
    """
    auth_time = getattr(request.auth, "get", lambda _claim: None)(constants.AUTH_TIME_CLAIM)
    window = app_settings.MFA_REAUTHENTICATION_TIMEOUT.total_seconds()
    if not isinstance(auth_time, int | float) or time.time() - auth_time > window:
        raise exceptions.SignInRequired()


def email_taken_error() -> serializers.ValidationError:
    """A taken address as DRF's 400 keyed by ``email``, as 1.x answered it."""
    return exceptions.coded_field_error("email", exceptions.EmailTaken)


def change_at_once(user: AbstractBaseUser, email: str) -> None:
    """The address becomes ``email``, the only allauth address, primary (not verified)."""
    try:
        with transaction.atomic():
            claim_address(email)
            set_own_address(user, email)
            EmailAddress.objects.filter(user=user).delete()
            EmailAddress.objects.create(user=user, email=email, primary=True, verified=False)
    except (AddressTaken, IntegrityError) as error:
        raise email_taken_error() from error


def set_own_address(user: AbstractBaseUser, email: str) -> None:
    user_email(user, email)
    user.save(update_fields=[user.get_email_field_name()])


def request_change(request: HttpRequest, user: AbstractBaseUser, email: str) -> None:
    """Record ``email`` as the user's unverified, non-primary address and mail it a link.

    One change awaits at a time: an earlier pending address (and its link) is
    dropped. A taken address gets a notice to its holder, never a link.
    """
    pending_addresses(user).delete()
    try:
        with transaction.atomic():
            claim_address(email)
            address = EmailAddress.objects.create(
                user=user, email=email, primary=False, verified=False
            )
            send_link_mail(request, address)
            return
    except AddressTaken as taken:
        recorded = taken.recorded
    except IntegrityError:
        recorded = None  # a concurrent request took the address a moment ago
    if mail_cooldown_passed(request, email):
        holders = find_holders(email)
        to = recorded or (holders[0].address if holders else email)
        get_adapter(request).send_email_taken_mail(to)


def pending_addresses(user: AbstractBaseUser) -> QuerySet[EmailAddress]:
    pending: QuerySet[EmailAddress] = EmailAddress.objects.filter(
        user=user, primary=False, verified=False
    )
    return pending


def is_pending_change(address: EmailAddress) -> bool:
    """A confirmed address that is not yet the user's own: a requested change."""
    own = canonical_or_none(own_address(address.user))
    return not address.primary and canonical_or_none(address.email) != own


def complete_change(address: EmailAddress) -> None:
    """Inside a transaction: the confirmed ``address`` becomes the user's only address.

    The old address is removed: it no longer signs in, and it stays free for
    whoever owns it. Another account holding the address by now (a race on a
    database without advisory locks) makes the link invalid.
    """
    user = address.user
    email = canonical_or_none(address.email)
    if email is None:
        raise exceptions.VerificationKeyInvalid()
    try:
        claim_address(email)
    except AddressTaken:
        if any(holder.user.pk != user.pk for holder in find_holders(email)):
            raise exceptions.VerificationKeyInvalid() from None
    EmailAddress.objects.filter(user=user).exclude(pk=address.pk).delete()
    address.primary = True
    address.save(update_fields=["primary"])
    set_own_address(user, address.email)


def notify_old_address(
    request: HttpRequest, user: AbstractBaseUser, old: str, new: str, pending: bool
) -> None:
    """Tell the address being replaced, so its owner notices a change they did not make."""
    if not old or canonical_or_none(old) is None:
        return
    context = get_adapter(request).mail_context(
        request, email=old, user=user, new_email=new, pending=pending
    )
    send_templated_mail(EMAIL_CHANGE_MAIL, old, context)
