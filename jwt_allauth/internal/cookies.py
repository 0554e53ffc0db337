"""Cookies read from the raw header, where a name sent twice can be told; their paths."""

from __future__ import annotations

import os
import re
from functools import lru_cache
from typing import Any, Literal

from django.http import HttpRequest
from django.http.cookie import parse_cookie
from django.urls import NoReverseMatch, get_resolver, get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

from jwt_allauth import exceptions
from jwt_allauth.constants import SameSite

# ";" between cookies; "," where a server joined two Cookie headers (no cookie value has one).
COOKIE_SEPARATORS = re.compile(r"[;,]")
SAMESITE_ATTRIBUTES: dict[SameSite, Literal["Lax", "Strict", "None"]] = {
    SameSite.LAX: "Lax",
    SameSite.STRICT: "Strict",
    SameSite.NONE: "None",
}


def samesite(value: SameSite | None) -> Literal["Lax", "Strict", "None"] | None:
    """``value`` as ``set_cookie`` takes it: the stubs ask for the literal, not the member."""
    return None if value is None else SAMESITE_ATTRIBUTES[value]


def cookie_count(request: HttpRequest, name: str) -> int:
    """How many cookies called ``name`` the raw header carries (split as Django splits it)."""
    return len(cookie_values(request, name))


def cookie_values(request: HttpRequest, name: str) -> list[str]:
    """Every value of the cookies called ``name`` in the raw header, in the order sent."""
    chunks = COOKIE_SEPARATORS.split(request.META.get("HTTP_COOKIE", ""))
    return [value for chunk in chunks for key, value in parse_cookie(chunk).items() if key == name]


def read_cookie(request: HttpRequest, name: str) -> str | None:
    """The cookie's value; ``DuplicateCookie`` when it was sent more than once.

    ``request.COOKIES`` keeps the last of two, and a planted second cookie (from
    a sibling subdomain, or with a longer path) can come last: it must not choose
    the session or the grant. Nothing is cleared, since clearing ours would leave
    the planted one alone in the jar.
    """
    if cookie_count(request, name) > 1:
        raise exceptions.DuplicateCookie()
    return request.COOKIES.get(name)


def covering_path(url_names: tuple[str, ...]) -> str:
    """The deepest path covering every named URL; "/" when one of them is not routed.

    Remembered per URL configuration, script prefix and language, everything
    ``reverse()`` reads: a cookie set on each login or refresh reversed them all again.
    """
    resolver = get_resolver(get_urlconf())
    return _covering_path(resolver, get_script_prefix(), get_language(), url_names)


@lru_cache(maxsize=64)
def _covering_path(
    resolver: Any, script_prefix: str, language: str, url_names: tuple[str, ...]
) -> str:
    try:
        paths = [reverse(name) for name in url_names]
    except NoReverseMatch:
        return "/"
    prefix = os.path.commonprefix(paths)
    return prefix[: prefix.rfind("/") + 1] or "/"
