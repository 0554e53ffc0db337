"""The one canonical form of an e-mail address, and the API field that produces it.

The canonical form is what the package stores, compares and mails to:

- surrounding white space trimmed, the whole address in Unicode NFKC (fullwidth
  and other compatibility forms become their plain letters, ``＠`` included);
- the local part ASCII (mail to any other local part cannot be delivered by
  Django's mail code) and lower-cased;
- the domain through UTS-46 (non-transitional, as browsers and mail servers
  process it) to its ASCII form (``xn--`` labels), lower-case, without the
  root's trailing dot, and unchanged by a decode/encode round trip.

So ``demo@ｅｘａｍｐｌｅ.com`` *is* ``demo@example.com`` (where the mail goes),
and ``admin@fıntech.io`` is ``admin@xn--fntech-p9a.io``, another domain.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Any

import idna
from rest_framework import serializers

from jwt_allauth import exceptions

MAX_LENGTH = 254
# Domains whose forms are remembered: UTS-46 in pure Python costs more than the
# rest of a login's own work, and a site sees few domains. Failures are not kept.
DOMAIN_CACHE_SIZE = 1024


class InvalidEmail(ValueError):
    """The value has no canonical form: not an address, or not one mail can reach."""


def canonical_email(raw: object) -> str:
    """``raw`` in the package's canonical form; InvalidEmail when it has none."""
    if not isinstance(raw, str):
        raise InvalidEmail("not a string")
    try:
        raw.encode("utf-8")
    except UnicodeEncodeError as error:  # lone surrogates
        raise InvalidEmail("not encodable") from error
    local, at, domain = unicodedata.normalize("NFKC", raw).strip().rpartition("@")
    if not at or not local or not local.isascii():
        raise InvalidEmail("no ASCII local part")
    return f"{local.lower()}@{canonical_domain(domain)}"


def canonical_domain(domain: str) -> str:
    """The domain's ASCII form under UTS-46; InvalidEmail unless it round-trips."""
    return _ascii_domain(domain.removesuffix("."))


@lru_cache(maxsize=DOMAIN_CACHE_SIZE)
def _ascii_domain(domain: str) -> str:
    try:
        encoded = idna_encode(domain)
        if idna_encode(idna.decode(encoded)) != encoded:
            raise InvalidEmail("no stable ASCII form")
    except (idna.IDNAError, UnicodeError) as error:
        raise InvalidEmail(str(error)) from error
    return encoded


def idna_encode(domain: str) -> str:
    return idna.encode(domain, uts46=True, transitional=False, std3_rules=True).decode("ascii")


@lru_cache(maxsize=DOMAIN_CACHE_SIZE)
def unicode_domain(domain: str) -> str:
    """A canonical domain as Unicode (``bücher.de``): how allauth stores typed IDNs."""
    return idna.decode(domain)


def canonical_or_none(raw: object) -> str | None:
    """The canonical form of a stored value, None for one that has none."""
    try:
        return canonical_email(raw)
    except InvalidEmail:
        return None


def require_canonical(value: object, field: str | None = None) -> str:
    """The canonical form of ``value``, else an ``invalid`` error (of ``field`` when named).

    For values that did not come through ``EmailField``: what a replacement
    serializer or the adapter's ``clean_email`` hook returned. A form longer than
    ``EmailField`` takes is invalid too: no address column holds it.
    """
    try:
        canonical = canonical_email(value)
    except InvalidEmail as error:
        raise invalid_email(field) from error
    if len(canonical) > MAX_LENGTH:
        raise invalid_email(field)
    return canonical


def invalid_email(field: str | None) -> serializers.ValidationError:
    message = serializers.EmailField.default_error_messages["invalid"]
    if field is None:
        return serializers.ValidationError([message], code="invalid")
    return exceptions.field_error(field, message, "invalid")


class EmailField(serializers.EmailField):
    """An e-mail input that validates and returns the canonical form.

    The validators (syntax, length) run on the canonical form, since that is
    the address that is stored and mailed to.
    """

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", MAX_LENGTH)
        super().__init__(**kwargs)

    def to_internal_value(self, data: object) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        try:
            return canonical_email(data)
        except InvalidEmail:
            self.fail("invalid")
