"""Encrypt the TOTP secrets and recovery-code seeds jwt-allauth 1.x stored in the clear.

``MFAAdapter`` reads a clear value as it is, so nothing breaks without this; run it
once after upgrading (where the production ``SECRET_KEY`` is set) to have the old
secrets encrypted at rest like new ones. Running it again changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from jwt_allauth.internal import cryptokit
from jwt_allauth.internal.compat import mfa_installed

# Where allauth keeps encrypted values in ``Authenticator.data``, by authenticator type.
SECRET_KEYS = {"totp": "secret", "recovery_codes": "seed"}
MIGRATED_CODES = "migrated_codes"


def is_clear(value: object) -> bool:
    return isinstance(value, str) and not value.startswith(cryptokit.PREFIX)


def clear_values(kind: str, data: dict[str, Any]) -> bool:
    """Whether an authenticator's data still holds a secret in the clear."""
    codes = data.get(MIGRATED_CODES) if kind == "recovery_codes" else None
    return is_clear(data.get(SECRET_KEYS[kind])) or any(map(is_clear, codes or []))


def encrypted(kind: str, data: dict[str, Any], encrypt: Callable[[str], str]) -> dict[str, Any]:
    data = dict(data)
    key = SECRET_KEYS[kind]
    if is_clear(data.get(key)):
        data[key] = encrypt(data[key])
    if isinstance(data.get(MIGRATED_CODES), list):
        data[MIGRATED_CODES] = [encrypt(c) if is_clear(c) else c for c in data[MIGRATED_CODES]]
    return data


class Command(BaseCommand):
    help = "Encrypt MFA secrets stored in the clear (by jwt-allauth 1.x) with MFA_ADAPTER."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Only count.")

    def handle(self, *args: Any, **options: Any) -> None:
        adapter = self.adapter()
        from allauth.mfa.models import Authenticator

        candidates = Authenticator.objects.filter(type__in=SECRET_KEYS).only("pk", "type", "data")
        pks = [a.pk for a in candidates.iterator() if clear_values(a.type, a.data)]
        if not options["dry_run"]:
            for pk in pks:
                with transaction.atomic():
                    # Locked: a recovery code spent meanwhile must not lose its used_mask bit.
                    authenticator = Authenticator.objects.select_for_update().get(pk=pk)
                    authenticator.data = encrypted(
                        authenticator.type, authenticator.data, adapter.encrypt
                    )
                    authenticator.save(update_fields=["data"])
        verb = "Would encrypt" if options["dry_run"] else "Encrypted"
        self.stdout.write(f"{verb} the secrets of {len(pks)} authenticator(s).")

    def adapter(self) -> Any:
        if not mfa_installed():
            raise CommandError("allauth.mfa is not installed: there are no MFA secrets.")
        from allauth.mfa.adapter import get_adapter

        from jwt_allauth.mfa.adapter import MFAAdapter

        adapter = get_adapter()
        if not isinstance(adapter, MFAAdapter):
            raise CommandError(
                "MFA_ADAPTER is not jwt_allauth.mfa.adapter.MFAAdapter: secrets encrypted "
                "here could not be read by the adapter in use."
            )
        return adapter
