"""Verification links for an address: the mail carrying one, its key, allauth's cooldown."""

from __future__ import annotations

from allauth.account import app_settings as account_settings
from allauth.account import signals
from allauth.account.models import EmailAddress, EmailConfirmation, EmailConfirmationHMAC
from allauth.core import ratelimit
from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest

from jwt_allauth.adapter import get_adapter
from jwt_allauth.app_settings import app_settings


def is_pending_invitation(user: AbstractBaseUser) -> bool:
    """An invited account that has not set its password yet."""
    return app_settings.INVITATIONS and not user.has_usable_password()


def send_link_mail(request: HttpRequest, address: EmailAddress) -> None:
    """A fresh verification link: the invitation mail for a pending invitee."""
    adapter = get_adapter(request)
    confirmation = confirmation_model().create(address)
    if isinstance(confirmation, EmailConfirmation):
        confirmation.sent = confirmation.created
        confirmation.save(update_fields=["sent"])
    if is_pending_invitation(address.user):
        adapter.send_invitation_mail(request, confirmation)
    else:
        adapter.send_confirmation_mail(request, confirmation, True)
    signals.email_confirmation_sent.send(
        sender=confirmation.__class__, request=request, confirmation=confirmation, signup=True
    )


def confirmation_model() -> type[EmailConfirmationHMAC | EmailConfirmation]:
    """allauth's link keys: signed (the default) or stored, per ACCOUNT_EMAIL_CONFIRMATION_HMAC."""
    signed = account_settings.EMAIL_CONFIRMATION_HMAC
    model: type[EmailConfirmationHMAC | EmailConfirmation]
    model = EmailConfirmationHMAC if signed else EmailConfirmation
    return model


def mail_cooldown_passed(request: HttpRequest, email: str) -> bool:
    """allauth's ``confirm_email`` rate limit: at most one mail per address per cooldown."""
    return bool(ratelimit.consume(request, action="confirm_email", key=email))
