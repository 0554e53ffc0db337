"""System checks on the social settings (jwt_allauth.E025-E029, W010)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.apps import apps

from jwt_allauth.checks import social
from tests.helpers import ids

pytestmark = pytest.mark.skipif(
    not apps.is_installed("allauth.socialaccount"), reason="needs the social extra"
)


def test_the_test_settings_pass(settings):
    assert social.check_social_settings() == []


@pytest.mark.parametrize(
    "name", ["JWT_ALLAUTH_SOCIAL_EMAIL_LINKING", "JWT_ALLAUTH_SOCIAL_ACCESS_TOKEN_LOGIN"]
)
@pytest.mark.parametrize("value", ["yes", None, 1, ["google", 3], {"google": True}])
def test_e025_provider_policy_is_bool_or_list_of_ids(settings, name, value):
    setattr(settings, name, value)
    messages = social.check_social_settings()
    assert ids(messages) == ["jwt_allauth.E025"]
    assert name in messages[0].msg and messages[0].hint


@pytest.mark.parametrize(
    "name", ["JWT_ALLAUTH_SOCIAL_EMAIL_LINKING", "JWT_ALLAUTH_SOCIAL_ACCESS_TOKEN_LOGIN"]
)
@pytest.mark.parametrize("value", [True, False, ["google"], ("google", "apple"), []])
def test_provider_policy_good_values_are_silent(settings, name, value):
    setattr(settings, name, value)
    assert social.check_social_settings() == []


@pytest.mark.parametrize(
    "value",
    [
        "https://app.example.test/callback",
        [42],
        ["/callback"],
        ["https://app.example.test/cb#frag"],
        {"https://app.example.test/cb": 1},
        ["app.example.test/callback"],
    ],
)
def test_e026_callback_urls_are_a_list_of_absolute_urls(settings, value):
    settings.JWT_ALLAUTH_SOCIAL_CALLBACK_URLS = value
    messages = social.check_social_settings()
    assert ids(messages) == ["jwt_allauth.E026"]
    assert messages[0].hint


@pytest.mark.parametrize(
    "value", [["https://app.example.test/cb", "com.example.app:/oauth2redirect"], ()]
)
def test_callback_urls_good_values(settings, value):
    settings.JWT_ALLAUTH_SOCIAL_CALLBACK_URLS = value
    assert "jwt_allauth.E026" not in ids(social.check_social_settings())


@pytest.mark.parametrize(
    "name", ["JWT_ALLAUTH_SOCIAL_CODE_LIFETIME", "JWT_ALLAUTH_SOCIAL_STATE_LIFETIME"]
)
@pytest.mark.parametrize("value", [600, timedelta(0), timedelta(seconds=-5), None])
def test_e027_lifetimes_are_positive_timedeltas(settings, name, value):
    setattr(settings, name, value)
    messages = social.check_social_settings()
    assert ids(messages) == ["jwt_allauth.E027"]
    assert name in messages[0].msg


@pytest.mark.parametrize(
    "name",
    [
        "JWT_ALLAUTH_SOCIAL_REQUIRE_VERIFIED_EMAIL",
        "JWT_ALLAUTH_SOCIAL_REQUIRE_PKCE",
        "JWT_ALLAUTH_SOCIAL_REQUIRE_STATE",
    ],
)
@pytest.mark.parametrize("value", ["False", 0, None])
def test_e028_switches_are_booleans(settings, name, value):
    setattr(settings, name, value)
    messages = social.check_social_settings()
    assert ids(messages) == ["jwt_allauth.E028"]
    assert name in messages[0].msg


def test_w010_code_flow_without_allow_list(settings):
    settings.JWT_ALLAUTH_SOCIAL_CALLBACK_URLS = None
    messages = social.check_social_settings()
    assert ids(messages) == ["jwt_allauth.W010"]
    assert "JWT_ALLAUTH_SOCIAL_CALLBACK_URLS" in messages[0].hint


def test_no_social_app_no_social_checks(settings):
    settings.INSTALLED_APPS = [a for a in settings.INSTALLED_APPS if "socialaccount" not in a]
    settings.JWT_ALLAUTH_SOCIAL_CALLBACK_URLS = None
    settings.JWT_ALLAUTH_SOCIAL_REQUIRE_PKCE = "no"
    assert social.check_social_settings() == []


def test_e029_social_app_without_the_social_extra(monkeypatch):
    from jwt_allauth.internal import compat

    monkeypatch.setattr(compat, "pyjwt", None)
    messages = social.check_social_extra()
    assert ids(messages) == ["jwt_allauth.E029"]
    assert "jwt-allauth[social]" in messages[0].hint


def test_e029_silent_with_the_extra():
    assert social.check_social_extra() == []
