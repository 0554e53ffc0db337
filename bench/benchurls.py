"""The benchmark project's URLs: the package under auth/, and two probe views."""

from __future__ import annotations

from django.urls import include, path
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView


class BareView(APIView):
    """The floor: DRF with no authentication at all."""

    authentication_classes = ()
    permission_classes = (AllowAny,)

    def get(self, request: Request) -> Response:
        return Response({"ok": True})


class TokenOnlyView(APIView):
    """Authenticated, but needs nothing the access token does not carry."""

    permission_classes = (IsAuthenticated,)

    def get(self, request: Request) -> Response:
        return Response({"user_id": str(request.user.pk), "role": request.user.role})


urlpatterns = [
    path("auth/", include("jwt_allauth.urls")),
    path("bench/bare/", BareView.as_view()),
    path("bench/token-only/", TokenOnlyView.as_view()),
]
