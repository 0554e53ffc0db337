"""Checks for requests authorized by a grant cookie instead of a bearer token.

A browser attaches cookies to cross-site requests, so a cookie alone must not
authorize a state change. A plain HTML form cannot set a custom header, and a
cross-origin script that sets one needs a CORS preflight the server grants; so
requiring ``X-Requested-With`` refuses forged form posts while SPAs on another
origin keep working once CORS allows them.
"""

from __future__ import annotations

from typing import Any

from jwt_allauth import exceptions

CSRF_HEADER = "X-Requested-With"
CSRF_HEADER_META = "HTTP_X_REQUESTED_WITH"


def require_csrf_header(request: Any) -> None:
    if not request.META.get(CSRF_HEADER_META, "").strip():
        raise exceptions.CSRFHeaderMissing()
