"""How the views are described from outside: a replacement subclass per view, and the scheme."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension, OpenApiViewExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework_simplejwt.settings import api_settings as simplejwt_settings

from jwt_allauth.schema.components import (
    BEARER_ERRORS,
    NOT_AUTHENTICATED,
    RETRY_AFTER,
    THROTTLED,
    ErrorSource,
    error_responses,
)


class JWTAuthenticationScheme(OpenApiAuthenticationExtension):
    """Our access tokens: ``Authorization: Bearer <JWT>`` (simplejwt's header settings)."""

    target_class = "jwt_allauth.authentication.JWTAuthentication"
    match_subclasses = True
    name = "jwtAuth"
    priority = 1

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return build_bearer_security_scheme_object(
            header_name=simplejwt_settings.AUTH_HEADER_NAME,
            token_prefix=simplejwt_settings.AUTH_HEADER_TYPES[0],
            bearer_format="JWT",
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
