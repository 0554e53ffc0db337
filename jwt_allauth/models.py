"""Django finds the app's models here; each feature defines its own."""

from jwt_allauth.grants.models import GrantPurpose, OneTimeGrant
from jwt_allauth.sessions.models import UserSession
from jwt_allauth.users.models import JAUser, RoleMixin, UserManager

__all__ = ["GrantPurpose", "JAUser", "OneTimeGrant", "RoleMixin", "UserManager", "UserSession"]
