"""Cookie paths follow where the package is mounted, though they are worked out once."""

from __future__ import annotations

import pytest
from django.urls import set_script_prefix
from rest_framework.test import APIClient

from jwt_allauth.constants import DEFAULT_DEVICE_COOKIE
from jwt_allauth.internal.devices import device_cookie_path
from jwt_allauth.sessions.cookies import refresh_cookie_path
from tests.helpers import PASSWORD


@pytest.fixture
def script_prefix():
    yield set_script_prefix
    set_script_prefix("/")


def test_paths_follow_the_url_configuration(settings):
    assert (refresh_cookie_path(), device_cookie_path()) == ("/auth/", "/auth/")
    settings.ROOT_URLCONF = "tests.internal.mounted_urls"
    assert (refresh_cookie_path(), device_cookie_path()) == ("/api/v2/", "/api/v2/")


def test_paths_follow_the_script_prefix(script_prefix):
    assert refresh_cookie_path() == "/auth/"
    script_prefix("/mounted/")
    assert (refresh_cookie_path(), device_cookie_path()) == ("/mounted/auth/", "/mounted/auth/")
    script_prefix("/")
    assert refresh_cookie_path() == "/auth/"


def test_a_login_sets_both_cookies_on_the_mounted_path(user, settings):
    settings.ROOT_URLCONF = "tests.internal.mounted_urls"
    response = APIClient().post(
        "/api/v2/login/", {"email": user.email, "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200
    assert response.cookies["refresh_token"]["path"] == "/api/v2/"
    assert response.cookies[DEFAULT_DEVICE_COOKIE]["path"] == "/api/v2/"
