"""The base every jwt_allauth API view shares: coded errors, safe parsers, no login CSRF."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import IO, Any

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import APIException, ParseError
from rest_framework.parsers import DataAndFiles, FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from jwt_allauth import exceptions
from jwt_allauth.internal.csrf import from_our_pages
from jwt_allauth.internal.text import nesting_depth, unencodable_fields

BEARER_CHALLENGE = 'Bearer realm="api"'
# Our own limit, the same on every Python: how deep the decoder goes before a
# RecursionError is the version's (3.11 stops near 1,000 levels; 3.13 parses 5,000).
JSON_MAX_DEPTH = 100
NESTED_TOO_DEEPLY = _("JSON parse error - nested too deeply.")


class SafeJSONParser(JSONParser):
    """DRF's JSON parser, refusing what it would let through to become a 500.

    Nesting too deep for Python's decoder raises RecursionError, not ValueError;
    and JSON can spell lone surrogates, text no code after us can encode. The
    view says how to refuse those (``CodedAPIView.unencodable_input``).
    """

    def parse(
        self,
        stream: IO[Any],
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> dict[str, Any]:
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as error:
            raise ParseError(NESTED_TOO_DEEPLY) from error
        if nesting_depth(data) > JSON_MAX_DEPTH:
            raise ParseError(NESTED_TOO_DEEPLY)
        view = (parser_context or {}).get("view")
        if isinstance(view, CodedAPIView):
            field = next(unencodable_fields(data, skip=view.token_fields), None)
            if field is not None:
                raise view.unencodable_input(field)
        return data


def refuse_unencodable(data: object, parser_context: Mapping[str, Any] | None) -> None:
    """Raise the view's field error when a parsed body holds text no encoding takes."""
    view = (parser_context or {}).get("view")
    if not isinstance(view, CodedAPIView):
        return
    fields = data.data if isinstance(data, DataAndFiles) else data
    if hasattr(fields, "lists"):  # a QueryDict: every value of a repeated key
        fields = dict(fields.lists())
    field = next(unencodable_fields(fields, skip=view.token_fields), None)
    if field is not None:
        raise view.unencodable_input(field)


class RefusingUnencodable:
    """Parse as the parser it is mixed into, then refuse text no encoding takes."""

    def parse(
        self,
        stream: IO[Any],
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:
        data = super().parse(stream, media_type, parser_context)  # type: ignore[misc]  # mixin
        refuse_unencodable(data, parser_context)
        return data


class SafeFormParser(RefusingUnencodable, FormParser):
    """DRF's form parser; a body's charset (say ``raw_unicode_escape``) can spell surrogates."""


class SafeMultiPartParser(RefusingUnencodable, MultiPartParser):
    """DRF's multipart parser, with the same refusal as the other two."""


SAFE_PARSERS = {
    JSONParser: SafeJSONParser,
    FormParser: SafeFormParser,
    MultiPartParser: SafeMultiPartParser,
}
API_PARSERS = (JSONParser, FormParser, MultiPartParser)
"""What our JSON endpoints accept, as any DRF view (and 1.x) does."""
# The bodies a page on another site can post without a CORS preflight.
CROSS_SITE_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data", "text/plain")
UNSAFE_METHODS = ("POST", "PUT", "PATCH", "DELETE")


class CodedAPIView(APIView):
    """APIView whose error bodies always carry a stable code.

    The views authorized by a bearer token use ``jwt_allauth.sessions.apiview``'s
    subclass, which names the authentication.
    """

    token_fields: tuple[str, ...] = ()
    """Body fields holding tokens: unencodable text there is an invalid token, not a 400."""

    def get_exception_handler(self) -> Callable[..., Response | None]:
        return exceptions.coded_exception_handler

    def get_parsers(self) -> list[Any]:
        parsers = super().get_parsers()
        return [SAFE_PARSERS[type(p)]() if type(p) in SAFE_PARSERS else p for p in parsers]

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        self.refuse_cross_site_form(request)

    def refuse_cross_site_form(self, request: Request) -> None:
        """A page can post a form to any site, cookies and all, but JSON only after CORS.

        So a body that is not JSON, on a request no bearer token authorizes, must come
        from our own pages: else another site could sign its visitor in to the
        attacker's account (login CSRF), or spend the visitor's cookies.
        """
        if request.method not in UNSAFE_METHODS or request.auth is not None:
            return
        media_type = (request.content_type or "").split(";", 1)[0].strip().lower()
        if media_type not in CROSS_SITE_TYPES:
            return
        if media_type not in {parser.media_type for parser in request.parsers or ()}:
            return  # refused as 415 when read
        if not from_our_pages(request):
            raise exceptions.CrossSiteForm()

    def unencodable_input(self, field: str) -> APIException:
        """The error for a body whose ``field`` holds text that cannot be encoded."""
        return exceptions.field_error(
            field, exceptions.UNENCODABLE_MESSAGE, exceptions.UNENCODABLE_CODE
        )

    def get_authenticate_header(self, request: Request) -> str:
        """Also for views without authenticators: DRF would turn their 401s into 403s."""
        return super().get_authenticate_header(request) or BEARER_CHALLENGE
