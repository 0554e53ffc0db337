"""What the endpoints spending a grant cookie share: the cookie, its header, the answer."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers

from jwt_allauth.grants.guards import CSRF_HEADER
from jwt_allauth.internal.schema import LOGIN_RESULTS, login_result, set_cookie_header, with_field

DETAIL = serializers.CharField(help_text="A translated message.")
SPENT_GRANT_RESULTS = [with_field(result, "PasswordSet", detail=DETAIL) for result in LOGIN_RESULTS]


def grant_parameters(cookie_name: str) -> list[OpenApiParameter]:
    """The one-time cookie set by the e-mailed link, and the header that guards it."""
    return [
        OpenApiParameter(
            cookie_name,
            str,
            OpenApiParameter.COOKIE,
            required=True,
            description="The one-time secret set (HttpOnly, scoped to this path) when the "
            "e-mailed link was opened. Sent twice: `duplicate_cookie`.",
        ),
        OpenApiParameter(
            CSRF_HEADER,
            str,
            OpenApiParameter.HEADER,
            required=True,
            description="Any non-empty value; a cross-site HTML form cannot send it.",
        ),
        set_cookie_header(
            [200, 403],
            f"Clears `{cookie_name}` once spent or found invalid; "
            "sets the refresh cookie when a session opens.",
        ),
    ]


def spent_grant_response() -> OpenApiResponse:
    return OpenApiResponse(
        login_result("PasswordSetResult", SPENT_GRANT_RESULTS),
        description="The password is set; a session, or an MFA challenge, and a `detail`.",
    )
