"""The demo's mailbox: every mail sent, so /dev/mails/ can show the links in it."""

from __future__ import annotations

from django.db import models


class DevMail(models.Model):
    """One message as the mail backend handed it over (plain-text body only)."""

    sent_at = models.DateTimeField(auto_now_add=True)
    to = models.TextField()
    subject = models.TextField()
    body = models.TextField()

    class Meta:
        ordering = ("-id",)

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"
