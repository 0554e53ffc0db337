"""Django finds the app's models here; each feature defines its own."""

from jwt_allauth.grants.models import GrantPurpose, OneTimeGrant
from jwt_allauth.sessions.models import UserSession

__all__ = ["GrantPurpose", "OneTimeGrant", "UserSession"]
