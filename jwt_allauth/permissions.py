"""Permission classes that authorize by the ``role`` claim, without a query."""

from __future__ import annotations

from django.http import HttpRequest
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.views import APIView

from jwt_allauth import constants
from jwt_allauth.roles import STAFF_CODE, SUPER_USER_CODE, get_user_role


def request_role(request: HttpRequest) -> object:
    """The caller's role: from the access token when there is one, else the user."""
    token = getattr(request, "auth", None)
    if token is not None and hasattr(token, "get"):
        role = token.get(constants.ROLE_CLAIM)
        if role is not None:
            return role
    return get_user_role(request.user)


class HasRole(BasePermission):
    """Allows authenticated callers whose role is in ``allowed_roles``."""

    allowed_roles: tuple[object, ...] = ()

    def has_permission(self, request: Request, view: APIView) -> bool:
        user = getattr(request, "user", None)
        if not (user and user.is_authenticated):
            return False
        return request_role(request) in self.allowed_roles


def role_permission(*roles: object) -> type[HasRole]:
    """A permission class admitting exactly ``roles``: ``role_permission(STAFF_CODE)``."""
    return type("HasRoleIn", (HasRole,), {"allowed_roles": tuple(roles)})


class IsStaffRole(HasRole):
    allowed_roles = (STAFF_CODE, SUPER_USER_CODE)


class IsSuperUserRole(HasRole):
    allowed_roles = (SUPER_USER_CODE,)
