"""user/."""

from __future__ import annotations

from typing import Any

from django.utils.module_loading import import_string

from jwt_allauth.app_settings import app_settings
from jwt_allauth.internal.schema import BODY_ERRORS, FIELD_ERRORS, DescribedView


class UserDetailsSchema(DescribedView):
    target_class = "jwt_allauth.users.views.UserDetailsView"
    tags = ("user",)

    def operations(self) -> dict[str, dict[str, Any]]:
        serializer = import_string(app_settings.USER_DETAILS_SERIALIZER)
        read_errors = (*self.bearer_errors(required=True), *self.throttled())
        write_errors = (*read_errors, FIELD_ERRORS, *BODY_ERRORS)
        write = (
            "Without e-mail verification a new `email` is taken at once (a taken address "
            "is `email_taken`). With verification the new address gets a link, `email` "
            "stays the old one until it is used, the answer adds `email_change_pending` "
            "(the new address), and a taken address answers the same."
        )
        return {
            "get": self.describe(
                "Read my account", "The caller's account.", {200: serializer}, read_errors
            ),
            "put": self.describe(
                "Replace my account details", write, {200: serializer}, write_errors
            ),
            "patch": self.describe(
                "Update my account details", write, {200: serializer}, write_errors
            ),
        }
