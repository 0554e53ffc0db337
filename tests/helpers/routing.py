"""Routing that follows settings, for the tests that change routing settings."""

from __future__ import annotations

# Routing that follows settings (registration): whenever a test changes one of
# these settings (the `settings` fixture, override_settings) and when it changes
# back, the URLconfs are re-imported so reverse() and the test client see it.
ROUTING_SETTINGS = frozenset(
    {
        "EMAIL_VERIFICATION",
        "EMAIL_VERIFIED_REDIRECT",
        "JWT_ALLAUTH_ADMIN_MANAGED_REGISTRATION",
        "JWT_ALLAUTH_INVITATIONS",
        "ACCOUNT_EMAIL_VERIFICATION",
        "REST_AUTH",
    }
)
SETTINGS_DEPENDENT_URLCONFS = ("jwt_allauth.registration.urls", "jwt_allauth.urls")


def reload_urlconfs() -> None:
    import importlib
    import sys

    from django.conf import settings
    from django.urls import clear_url_caches

    for name in (*SETTINGS_DEPENDENT_URLCONFS, settings.ROOT_URLCONF):
        if name in sys.modules:
            importlib.reload(sys.modules[name])
    clear_url_caches()
