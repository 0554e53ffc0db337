"""Probe views that show what authentication costs and decides."""

from django.contrib.auth import get_user_model
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from jwt_allauth.permissions import IsStaffRole, IsSuperUserRole, role_permission
from jwt_allauth.roles import USER_CODE
from jwt_allauth.sessions.models import UserSession


class BareView(APIView):
    authentication_classes = ()
    permission_classes = (AllowAny,)

    def get(self, request):
        return Response({"ok": True})


class AuthenticatedView(APIView):
    permission_classes = (IsAuthenticated,)

    def get(self, request):
        return Response({"user_id": str(request.user.pk), "role": request.user.role})


class StaffOnlyView(APIView):
    permission_classes = (IsStaffRole,)

    def get(self, request):
        return Response({"ok": True})


class UserRowProbeView(APIView):
    """Touches the user row: attributes, ``isinstance`` and an ORM filter on request.user."""

    permission_classes = (IsAuthenticated,)

    def get(self, request):
        return Response(
            {
                "email": request.user.email,
                "email_again": request.user.email,
                "is_user_model": isinstance(request.user, get_user_model()),
                "sessions": UserSession.objects.filter(user=request.user).count(),
            }
        )


class SuperUserOnlyView(APIView):
    permission_classes = (IsSuperUserRole,)

    def get(self, request):
        return Response({"ok": True})


class PlainRoleOnlyView(APIView):
    permission_classes = (role_permission(USER_CODE),)

    def get(self, request):
        return Response({"ok": True})
