"""System checks on where mailed links point (W009, E023)."""

from __future__ import annotations

import pytest

from jwt_allauth import checks
from tests.helpers import ids


@pytest.fixture
def no_site(settings):
    del settings.SITE_ID


def test_w009_request_host_with_any_host_allowed(no_site, settings):
    settings.ALLOWED_HOSTS = ["api.example.com", "*"]
    assert ids(checks.check_link_host()) == ["jwt_allauth.W009"]


@pytest.mark.parametrize(
    "configure",
    [
        lambda s: setattr(s, "ALLOWED_HOSTS", ["api.example.com", ".example.com"]),
        lambda s: setattr(s, "JWT_ALLAUTH_LINK_BASE_URL", "https://api.example.com"),
        lambda s: setattr(s, "SITE_ID", 1),
    ],
    ids=["listed-hosts", "base-url", "site-id"],
)
def test_w009_silent_when_the_host_cannot_be_forged_into_links(no_site, settings, configure):
    settings.ALLOWED_HOSTS = ["*"]
    configure(settings)
    assert checks.check_link_host() == []


def test_w009_fires_without_the_sites_framework(settings):
    settings.INSTALLED_APPS = [a for a in settings.INSTALLED_APPS if a != "django.contrib.sites"]
    settings.ALLOWED_HOSTS = ["*"]
    assert ids(checks.check_link_host()) == ["jwt_allauth.W009"]


@pytest.mark.parametrize(
    "value",
    [
        None,
        "",
        "https://api.example.com",
        "https://api.example.com/",
        "http://localhost:8000",
        "https://[::1]:8443",
    ],
)
def test_e023_accepts_an_origin(settings, value):
    settings.JWT_ALLAUTH_LINK_BASE_URL = value
    assert checks.check_link_base_url() == []


@pytest.mark.parametrize(
    "value",
    [
        "api.example.com",
        "ftp://api.example.com",
        "https://",
        "https://api.example.com/prefix/",
        "https://api.example.com?next=x",
        "https://api.example.com#x",
        "https://user@api.example.com",
        "https://api.example.com:99999",
        "https://api.example .com",
        "https://[::1",
        42,
    ],
)
def test_e023_refuses_anything_but_an_origin(settings, value):
    settings.JWT_ALLAUTH_LINK_BASE_URL = value
    assert ids(checks.check_link_base_url()) == ["jwt_allauth.E023"]
