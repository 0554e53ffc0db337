"""Django finds the app's models here; each feature defines its own."""

from jwt_allauth.sessions.models import UserSession

__all__ = ["UserSession"]
