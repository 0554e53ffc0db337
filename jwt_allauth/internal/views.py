"""The base every jwt_allauth API view shares."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView, exception_handler

from jwt_allauth.authentication import JWTAuthentication

BEARER_CHALLENGE = 'Bearer realm="api"'


def coded_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, plus a ``code`` next to any bare ``detail`` it renders."""
    response = exception_handler(exc, context)
    if response is None or not isinstance(response.data, dict):
        return response
    if set(response.data) == {"detail"}:
        codes = getattr(exc, "get_codes", lambda: None)()
        if isinstance(codes, str):
            response.data["code"] = codes
    return response


class DepthSafeJSONParser(JSONParser):
    """DRF's JSON parser, except that nesting too deep for Python's decoder is a 400.

    ``json`` raises RecursionError, not ValueError, for a few kilobytes of ``[``;
    DRF lets it through as a 500.
    """

    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError as error:
            raise ParseError(_("JSON parse error - nested too deeply.")) from error


class JWTAllauthAPIView(APIView):
    """APIView whose error bodies always carry a stable code.

    It authenticates with our ``JWTAuthentication`` whatever the project's DRF
    defaults are, so the API works as soon as it is included.
    """

    authentication_classes: tuple[type, ...] = (JWTAuthentication,)

    def get_exception_handler(self) -> Callable[..., Response | None]:
        return coded_exception_handler

    def get_parsers(self) -> list[Any]:
        parsers = super().get_parsers()
        return [DepthSafeJSONParser() if type(p) is JSONParser else p for p in parsers]

    def get_authenticate_header(self, request: Any) -> str:
        """Also for views without authenticators: DRF would turn their 401s into 403s."""
        return super().get_authenticate_header(request) or BEARER_CHALLENGE
