"""login/."""

from __future__ import annotations

from typing import Any

from django.utils.module_loading import import_string
from drf_spectacular.utils import OpenApiExample, OpenApiResponse

from jwt_allauth.app_settings import app_settings
from jwt_allauth.internal.schema import (
    BODY_ERRORS,
    GATE_ERRORS,
    DescribedView,
    documented,
    login_result,
)
from jwt_allauth.sessions.schema import refresh_set_cookie

LOGIN_EXAMPLE = {"email": "jane@example.com", "password": "correct horse battery staple"}


class LoginSchema(DescribedView):
    target_class = "jwt_allauth.login.views.LoginView"
    tags = ("login",)

    def operations(self) -> dict[str, dict[str, Any]]:
        result = OpenApiResponse(
            login_result("LoginResult"),
            description="A session; or, when MFA applies, a challenge instead of tokens.",
        )
        return {
            "post": self.describe(
                "Sign in with e-mail and password",
                "Opens a session (one per device). With MFA the answer is a challenge to "
                "finish at mfa/verify/, or, when MFA is required and not set up, a setup "
                "challenge for mfa/setup/. JSON, form or multipart bodies; a form posted by a "
                "page on another site is refused (cross_site_form).",
                {200: result},
                (*BODY_ERRORS, *GATE_ERRORS, *self.throttled()),
                request=documented(
                    import_string(app_settings.LOGIN_SERIALIZER), "E-mail address and password."
                ),
                parameters=refresh_set_cookie([200]),
                examples=[OpenApiExample("Credentials", LOGIN_EXAMPLE, request_only=True)],
            )
        }
