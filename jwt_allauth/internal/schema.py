"""What the features' schema modules share: the described-view base, coded errors, the
answers of the gate (a session, the MFA challenges), headers.

Response serializers here only describe; no view uses them. Fields that
depend on settings (``refresh`` in the body, the expirations) are chosen when
the schema is generated, so the schema matches the running configuration.
Imported only by the ``schema`` modules, so only when drf-spectacular is installed.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from drf_spectacular.extensions import OpenApiViewExtension
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema,
    extend_schema_view,
)
from rest_framework import exceptions as drf_exceptions
from rest_framework import serializers, status

from jwt_allauth import constants
from jwt_allauth import exceptions as our_exceptions
from jwt_allauth.app_settings import app_settings


@dataclass(frozen=True)
class ErrorCode:
    """One ``{"detail", "code"}`` answer an endpoint can give."""

    status: int
    code: str
    detail: Any
    """Lazy where it is translated: rendered when the schema is, in the language active then."""

    @classmethod
    def of(cls, error: type[drf_exceptions.APIException]) -> ErrorCode:
        return cls(error.status_code, str(error.default_code), error.default_detail)


# DRF's own errors, rendered with a code by our exception handler.
PARSE_ERROR = ErrorCode.of(drf_exceptions.ParseError)
UNSUPPORTED_MEDIA_TYPE = ErrorCode(  # DRF's detail has a placeholder for the type
    status.HTTP_415_UNSUPPORTED_MEDIA_TYPE,
    str(drf_exceptions.UnsupportedMediaType.default_code),
    "The request body is not of a media type this endpoint reads.",
)
THROTTLED = ErrorCode.of(drf_exceptions.Throttled)
NOT_AUTHENTICATED = ErrorCode.of(drf_exceptions.NotAuthenticated)
PERMISSION_DENIED = ErrorCode.of(drf_exceptions.PermissionDenied)
# simplejwt's answer to an Authorization header that is not "<type> <token>".
BAD_AUTHORIZATION_HEADER = ErrorCode(
    status.HTTP_401_UNAUTHORIZED,
    "bad_authorization_header",
    "Authorization header must contain two space-delimited values",
)
FIELD_ERRORS: Literal["field_errors"] = "field_errors"
FIELD_ERRORS_LINE = (
    "* a map of field names to messages, when the input is invalid: a field missing, of the "
    "wrong type (a name that is not a string) or length, a NUL character in a password, "
    "text that cannot be encoded (a lone surrogate)"
)
"""Stands for a DRF validation error: ``{"<field>": ["<message>", ...]}``, no code."""

ErrorSource = type[drf_exceptions.APIException] | ErrorCode | Literal["field_errors"]

BODY_ERRORS: tuple[ErrorSource, ...] = (FIELD_ERRORS, PARSE_ERROR, UNSUPPORTED_MEDIA_TYPE)
BEARER_ERRORS: tuple[ErrorSource, ...] = (
    NOT_AUTHENTICATED,
    BAD_AUTHORIZATION_HEADER,
    our_exceptions.InvalidToken,
    our_exceptions.SessionEnded,
    our_exceptions.UserNotFound,
)
GRANT_ERRORS: tuple[ErrorSource, ...] = (
    our_exceptions.CSRFHeaderMissing,
    our_exceptions.DuplicateCookie,
    our_exceptions.GrantMissing,
    our_exceptions.GrantInvalid,
)
GATE_ERRORS: tuple[ErrorSource, ...] = (
    our_exceptions.InvalidCredentials,
    our_exceptions.EmailNotVerified,
)


def error_responses(*sources: ErrorSource) -> dict[int, OpenApiResponse]:
    """One response per status, its ``code`` an enum of the codes listed for it."""
    by_status: dict[int, list[ErrorCode]] = defaultdict(list)
    field_errors = False
    for source in sources:
        if isinstance(source, str):  # FIELD_ERRORS, the one text source
            field_errors = True
            continue
        error = source if isinstance(source, ErrorCode) else ErrorCode.of(source)
        if error not in by_status[error.status]:
            by_status[error.status].append(error)
    if field_errors:
        by_status.setdefault(status.HTTP_400_BAD_REQUEST, [])
    return {
        code: error_response(errors, field_errors and code == status.HTTP_400_BAD_REQUEST)
        for code, errors in sorted(by_status.items())
    }


def error_response(errors: list[ErrorCode], field_errors: bool) -> OpenApiResponse:
    lines = [f"* `{error.code}`: {error.detail}" for error in errors]
    if field_errors:
        lines.insert(0, FIELD_ERRORS_LINE)
    schema: dict[str, Any] = coded_error_schema([error.code for error in errors])
    if field_errors and errors:
        schema = {"oneOf": [schema, FIELD_ERRORS_SCHEMA]}
    elif field_errors:
        schema = FIELD_ERRORS_SCHEMA
    return OpenApiResponse(response=schema, description="\n".join(lines))


def coded_error_schema(codes: Iterable[str]) -> dict[str, Any]:
    return {
        "type": "object",
        "description": "An error: a translated `detail` and a stable `code`.",
        "properties": {
            "detail": {"type": "string"},
            "code": {"type": "string", "enum": list(codes)},
        },
        "required": ["detail", "code"],
    }


FIELD_ERRORS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "Invalid input: each field (or `non_field_errors`) with its messages.",
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
    "minProperties": 1,
}


class SessionSerializer(serializers.Serializer[Any]):
    """A new session: the access token, and the refresh token when it travels in the body."""

    access = serializers.CharField(help_text="The access token (a JWT) for the Bearer header.")
    refresh = serializers.CharField(
        help_text="The refresh token; only when JWT_ALLAUTH_REFRESH_TOKEN_AS_COOKIE is False."
    )
    access_expiration = serializers.DateTimeField(help_text="With JWT_AUTH_RETURN_EXPIRATION.")
    refresh_expiration = serializers.DateTimeField(help_text="With JWT_AUTH_RETURN_EXPIRATION.")

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        fields = super().get_fields()
        if app_settings.REFRESH_TOKEN_AS_COOKIE:
            fields.pop(constants.REFRESH_TOKEN_BODY_FIELD)
        if not app_settings.RETURN_EXPIRATION:
            fields.pop("access_expiration")
            fields.pop("refresh_expiration")
        return fields


class MFAChallengeSerializer(serializers.Serializer[Any]):
    """No session yet: finish the sign-in at `mfa/verify/` or `mfa/verify-recovery/`."""

    mfa_required = serializers.BooleanField(help_text="Always true.")
    challenge_id = serializers.CharField(help_text="Send it back with the code.")
    types = serializers.ListField(
        child=serializers.CharField(),
        help_text=(
            "The kinds of second factor the account has, sorted: `totp`, `recovery_codes`, "
            "`webauthn`. A security key (`webauthn`) cannot be checked by this API yet; "
            "such an account finishes with a recovery code."
        ),
    )


class MFASetupChallengeSerializer(serializers.Serializer[Any]):
    """No session yet: MFA is required and the account has none; enrol at `mfa/setup/`."""

    mfa_setup_required = serializers.BooleanField(help_text="Always true.")
    setup_challenge_id = serializers.CharField(
        help_text="Send it to mfa/setup/ and mfa/activate/ in place of an access token."
    )


@functools.cache
def documented(serializer_class: type, description: str) -> type:
    """Our serializer with ``description`` for API users instead of its docstring.

    The docstrings speak to developers of the package; a project's own
    serializer (named in a setting) keeps its own.
    """
    if not serializer_class.__module__.startswith("jwt_allauth."):
        return serializer_class
    attributes = {"__doc__": description, "__module__": serializer_class.__module__}
    return type(serializer_class.__name__, (serializer_class,), attributes)


def with_field(base: type[serializers.Serializer[Any]], prefix: str, **fields: Any) -> type:
    """``base`` plus ``fields``, named ``<prefix><base name>`` (one component each)."""
    return type(prefix + base.__name__, (base,), {"__module__": __name__, **fields})


LOGIN_RESULTS = (SessionSerializer, MFAChallengeSerializer, MFASetupChallengeSerializer)


def login_result(
    component_name: str, results: Iterable[type] = LOGIN_RESULTS
) -> PolymorphicProxySerializer:
    """A oneOf of the gate's answers: a session, or one of the MFA challenges."""
    return PolymorphicProxySerializer(
        component_name=component_name,
        serializers=list(results),
        resource_type_field_name=None,
        many=False,
    )


NEW_PASSWORD = "The new password twice; it must pass the project's password validators."


def detail_response(name: str, description: str) -> OpenApiResponse:
    """``{"detail": "..."}``: a translated message, as the component ``name``."""
    fields = {"detail": serializers.CharField(help_text="A translated message.")}
    serializer = type(
        name + "Serializer", (serializers.Serializer,), {**fields, "__module__": __name__}
    )
    return OpenApiResponse(serializer, description=description)


def set_cookie_header(statuses: Iterable[int], description: str) -> OpenApiParameter:
    return OpenApiParameter(
        "Set-Cookie",
        str,
        OpenApiParameter.HEADER,
        description=description,
        response=[int(code) for code in statuses],
    )


RETRY_AFTER = OpenApiParameter(
    "Retry-After",
    int,
    OpenApiParameter.HEADER,
    description="Seconds to wait before trying again.",
    response=[status.HTTP_429_TOO_MANY_REQUESTS],
)


class DescribedView(OpenApiViewExtension):
    """Swaps a view for a subclass whose methods carry what ``operations()`` says.

    ``operations()`` runs at each schema generation, so what depends on settings
    (cookie or body delivery, serializers named by dotted path) is read then.
    """

    tags: tuple[str, ...] = ()

    def operations(self) -> dict[str, dict[str, Any]]:
        raise NotImplementedError

    def view_replacement(self) -> type:
        view = type(self.target.__name__, (self.target,), {"__module__": self.target.__module__})
        decorators = {
            method: extend_schema(tags=list(self.tags), **described)
            for method, described in self.operations().items()
        }
        return extend_schema_view(**decorators)(view)

    def throttled(self) -> tuple[ErrorSource, ...]:
        """429 ``throttled`` when the view (or the project's default) has throttles."""
        return (THROTTLED,) if self.target.throttle_classes else ()

    def bearer_errors(self, required: bool) -> tuple[ErrorSource, ...]:
        """A bad Bearer header is refused even where none is needed."""
        if not self.target.authentication_classes:
            return ()
        return tuple(e for e in BEARER_ERRORS if required or e != NOT_AUTHENTICATED)

    def describe(
        self,
        summary: str,
        description: str,
        responses: dict[int, Any],
        errors: tuple[ErrorSource, ...],
        **extra: Any,
    ) -> dict[str, Any]:
        """extend_schema's arguments; Retry-After is added where a 429 can happen."""
        parameters = list(extra.pop("parameters", []))
        all_errors = error_responses(*errors)
        if 429 in all_errors:
            parameters.append(RETRY_AFTER)
        return {
            "summary": summary,
            "description": description,
            "responses": {**responses, **all_errors},
            "parameters": parameters,
            **extra,
        }
