"""The base of the JSON endpoints authorized by a grant cookie instead of a bearer token."""

from __future__ import annotations

from rest_framework.parsers import JSONParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from jwt_allauth import exceptions
from jwt_allauth.grants.cookies import GrantCookie
from jwt_allauth.internal.types import StrOrPromise
from jwt_allauth.internal.views import CodedAPIView


class GrantSpendingView(CodedAPIView):
    """Reads ``grant_cookie``; clears it once spent, and when it proves dead."""

    authentication_classes = ()
    parser_classes = (JSONParser,)
    permission_classes = (AllowAny,)
    grant_cookie: GrantCookie

    def spent_response(self, response: Response, detail: StrOrPromise) -> Response:
        """The gate's answer (a session or an MFA challenge) with a ``detail``, the cookie gone."""
        response.data["detail"] = detail
        self.grant_cookie.clear(response)
        return response

    def handle_exception(self, exc: Exception) -> Response:
        response = super().handle_exception(exc)
        if isinstance(exc, exceptions.GrantInvalid):
            self.grant_cookie.clear(response)
        return response
