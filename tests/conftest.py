"""Shared fixtures: users of whatever AUTH_USER_MODEL is active, clients, delivery modes."""

from __future__ import annotations

import itertools

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from rest_framework.test import APIClient

PASSWORD = "correct horse battery staple"
_emails = itertools.count(1)


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture
def user_factory(db):
    """Create users of the active user model: ``user_factory(is_staff=True)``."""

    def create(email: str | None = None, password: str = PASSWORD, **fields):
        User = get_user_model()
        email = email or f"user{next(_emails)}@example.com"
        if "username" in {f.name for f in User._meta.get_fields()}:
            fields.setdefault("username", email)
        if "role" not in {f.name for f in User._meta.get_fields()}:
            fields.pop("role", None)
        user = User(email=email, **fields)
        user.set_password(password)
        user.save()
        return user

    return create


@pytest.fixture
def user(user_factory):
    return user_factory(email="alice@example.com")


@pytest.fixture(params=["cookie", "body"])
def delivery(request, settings) -> str:
    """Run a test once with the refresh token in the cookie and once in the body."""
    settings.JWT_ALLAUTH_REFRESH_TOKEN_AS_COOKIE = request.param == "cookie"
    return request.param


class Session:
    """What a client holds after login: the access token and the refresh token."""

    def __init__(self, response, delivery: str):
        from django.conf import settings

        self.response = response
        self.access = response.data["access"]
        if delivery == "cookie":
            name = getattr(settings, "JWT_AUTH_REFRESH_COOKIE", None) or "refresh_token"
            self.refresh = response.cookies[name].value
        else:
            self.refresh = response.data["refresh"]


@pytest.fixture
def login(delivery):
    """``login(user)`` -> Session; a fresh client per call, like a separate device."""

    def do_login(user, password: str = PASSWORD, **extra) -> Session:
        response = APIClient().post(
            "/auth/login/", {"email": user.email, "password": password}, format="json", **extra
        )
        assert response.status_code == 200, response.data
        return Session(response, delivery)

    return do_login


@pytest.fixture
def refresh(delivery):
    """``refresh(raw_token)`` -> response, sending the token the way the mode does."""

    def do_refresh(raw: str, client: APIClient | None = None):
        client = client or APIClient()
        if delivery == "cookie":
            client.cookies["refresh_token"] = raw
            return client.post("/auth/refresh/", format="json")
        return client.post("/auth/refresh/", {"refresh": raw}, format="json")

    return do_refresh


def new_refresh(response, delivery: str) -> str:
    if delivery == "cookie":
        return response.cookies["refresh_token"].value
    return response.data["refresh"]
