"""The base of the API views: coded errors, and our sessions' bearer access tokens."""

from __future__ import annotations

from jwt_allauth.authentication import JWTAuthentication
from jwt_allauth.internal.views import CodedAPIView


class JWTAllauthAPIView(CodedAPIView):
    """Authenticates with our ``JWTAuthentication`` whatever the project's DRF defaults are,
    so the API works as soon as it is included."""

    authentication_classes: tuple[type, ...] = (JWTAuthentication,)
