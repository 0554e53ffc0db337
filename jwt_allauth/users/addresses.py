"""Finding the accounts that hold an e-mail address: exact comparisons of canonical forms.

No lookup here lets the database fold case: PostgreSQL's ``UPPER()`` maps a
dotless ``ı`` to ``I``, which made ``admin@fıntech.io`` (another domain) find
``admin@fintech.io``. The database only narrows the candidates; the decision
is ``canonical_email(stored) == canonical_email(typed)`` in Python.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import CharField, Func
from django.db.models.sql.compiler import SQLCompiler

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

    def as_postgresql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any
    ) -> tuple[str, Sequence[Any]]:
        template = '%(function)s(%(expressions)s COLLATE "C")'
        return self.as_sql(compiler, connection, template=template, **extra)


class AddressTaken(exceptions.EmailTaken):
    """EmailTaken, naming the address as the account holding it has it recorded."""

    def __init__(self, recorded: str) -> None:
        super().__init__()
        self.recorded = recorded


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
    """The accounts holding canonical ``email``: allauth addresses first, verified first.

    User rows are narrowed by an ASCII-only ``LOWER()`` of the e-mail column:
    a scan of the user table unless the project indexes that expression.
    """
    users = matching_users(email, folded_user_candidates(email))
    return collect_holders(matching_email_addresses(email, spellings(email)), users)


def find_holders_fast(email: str, typed: str) -> list[Holder]:
    """The holders whose stored spelling is a canonical one or the one typed: index lookups.

    For login, where a scan per attempt costs too much: it finds what we and
    allauth store, and an address stored with capitals when typed with them.
    """
    candidates = typed_spellings(email, typed)
    users = get_user_model()._default_manager.filter(**{f"{email_field()}__in": candidates})
    rows = matching_email_addresses(email, candidates)
    return collect_holders(rows, matching_users(email, users.order_by("pk")))


def collect_holders(rows: list[EmailAddress], users: list[Any]) -> list[Holder]:
    holders: dict[Any, Holder] = {}
    for row in rows:
        holders.setdefault(row.user_id, Holder(row.user, row.email, row))
    for user in users:
        holders.setdefault(user.pk, Holder(user, own_address(user)))
    return list(holders.values())


def own_address(user: AbstractBaseUser) -> str:
    """The address in the user's own e-mail field, as stored (allauth's getter lower-cases)."""
    return str(getattr(user, user.get_email_field_name()) or "")


def email_in_use(email: str) -> bool:
    """Whether any account holds canonical ``email``, as its own or as an allauth address."""
    return bool(find_holders(email))


def claim_address(email: str) -> None:
    """Inside a transaction: the right to create the account for ``email``, else AddressTaken.

    On PostgreSQL a transaction-scoped advisory lock on the canonical form makes
    concurrent sign-ups and invitations of one address (in any spelling) take
    turns, so the later ones see the first account. Other databases have only
    the user model's unique constraints to stop such a race.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            sql = "SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))"
            cursor.execute(sql, [LOCK_NAMESPACE + email])
    holders = find_holders(email)
    if holders:
        raise AddressTaken(holders[0].address)


def spellings(email: str) -> list[str]:
    """How a canonical address may be stored by others: with an ASCII or a Unicode domain.

    allauth stores addresses lower-cased as typed, so an IDN stays Unicode there.
    """
    local, _, domain = email.rpartition("@")
    return sorted({email, f"{local}@{unicode_domain(domain)}"})


def typed_spellings(email: str, typed: str) -> list[str]:
    """The canonical spellings, plus the typed local part with either form of the domain."""
    local = unicodedata.normalize("NFKC", typed).strip().rpartition("@")[0]
    domains = {spelling.rpartition("@")[2] for spelling in spellings(email)}
    return sorted({*spellings(email), typed.strip(), *(f"{local}@{d}" for d in domains)})


def email_field() -> str:
    return get_user_model().get_email_field_name()


def matching_email_addresses(email: str, candidates: list[str]) -> list[EmailAddress]:
    rows = EmailAddress.objects.filter(email__in=candidates).select_related("user")
    rows = rows.order_by("-verified", "pk")
    return [row for row in rows if canonical_or_none(row.email) == email]


def folded_user_candidates(email: str) -> Any:
    """Users whose address is one of the canonical spellings in any ASCII case."""
    users = get_user_model()._default_manager.alias(folded=AsciiLower(email_field()))
    return users.filter(folded__in=spellings(email)).order_by("pk")


def matching_users(email: str, candidates: Iterable[AbstractBaseUser]) -> list[AbstractBaseUser]:
    return [user for user in candidates if canonical_or_none(own_address(user)) == email]
