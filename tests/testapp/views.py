"""Probe views that show what authentication costs and decides."""

from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from jwt_allauth.permissions import IsStaffRole


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
