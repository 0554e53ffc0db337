"""Delete expired one-time grants, honouring 1.x's ``JWT_ALLAUTH_TOKEN_RETENTION``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from jwt_allauth.grants.flows import purge_grants, purgeable_grants


class Command(BaseCommand):
    help = (
        "Delete expired one-time grants (reset and set-password links, MFA challenges, "
        "pending authenticator secrets); a purpose named in JWT_ALLAUTH_TOKEN_RETENTION "
        "is kept for that long after its creation instead."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Only count.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["dry_run"]:
            count = purgeable_grants().count()
            self.stdout.write(f"{count} grant(s) would be deleted.")
            return
        deleted = purge_grants()
        self.stdout.write(f"{deleted} grant(s) deleted.")
