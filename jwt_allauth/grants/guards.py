"""Checks for requests authorized by a grant cookie instead of a bearer token.

A browser attaches cookies to cross-site requests, so a cookie alone must not
authorize a state change. Two proofs that the page making the request is ours
are accepted:

- ``X-Requested-With``: a plain HTML form cannot set a custom header, and a
  cross-origin script that sets one needs a CORS preflight the server grants;
- Django's CSRF pair, as 1.x front ends send it: the ``csrftoken`` cookie the
  link's redirect set, echoed in ``X-CSRFToken`` (or a form's
  ``csrfmiddlewaretoken``), checked by Django's own ``CsrfViewMiddleware`` with
  its Origin and Referer checks. DRF exempts its views from the middleware, so
  the check is run here.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.middleware.csrf import CsrfViewMiddleware, get_token

from jwt_allauth import exceptions

CSRF_HEADER = "X-Requested-With"
CSRF_HEADER_META = "HTTP_X_REQUESTED_WITH"


class _CSRFCheck(CsrfViewMiddleware):
    """Django's check, returning the refusal instead of rendering its page."""

    def _reject(self, request: HttpRequest, reason: str) -> str:  # type: ignore[override]
        return reason


def passes_django_csrf(request: Any) -> bool:
    http_request = getattr(request, "_request", request)
    check = _CSRFCheck(lambda _request: None)
    check.process_request(http_request)
    return check.process_view(http_request, None, (), {}) is None


def require_csrf_header(request: Any) -> None:
    if request.META.get(CSRF_HEADER_META, "").strip():
        return
    if not passes_django_csrf(request):
        raise exceptions.CSRFHeaderMissing()


def issue_csrf_cookie(request: HttpRequest) -> None:
    """Have ``CsrfViewMiddleware`` set ``csrftoken`` on this response, for the POST to echo."""
    get_token(request)
