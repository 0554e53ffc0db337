from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JWTAllauthConfig(AppConfig):
    name = "jwt_allauth"
    verbose_name = _("JWT allauth")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from jwt_allauth import checks  # noqa: F401  (registers the system checks)
        from jwt_allauth.app_settings import app_settings
        from jwt_allauth.internal.compat import spectacular_installed

        app_settings.supply_allauth_defaults()
        app_settings.supply_legacy_signing_key()
        if spectacular_installed():
            # drf-spectacular finds extensions by their import; this only registers them.
            from jwt_allauth import schema  # noqa: F401
