"""password/: the reset link, setting the new password, and changing it."""

from __future__ import annotations

from typing import Any

from django.utils.module_loading import import_string

from jwt_allauth import constants
from jwt_allauth.app_settings import app_settings
from jwt_allauth.grants.schema import grant_parameters, spent_grant_response
from jwt_allauth.internal.schema import (
    BODY_ERRORS,
    GATE_ERRORS,
    GRANT_ERRORS,
    NEW_PASSWORD,
    DescribedView,
    detail_response,
    documented,
)


class PasswordResetSchema(DescribedView):
    target_class = "jwt_allauth.password.views.PasswordResetView"
    tags = ("password",)

    def operations(self) -> dict[str, dict[str, Any]]:
        sent = detail_response("PasswordResetSent", "The same answer for every address.")
        return {
            "post": self.describe(
                "Ask for a password reset link",
                "Mails a reset link to the accounts using this address; the answer is the "
                "same whether or not one does. JSON, form or multipart bodies.",
                {200: sent},
                (*BODY_ERRORS, *self.throttled()),
                request=import_string(app_settings.PASSWORD_RESET_SERIALIZER),
            )
        }


class SetNewPasswordSchema(DescribedView):
    target_class = "jwt_allauth.password.views.SetNewPasswordView"
    tags = ("password",)

    def operations(self) -> dict[str, dict[str, Any]]:
        return {
            "post": self.describe(
                "Set a new password after a reset",
                "Spends the one-time cookie dropped by the reset link: the new password is "
                "saved, every session of the account ends, and a new one opens (or an MFA "
                "challenge is answered).",
                {200: spent_grant_response()},
                (*BODY_ERRORS, *GRANT_ERRORS, *GATE_ERRORS, *self.throttled()),
                request=documented(
                    import_string(app_settings.PASSWORD_RESET_CONFIRM_SERIALIZER), NEW_PASSWORD
                ),
                parameters=grant_parameters(constants.PASSWORD_RESET_COOKIE),
            )
        }


class PasswordChangeSchema(DescribedView):
    target_class = "jwt_allauth.password.views.PasswordChangeView"
    tags = ("password",)

    def operations(self) -> dict[str, dict[str, Any]]:
        saved = detail_response("PasswordChanged", "The new password is saved.")
        return {
            "post": self.describe(
                "Change my password",
                "Needs `old_password` unless OLD_PASSWORD_FIELD_ENABLED is False. With "
                "LOGOUT_ON_PASSWORD_CHANGE the caller's other sessions end.",
                {200: saved},
                (*BODY_ERRORS, *self.bearer_errors(required=True), *self.throttled()),
                request=documented(
                    import_string(app_settings.PASSWORD_CHANGE_SERIALIZER),
                    f"{NEW_PASSWORD} `old_password` unless OLD_PASSWORD_FIELD_ENABLED is False.",
                ),
            )
        }
