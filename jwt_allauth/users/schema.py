"""OpenAPI description of the user details endpoint."""

from __future__ import annotations

import functools
from typing import Any

from django.utils.module_loading import import_string
from drf_spectacular.extensions import OpenApiSerializerExtension
from rest_framework import serializers

from jwt_allauth import exceptions
from jwt_allauth.app_settings import app_settings
from jwt_allauth.internal.schema import BODY_ERRORS, FIELD_ERRORS, DescribedView

PENDING_EMAIL = "email_change_pending"


class PendingEmailAnswer:
    """Marks the classes ``with_pending_email`` makes, for ``PendingEmailSchema``."""


class PendingEmailSchema(OpenApiSerializerExtension):
    """drf-spectacular lists every read-only field as required; this one is optional."""

    target_class = PendingEmailAnswer
    match_subclasses = True

    def map_serializer(self, auto_schema: Any, direction: Any) -> dict[str, Any]:
        schema = auto_schema._map_serializer(self.target, direction, bypass_extensions=True)
        required = [name for name in schema.get("required", []) if name != PENDING_EMAIL]
        schema.pop("required", None)
        return {**schema, "required": required} if required else schema


@functools.cache  # one class per serializer: drf-spectacular names components by class
def with_pending_email(serializer: type) -> type:
    """The user details answer of a write: ``serializer`` plus ``email_change_pending``.

    Read-only and optional: present only while a new address awaits its link.
    A ModelSerializer lists the field in its ``Meta.fields`` too, or DRF refuses it.
    """
    attributes: dict[str, Any] = {
        "__module__": __name__,
        PENDING_EMAIL: serializers.EmailField(
            read_only=True,
            required=False,
            help_text="The new address awaiting its confirmation link; absent otherwise.",
        ),
    }
    meta: type | None = getattr(serializer, "Meta", None)
    listed = getattr(meta, "fields", None)
    if meta is not None and isinstance(listed, list | tuple):
        attributes["Meta"] = type("Meta", (meta,), {"fields": (*listed, PENDING_EMAIL)})
    bases = (serializer, PendingEmailAnswer)
    return type("EmailChange" + serializer.__name__, bases, attributes)


class UserDetailsSchema(DescribedView):
    target_class = "jwt_allauth.users.views.UserDetailsView"
    tags = ("user",)

    def operations(self) -> dict[str, dict[str, Any]]:
        serializer = import_string(app_settings.USER_DETAILS_SERIALIZER)
        read_errors = (*self.bearer_errors(required=True), *self.throttled())
        write_errors = (*read_errors, FIELD_ERRORS, *BODY_ERRORS, exceptions.SignInRequired)
        written = with_pending_email(serializer)
        write = (
            "Without e-mail verification a new `email` is taken at once (a taken address "
            "is a field error on `email`). With verification the new address gets a link, "
            "`email` stays the old one until it is used, the answer adds "
            "`email_change_pending` (the new address), and a taken address answers the "
            "same. A new `email` needs a sign-in within the reauthentication window "
            "(`403 reauthentication_required`)."
        )
        return {
            "get": self.describe(
                "Read my account", "The caller's account.", {200: serializer}, read_errors
            ),
            "put": self.describe("Replace my account details", write, {200: written}, write_errors),
            "patch": self.describe(
                "Update my account details", write, {200: written}, write_errors
            ),
        }
