"""The base every jwt_allauth API view shares."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import APIException, ParseError, ValidationError
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView, exception_handler

from jwt_allauth.authentication import JWTAuthentication
from jwt_allauth.internal.text import unencodable_fields

BEARER_CHALLENGE = 'Bearer realm="api"'
UNENCODABLE_CODE = "surrogate_characters_not_allowed"
UNENCODABLE_MESSAGE = _("Text with a lone surrogate (U+D800 to U+DFFF) is not accepted.")


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


class SafeJSONParser(JSONParser):
    """DRF's JSON parser, refusing what it would let through to become a 500.

    Nesting too deep for Python's decoder raises RecursionError, not ValueError;
    and JSON can spell lone surrogates, text no code after us can encode. The
    view says how to refuse those (``JWTAllauthAPIView.unencodable_input``).
    """

    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as error:
            raise ParseError(_("JSON parse error - nested too deeply.")) from error
        view = (parser_context or {}).get("view")
        if isinstance(view, JWTAllauthAPIView):
            field = next(unencodable_fields(data, skip=view.token_fields), None)
            if field is not None:
                raise view.unencodable_input(field)
        return data


class JWTAllauthAPIView(APIView):
    """APIView whose error bodies always carry a stable code.

    It authenticates with our ``JWTAuthentication`` whatever the project's DRF
    defaults are, so the API works as soon as it is included.
    """

    authentication_classes: tuple[type, ...] = (JWTAuthentication,)
    token_fields: tuple[str, ...] = ()
    """Body fields holding tokens: unencodable text there is an invalid token, not a 400."""

    def get_exception_handler(self) -> Callable[..., Response | None]:
        return coded_exception_handler

    def get_parsers(self) -> list[Any]:
        parsers = super().get_parsers()
        return [SafeJSONParser() if type(p) is JSONParser else p for p in parsers]

    def unencodable_input(self, field: str) -> APIException:
        """The error for a body whose ``field`` holds text that cannot be encoded."""
        return ValidationError({field: [UNENCODABLE_MESSAGE]}, code=UNENCODABLE_CODE)

    def get_authenticate_header(self, request: Any) -> str:
        """Also for views without authenticators: DRF would turn their 401s into 403s."""
        return super().get_authenticate_header(request) or BEARER_CHALLENGE
