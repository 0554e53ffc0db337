"""Finding the accounts that hold an e-mail address: exact comparisons of canonical forms.

No lookup here lets the database fold case: PostgreSQL's ``UPPER()`` maps a
dotless ``ı`` to ``I``, which made ``admin@fıntech.io`` (another domain) find
``admin@fintech.io``. The database only narrows the candidates; the decision
is ``canonical_email(stored) == canonical_email(typed)`` in Python.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import CharField, Func

from jwt_allauth import exceptions
from jwt_allauth.internal.emails import canonical_or_none, unicode_domain

LOCK_NAMESPACE = "jwt_allauth.email:"


class AsciiLower(Func):
    """``LOWER()`` of the ASCII letters only, to narrow candidates; never the comparison.

    SQLite's ``LOWER()`` is ASCII-only; on PostgreSQL the "C" collation makes it
    so. Elsewhere ``LOWER()`` may fold more, which only adds candidates that the
    canonical comparison then drops.
    """

    function = "LOWER"
    output_field = CharField()

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        template = '%(function)s(%(expressions)s COLLATE "C")'
        return self.as_sql(compiler, connection, template=template, **extra)


@dataclass(frozen=True)
class Holder:
    """An account holding an address; ``address`` is the spelling recorded for it."""

    user: Any
    address: str
    email_address: EmailAddress | None = None

    @property
    def verified(self) -> bool:
        return self.email_address is not None and self.email_address.verified


def find_holders(email: str) -> list[Holder]:
    """The accounts holding canonical ``email``: allauth addresses first, verified first."""
    holders: dict[Any, Holder] = {}
    for row in matching_email_addresses(email):
        holders.setdefault(row.user_id, Holder(row.user, row.email, row))
    for user in matching_users(email):
        holders.setdefault(user.pk, Holder(user, own_address(user)))
    return list(holders.values())


def own_address(user: Any) -> str:
    """The address in the user's own e-mail field, as stored (allauth's getter lower-cases)."""
    return getattr(user, user.get_email_field_name()) or ""


def email_in_use(email: str) -> bool:
    """Whether any account holds canonical ``email``, as its own or as an allauth address."""
    return bool(find_holders(email))


def claim_address(email: str) -> None:
    """Inside a transaction: the right to create the account for ``email``, else EmailTaken.

    On PostgreSQL a transaction-scoped advisory lock on the canonical form makes
    concurrent sign-ups and invitations of one address (in any spelling) take
    turns, so the later ones see the first account. Other databases have only
    the user model's unique constraints to stop such a race.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            sql = "SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))"
            cursor.execute(sql, [LOCK_NAMESPACE + email])
    if email_in_use(email):
        raise exceptions.EmailTaken()


def spellings(email: str) -> list[str]:
    """How a canonical address may be stored by others: with an ASCII or a Unicode domain.

    allauth stores addresses lower-cased as typed, so an IDN stays Unicode there.
    """
    local, _, domain = email.rpartition("@")
    return sorted({email, f"{local}@{unicode_domain(domain)}"})


def matching_email_addresses(email: str) -> list[EmailAddress]:
    rows = EmailAddress.objects.filter(email__in=spellings(email)).select_related("user")
    rows = rows.order_by("-verified", "pk")
    return [row for row in rows if canonical_or_none(row.email) == email]


def matching_users(email: str) -> list[Any]:
    """Users whose own address is ``email`` in any ASCII case (``createsuperuser`` keeps it)."""
    User = get_user_model()
    field = User.get_email_field_name()
    candidates = User._default_manager.alias(folded=AsciiLower(field))
    candidates = candidates.filter(folded__in=spellings(email)).order_by("pk")
    return [user for user in candidates if canonical_or_none(own_address(user)) == email]
