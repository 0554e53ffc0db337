"""Delete expired sessions, and revoked ones past their retention, in batches."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jwt_allauth.sessions.purge import count_purgeable_sessions, purge_sessions


class Command(BaseCommand):
    help = "Delete expired sessions (and sessions revoked long enough ago) in batches."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--batch-size",
            type=int,
            default=None,
            help=(
                "Rows per DELETE (exactly, except in PostgreSQL's heap sweeps: about); "
                "default 100000 on PostgreSQL, 10000 elsewhere, and on SQLite sized to "
                "hold the write lock about 0.3 s."
            ),
        )
        parser.add_argument(
            "--keep-revoked-days",
            type=int,
            default=30,
            help="Keep revoked sessions this many days for auditing (default 30).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Only count.")

    def handle(self, *args: Any, **options: Any) -> None:
        batch_size = options["batch_size"]
        if (batch_size is not None and batch_size < 1) or options["keep_revoked_days"] < 0:
            raise CommandError(
                "--batch-size must be positive and --keep-revoked-days not negative.",
                returncode=2,
            )
        keep_revoked = timedelta(days=options["keep_revoked_days"])
        if options["dry_run"]:
            count = count_purgeable_sessions(keep_revoked)
            self.stdout.write(f"{count} session(s) would be deleted.")
            return
        deleted = purge_sessions(keep_revoked, batch_size=batch_size)
        self.stdout.write(f"{deleted} session(s) deleted.")
