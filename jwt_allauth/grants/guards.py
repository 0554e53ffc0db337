"""Checks for requests authorized by a grant cookie instead of a bearer token.

A browser attaches cookies to cross-site requests, so a cookie alone must not
authorize a state change. Two proofs that the page making the request is ours
are accepted:

- ``X-Requested-With``: a plain HTML form cannot set a custom header, and a
  cross-origin script that sets one needs a CORS preflight the server grants;
- Django's CSRF pair, as 1.x front ends send it: the ``csrftoken`` cookie the
  link's redirect set, echoed in ``X-CSRFToken`` (or a form's
  ``csrfmiddlewaretoken``), checked by Django's ``CsrfViewMiddleware`` with its
  Origin and Referer checks.
"""

from __future__ import annotations

from django.http import HttpRequest

from jwt_allauth import exceptions
from jwt_allauth.internal.csrf import issue_csrf_cookie, passes_django_csrf

__all__ = ["CSRF_HEADER", "issue_csrf_cookie", "require_csrf_header"]

CSRF_HEADER = "X-Requested-With"
CSRF_HEADER_META = "HTTP_X_REQUESTED_WITH"


def require_csrf_header(request: HttpRequest) -> None:
    if request.META.get(CSRF_HEADER_META, "").strip():
        return
    if not passes_django_csrf(request):
        raise exceptions.CSRFHeaderMissing()
