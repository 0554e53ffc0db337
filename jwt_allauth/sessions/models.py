"""One row per signed-in device: the server side of a refresh-token family."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jwt_allauth.internal.timeuuid import uuid7


class DeviceType(models.TextChoices):
    MOBILE = "mobile", _("Mobile")
    TABLET = "tablet", _("Tablet")
    PC = "pc", _("Computer")
    BOT = "bot", _("Bot")
    OTHER = "other", _("Other")


class RevokeReason(models.TextChoices):
    LOGOUT = "logout", _("Logged out")
    LOGOUT_ALL = "logout_all", _("Logged out everywhere")
    REPLAY = "replay", _("Refresh token replayed")
    REVOKED_BY_USER = "user", _("Revoked by its owner")
    REVOKED_BY_ADMIN = "admin", _("Revoked by an administrator")
    PASSWORD_CHANGE = "password", _("Password changed")
    ACCOUNT_DISABLED = "inactive", _("Account inactive")
    MFA_REQUIRED = "mfa_required", _("Second factor required")


class UserSessionQuerySet(models.QuerySet["UserSession"]):
    def alive(self, now: datetime | None = None) -> UserSessionQuerySet:
        return self.filter(revoked_at__isnull=True, expires_at__gt=now or timezone.now())


class UserSession(models.Model):
    """A login on one device; refresh tokens name it and rotate its ``current_jti``."""

    id = models.UUIDField(primary_key=True, default=uuid7, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="jwt_sessions",
        verbose_name=_("user"),
    )
    current_jti = models.CharField(_("current token id"), max_length=64)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    authenticated_at = models.DateTimeField(
        _("authenticated"),
        default=timezone.now,
        help_text=_("When the password or a second factor was last proven in this session."),
    )
    last_used_at = models.DateTimeField(_("last used"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"), db_index=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoke_reason = models.CharField(
        _("revoke reason"), max_length=16, choices=RevokeReason.choices, blank=True
    )
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("user agent"), max_length=512, blank=True)
    browser = models.CharField(_("browser"), max_length=100, blank=True)
    os = models.CharField(_("operating system"), max_length=100, blank=True)
    device = models.CharField(_("device"), max_length=100, blank=True)
    device_type = models.CharField(
        _("device type"), max_length=8, choices=DeviceType.choices, blank=True
    )

    objects = UserSessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ("-last_used_at",)
        # Only revoked rows: the purge's second query. Never-revoked rows, nearly
        # all of them, then cost no entry here (docs/benchmarks.rst).
        indexes = [
            models.Index(
                fields=["revoked_at"],
                condition=models.Q(revoked_at__isnull=False),
                name="jwt_session_revoked_at",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.browser or self.device_type or '?'} · {self.pk}"

    def is_alive(self, now: datetime | None = None) -> bool:
        return self.revoked_at is None and self.expires_at > (now or timezone.now())
