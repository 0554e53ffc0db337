"""What both HTTP benchmark sites share; imports Django and DRF only, never jwt_allauth.

Runs in either venv: ours, and the one ``bench_http.py`` builds for dj-rest-auth.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from django.db import connection
from django.http import HttpRequest, HttpResponse

QUERIES_HEADER = "X-Bench-Queries"
PASSWORD = "bench-password-1234"
MD5_HASHER = "django.contrib.auth.hashers.MD5PasswordHasher"


def bare_view() -> Callable[..., HttpResponse]:
    """The floor: DRF with no authentication at all (imported once settings exist)."""
    from rest_framework.permissions import AllowAny
    from rest_framework.request import Request
    from rest_framework.response import Response
    from rest_framework.views import APIView

    class BareView(APIView):
        authentication_classes = ()
        permission_classes = (AllowAny,)

        def get(self, request: Request) -> Response:
            return Response({"ok": True})

    return BareView.as_view()


class QueryCountMiddleware:
    """Sends how many SQL statements the request ran in the X-Bench-Queries header."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        count = 0

        def counted(execute: Callable[..., Any], *args: Any) -> Any:
            nonlocal count
            count += 1
            return execute(*args)

        with connection.execute_wrapper(counted):
            response = self.get_response(request)
        response[QUERIES_HEADER] = str(count)
        return response


def database(kind: str, name: str) -> dict[str, Any]:
    if kind == "postgres":
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": name,
            "USER": os.environ.get("PGUSER", "postgres"),
            "HOST": os.environ.get("PGHOST", "127.0.0.1"),
            "PORT": os.environ.get("PGPORT", "5432"),
        }
    return {"ENGINE": "django.db.backends.sqlite3", "NAME": name, "OPTIONS": {"timeout": 20}}


def create_users(count: int) -> None:
    """bench0 ... bench<count-1>, e-mail bench<i>@example.com, one password, MD5-hashed."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    User = get_user_model()
    password = make_password(PASSWORD)
    User.objects.bulk_create(
        User(username=f"bench{i}", email=f"bench{i}@example.com", password=password)
        for i in range(count)
    )
