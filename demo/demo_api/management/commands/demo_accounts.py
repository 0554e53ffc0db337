"""Create or reset the demo's two accounts; safe to run any number of times."""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandParser

ACCOUNTS = (
    ("demo", "demo@example.com", {"is_staff": False, "is_superuser": False}),
    ("staff", "staff@example.com", {"is_staff": True, "is_superuser": True}),
)


class Command(BaseCommand):
    help = "Create demo@example.com and staff@example.com with the given password."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--password", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        for username, email, flags in ACCOUNTS:
            created = save_account(username, email, options["password"], flags)
            self.stdout.write(f"{'created' if created else 'reset'} {email}")


def save_account(username: str, email: str, password: str, flags: dict[str, bool]) -> bool:
    """The account with a verified primary address, and this password; True if new."""
    user, created = get_user_model().objects.update_or_create(
        username=username, defaults={"email": email, "is_active": True, **flags}
    )
    user.set_password(password)
    user.save(update_fields=["password"])
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return created
