"""Checks of token lifetimes, refresh-cookie flags and paths, claims and throttle rates."""

from __future__ import annotations

from datetime import timedelta

import pytest

from jwt_allauth import checks
from tests.helpers import ids


@pytest.mark.parametrize("name", ["JWT_ACCESS_TOKEN_LIFETIME", "JWT_REFRESH_TOKEN_LIFETIME"])
@pytest.mark.parametrize("value", [1800, "30m", None, timedelta(0), timedelta(minutes=-1)])
def test_e001_lifetime_must_be_a_positive_timedelta(settings, name, value):
    setattr(settings, name, value)

    assert ids(checks.check_token_lifetimes()) == ["jwt_allauth.E001"]


def test_e001_reports_each_bad_lifetime(settings):
    settings.JWT_ACCESS_TOKEN_LIFETIME = 0
    settings.JWT_REFRESH_TOKEN_LIFETIME = "forever"

    assert ids(checks.check_token_lifetimes()) == ["jwt_allauth.E001", "jwt_allauth.E001"]


def test_w001_access_longer_than_refresh(settings):
    settings.JWT_ACCESS_TOKEN_LIFETIME = timedelta(days=2)
    settings.JWT_REFRESH_TOKEN_LIFETIME = timedelta(days=1)

    assert ids(checks.check_token_lifetimes()) == ["jwt_allauth.W001"]


@pytest.mark.parametrize(
    ("access", "refresh"),
    [
        (timedelta(minutes=5), timedelta(days=1)),
        (timedelta(days=1), timedelta(days=1)),
        (timedelta(seconds=1), timedelta(seconds=2)),
    ],
)
def test_lifetimes_silent_when_sane(settings, access, refresh):
    settings.JWT_ACCESS_TOKEN_LIFETIME = access
    settings.JWT_REFRESH_TOKEN_LIFETIME = refresh

    assert checks.check_token_lifetimes() == []


@pytest.mark.parametrize("samesite", ["lax", "strict", "none", "Sometimes", 1])
def test_e002_unknown_samesite(settings, samesite):
    settings.JWT_AUTH_SAMESITE = samesite

    assert ids(checks.check_refresh_cookie()) == ["jwt_allauth.E002"]


@pytest.mark.parametrize("samesite", ["Lax", "Strict", "None", None, False])
def test_known_samesite_values_are_silent(settings, samesite):
    settings.JWT_AUTH_SAMESITE = samesite
    settings.JWT_AUTH_SECURE = True

    assert checks.check_refresh_cookie() == []


def test_e003_samesite_none_without_secure(settings):
    settings.JWT_AUTH_SAMESITE = "None"
    settings.JWT_AUTH_SECURE = False

    assert ids(checks.check_refresh_cookie()) == ["jwt_allauth.E003"]


def test_e003_follows_the_debug_default_of_secure(settings):
    settings.JWT_AUTH_SAMESITE = "None"
    settings.DEBUG = True

    assert ids(checks.check_refresh_cookie()) == ["jwt_allauth.E003"]
    settings.DEBUG = False
    assert checks.check_refresh_cookie() == []


def test_w002_cookie_readable_by_scripts(settings):
    settings.JWT_AUTH_HTTPONLY = False

    assert ids(checks.check_refresh_cookie()) == ["jwt_allauth.W002"]


def test_e003_and_w002_together(settings):
    settings.JWT_AUTH_SAMESITE = "None"
    settings.JWT_AUTH_SECURE = False
    settings.JWT_AUTH_HTTPONLY = False

    assert ids(checks.check_refresh_cookie()) == ["jwt_allauth.E003", "jwt_allauth.W002"]


def test_cookie_checks_are_silent_when_the_refresh_token_travels_in_the_body(settings):
    settings.JWT_ALLAUTH_REFRESH_TOKEN_AS_COOKIE = False
    settings.JWT_AUTH_SAMESITE = "bogus"
    settings.JWT_AUTH_HTTPONLY = False

    assert checks.check_refresh_cookie() == []


@pytest.mark.parametrize(
    "attributes",
    [
        ["organization.id"],
        "organization.id",
        {"organization_id": ""},
        {"organization_id": None},
        {"organization_id": 5},
        {5: "organization.id"},
    ],
)
def test_e004_attributes_must_map_names_to_paths(settings, attributes):
    settings.JWT_ALLAUTH_USER_ATTRIBUTES = attributes

    assert ids(checks.check_user_attributes()) == ["jwt_allauth.E004"]


@pytest.mark.parametrize(
    "claim", ["role", "user_id", "sid", "exp", "jti", "token_type", "iat", "auth_time"]
)
def test_e005_reserved_claim_names(settings, claim):
    settings.JWT_ALLAUTH_USER_ATTRIBUTES = {"organization_id": "organization.id", claim: "x"}

    messages = checks.check_user_attributes()

    assert ids(messages) == ["jwt_allauth.E005"]
    assert claim in messages[0].msg


@pytest.mark.parametrize(
    "attributes", [None, {}, {"organization_id": "organization.id", "area": "area.id"}]
)
def test_user_attributes_silent_when_valid(settings, attributes):
    settings.JWT_ALLAUTH_USER_ATTRIBUTES = attributes

    assert checks.check_user_attributes() == []


@pytest.mark.parametrize(
    "rate", ["ten/min", "10", "10/fortnight", "10/min/x", 10, "/min", "-1/min"]
)
def test_e007_bad_rate(settings, rate):
    settings.JWT_ALLAUTH_THROTTLE_RATES = {"login": rate}

    assert ids(checks.check_throttle_rates()) == ["jwt_allauth.E007"]


@pytest.mark.parametrize("rate", ["10/min", "5/s", "100/hour", "1000/day", "3/m", None])
def test_good_rates_are_silent(settings, rate):
    settings.JWT_ALLAUTH_THROTTLE_RATES = {"login": rate, "login_failures": rate}

    assert checks.check_throttle_rates() == []


@pytest.mark.parametrize("rates", ["10/min", ["10/min"], 10])
def test_e007_rates_must_be_a_dict(settings, rates):
    settings.JWT_ALLAUTH_THROTTLE_RATES = rates

    assert ids(checks.check_throttle_rates()) == ["jwt_allauth.E007"]


def test_e007_names_each_bad_scope(settings):
    settings.JWT_ALLAUTH_THROTTLE_RATES = {"login": "x", "login_failures": "y"}

    messages = checks.check_throttle_rates()

    assert ids(messages) == ["jwt_allauth.E007", "jwt_allauth.E007"]
    assert "'login'" in messages[0].msg
    assert "'login_failures'" in messages[1].msg


def test_e007_names_a_configured_scope_as_written(settings):
    settings.JWT_ALLAUTH_THROTTLE_RATES = {"login": "x"}

    assert checks.check_throttle_rates()[0].msg.startswith(
        "JWT_ALLAUTH_THROTTLE_RATES['login'] = 'x'"
    )


@pytest.mark.parametrize(
    ("rates", "named"),
    [
        ({"login_failure": "5/min"}, "'login_failure'"),
        ({"Login": "5/min", "login": "5/min"}, "'Login'"),
        ({5: "5/min"}, "5"),
    ],
)
def test_w023_unknown_throttle_scope(settings, rates, named):
    settings.JWT_ALLAUTH_THROTTLE_RATES = rates

    messages = checks.check_throttle_rates()

    assert ids(messages) == ["jwt_allauth.W023"]
    assert messages[0].msg.endswith(f"ignored: {named}.")


def test_every_throttle_scope_has_a_default_rate():
    from jwt_allauth.app_settings import DEFAULT_THROTTLE_RATES, app_settings
    from jwt_allauth.constants import ThrottleScope

    assert sorted(DEFAULT_THROTTLE_RATES) == sorted(ThrottleScope)
    assert sorted(app_settings.THROTTLE_RATES) == sorted(ThrottleScope.values)


@pytest.mark.parametrize("path", ["auth/", "auth", 5, ["/auth/"]])
def test_e014_cookie_path_must_start_with_a_slash(settings, path):
    settings.JWT_AUTH_REFRESH_COOKIE_PATH = path

    assert ids(checks.check_refresh_cookie_path()) == ["jwt_allauth.E014"]


@pytest.mark.parametrize("path", ["/api/", "/aut", "/auth/login/", "/auth/refresh/x"])
def test_w005_cookie_path_not_covering_refresh(settings, path):
    settings.JWT_AUTH_REFRESH_COOKIE_PATH = path

    messages = checks.check_refresh_cookie_path()

    assert ids(messages) == ["jwt_allauth.W005"]
    assert "/auth/refresh/" in messages[0].msg


@pytest.mark.parametrize("path", [None, "", "/", "/auth", "/auth/", "/auth/refresh/"])
def test_cookie_paths_covering_refresh_are_silent(settings, path):
    settings.JWT_AUTH_REFRESH_COOKIE_PATH = path

    assert checks.check_refresh_cookie_path() == []


def test_cookie_path_is_not_checked_in_body_mode(settings):
    settings.JWT_ALLAUTH_REFRESH_TOKEN_AS_COOKIE = False
    settings.JWT_AUTH_REFRESH_COOKIE_PATH = "auth"

    assert checks.check_refresh_cookie_path() == []


@pytest.mark.parametrize(
    ("request_path", "cookie_path", "sent"),
    [
        ("/auth/refresh/", "/auth/refresh/", True),
        ("/auth/refresh/", "/auth", True),
        ("/auth/refresh/", "/auth/", True),
        ("/auth/refresh/", "/au", False),
        ("/auth/refresh/", "/auth/refresh/x", False),
        ("/authx/refresh/", "/auth", False),
    ],
)
def test_path_matching_follows_rfc_6265(request_path, cookie_path, sent):
    from jwt_allauth.checks.tokens import path_matches

    assert path_matches(request_path, cookie_path) is sent
