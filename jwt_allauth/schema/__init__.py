"""OpenAPI description of the API for drf-spectacular (the ``schema`` extra).

Importing this package registers drf-spectacular extensions that describe our
views from outside; ``JWTAllauthConfig.ready()`` imports it when
drf-spectacular is installed. Nothing here runs until a schema is generated.
"""

from __future__ import annotations

from jwt_allauth.internal.compat import mfa_installed, social_installed
from jwt_allauth.schema import accounts, base, sessions

__all__ = ["accounts", "base", "sessions"]

if mfa_installed():
    from jwt_allauth.schema import mfa  # noqa: F401  (imports allauth.mfa)

if social_installed():
    from jwt_allauth.schema import social  # noqa: F401  (imports allauth.socialaccount)
