"""An API view protected by access tokens, and a landing page listing the endpoints."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from jwt_allauth.authentication import JWTAuthentication


class HelloView(APIView):
    """Answered from the access token alone: no database query."""

    authentication_classes = (JWTAuthentication,)
    permission_classes = (IsAuthenticated,)

    def get(self, request: Request) -> Response:
        return Response(
            {
                "message": "Hello from a view protected by an access token.",
                "user_id": str(request.user.pk),
                "role": request.user.role,
                "session_id": request.user.session_id,
            }
        )


def api_endpoints(prefix: str = "auth/") -> list[tuple[str, str]]:
    """(path, URL name) of every route mounted under ``prefix``."""
    found: list[tuple[str, str]] = []

    def walk(patterns: list, base: str) -> None:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, base + str(entry.pattern))
            elif isinstance(entry, URLPattern):
                found.append((base + str(entry.pattern), entry.name or ""))

    walk(get_resolver().url_patterns, "")
    return [(route, name) for route, name in found if route.startswith(prefix)]


def index(request: HttpRequest) -> HttpResponse:
    return render(request, "demo_api/index.html", {"endpoints": api_endpoints()})
