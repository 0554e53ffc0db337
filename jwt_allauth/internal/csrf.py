"""Django's CSRF machinery, run inside DRF views (which ``CsrfViewMiddleware`` skips)."""

from __future__ import annotations

import copy
from urllib.parse import urlsplit

from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from rest_framework.request import Request


class _CSRFCheck(CsrfViewMiddleware):
    """Django's check, returning the refusal instead of rendering its page."""

    def _reject(self, request: HttpRequest, reason: str) -> str:
        return reason


def _no_view(request: HttpRequest) -> HttpResponse:
    """Stands in for the view the middleware expects; the checks never call it."""
    return HttpResponse()


def _http_request(request: HttpRequest) -> HttpRequest:
    return request._request if isinstance(request, Request) else request


def passes_django_csrf(request: HttpRequest) -> bool:
    """Whether the CSRF token (cookie + header or form field) passes Django's own check."""
    http_request = _http_request(request)
    check = _CSRFCheck(_no_view)
    check.process_request(http_request)
    return check.process_view(http_request, _no_view, (), {}) is None


def issue_csrf_cookie(request: HttpRequest) -> None:
    """Have ``CsrfViewMiddleware`` set ``csrftoken`` on this response."""
    get_token(request)


def from_our_pages(request: HttpRequest) -> bool:
    """Whether a browser's POST comes from this site: Django's token, or a trusted origin.

    The origin is the ``Origin`` header, or the ``Referer``'s when there is none; it
    must be this host's or one of ``CSRF_TRUSTED_ORIGINS``, as Django judges it. A
    request with neither header is no browser's (every current browser sends
    ``Origin`` with a cross-site POST, ``null`` when it hides it) and is let through.
    """
    if passes_django_csrf(request):
        return True
    http_request = _http_request(request)
    origin = http_request.META.get("HTTP_ORIGIN")
    if origin is None:
        referer = urlsplit(http_request.META.get("HTTP_REFERER", ""))
        if not referer.netloc:
            return "HTTP_REFERER" not in http_request.META
        origin = f"{referer.scheme}://{referer.netloc}"
    probe = copy.copy(http_request)
    probe.META = {**http_request.META, "HTTP_ORIGIN": origin}
    check = _CSRFCheck(_no_view)
    return bool(check._origin_verified(probe))  # type: ignore[attr-defined]  # private, unstubbed
