from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JWTAllauthConfig(AppConfig):
    name = "jwt_allauth"
    verbose_name = _("JWT allauth")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from jwt_allauth import checks  # noqa: F401  (registers the system checks)
