"""A mail backend for local use: prints each mail like Django's console backend, and
keeps it in the database so the /dev/mails/ page can list it with its links."""

from __future__ import annotations

import re
from collections.abc import Sequence

from django.core.mail import EmailMessage
from django.core.mail.backends.console import EmailBackend

from demo_api.models import DevMail

KEEP = 50
LINK = re.compile(r"https?://[^\s<>\"']+")


class ConsoleAndDatabaseBackend(EmailBackend):
    """The console backend, plus a copy of the last ``KEEP`` mails in ``DevMail``."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        sent = super().send_messages(email_messages)
        for message in email_messages:
            DevMail.objects.create(
                to=", ".join(message.to), subject=str(message.subject), body=str(message.body)
            )
        stale = DevMail.objects.order_by("-id").values_list("id", flat=True)[KEEP:]
        DevMail.objects.filter(id__in=list(stale)).delete()
        return sent


def links(text: str) -> list[str]:
    """The http(s) links in a mail's body, in order."""
    return LINK.findall(text)
