"""One-time grants: a secret in an e-mailed link or a cookie that authorizes one action."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class GrantPurpose(models.TextChoices):
    PASSWORD_RESET = "password_reset", _("Password reset")
    SET_PASSWORD = "set_password", _("Set password")
    MFA_LOGIN = "mfa_login", _("Two-factor sign-in challenge")
    MFA_SETUP = "mfa_setup", _("Two-factor setup challenge")
    TOTP_PENDING = "totp_pending", _("Pending authenticator secret")


class OneTimeGrant(models.Model):
    """A single-use capability; only the SHA-256 of its secret is stored."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="jwt_grants",
        verbose_name=_("user"),
    )
    purpose = models.CharField(_("purpose"), max_length=32, choices=GrantPurpose.choices)
    email = models.EmailField(
        _("e-mail address"),
        max_length=254,
        blank=True,
        help_text=_("Where the grant was mailed; following it proves control of this address."),
    )
    secret_hash = models.CharField(_("secret hash"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"), db_index=True)
    used_at = models.DateTimeField(_("used"), null=True, blank=True)
    attempts = models.PositiveIntegerField(
        _("attempts"), default=0, help_text=_("Codes tried against this grant so far.")
    )
    password_fingerprint = models.CharField(
        _("password fingerprint"),
        max_length=64,
        blank=True,
        default="",
        help_text=_("Of the user's password when issued: a new password ends the grant."),
    )
    payload = models.TextField(
        _("payload"),
        blank=True,
        default="",
        help_text=_("Data the grant carries, encrypted: the secret of a pending authenticator."),
    )

    class Meta:
        verbose_name = _("one-time grant")
        verbose_name_plural = _("one-time grants")
        indexes = [models.Index(fields=["user", "purpose"], name="jwt_grant_user_purpose")]

    def __str__(self) -> str:
        return f"{self.purpose} · {self.user_id} · {self.pk}"
