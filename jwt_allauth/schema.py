"""OpenAPI description of the API for drf-spectacular (the ``schema`` extra).

Each feature describes its views in its own ``schema`` module, as drf-spectacular
extensions; importing this module imports them all, which registers them.
``JWTAllauthConfig.ready()`` imports it when drf-spectacular is installed.
Nothing here runs until a schema is generated.
"""

from __future__ import annotations

from jwt_allauth.internal.compat import mfa_installed, social_installed
from jwt_allauth.login import schema as login
from jwt_allauth.password import schema as password
from jwt_allauth.registration import schema as registration
from jwt_allauth.sessions import schema as sessions
from jwt_allauth.users import schema as users

__all__ = ["login", "password", "registration", "sessions", "users"]

if mfa_installed():
    from jwt_allauth.mfa import schema as mfa  # noqa: F401  (imports allauth.mfa)

if social_installed():
    from jwt_allauth.social import schema as social  # noqa: F401  (imports allauth.socialaccount)
