"""An API view protected by access tokens, the single-page front end, the list of
endpoints and the development mailbox."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from demo_api.mailbox import links
from demo_api.models import DevMail
from jwt_allauth.authentication import JWTAuthentication

MAILS_SHOWN = 20


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
    """The front end: static HTML, its script calls the API under /auth/.

    The providers' authorization endpoints come from the demo's settings: the API
    lists providers and client ids, not where each one's login page is.
    """
    authorize_urls = getattr(settings, "DEMO_SOCIAL_AUTHORIZE_URLS", {})
    return render(request, "demo_api/app.html", {"authorize_urls": authorize_urls})


def endpoints(request: HttpRequest) -> HttpResponse:
    return render(request, "demo_api/endpoints.html", {"endpoints": api_endpoints()})


def dev_mails(request: HttpRequest) -> HttpResponse:
    """The last mails with their links; local use only, so only while DEBUG is on."""
    if not settings.DEBUG:
        raise Http404
    mails = list(DevMail.objects.all()[:MAILS_SHOWN])
    for mail in mails:
        mail.links = links(mail.body)
    return render(request, "demo_api/mails.html", {"mails": mails})
