"""System checks: each id fires on its bad setting and stays silent on good ones."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.checks import run_checks

from jwt_allauth import checks

USERNAME_IS_EMAIL = get_user_model().USERNAME_FIELD == "email"


def ids(messages) -> list[str]:
    return [message.id for message in messages]


def test_the_test_settings_pass_every_check():
    assert run_checks(tags=["jwt_allauth"]) == []


def test_checks_are_registered_under_the_jwt_allauth_tag(settings):
    settings.JWT_ACCESS_TOKEN_LIFETIME = 5
    settings.JWT_ALLAUTH_MFA_TOTP_MODE = "sometimes"

    assert sorted(ids(run_checks(tags=["jwt_allauth"]))) == ["jwt_allauth.E001", "jwt_allauth.E006"]


def test_lifetime_checks_are_also_security_checks(settings):
    settings.JWT_AUTH_HTTPONLY = False

    assert "jwt_allauth.W002" in ids(run_checks(tags=["security"]))


# E001 / W001: token lifetimes


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


# E002 / E003 / W002: the refresh cookie


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


# E004 / E005: user attributes


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


@pytest.mark.parametrize("claim", ["role", "user_id", "sid", "exp", "jti", "token_type", "iat"])
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


# E006: MFA mode


@pytest.mark.parametrize("mode", ["Disabled", "on", "", None, True])
def test_e006_unknown_mfa_mode(settings, mode):
    settings.JWT_ALLAUTH_MFA_TOTP_MODE = mode

    assert ids(checks.check_mfa_mode()) == ["jwt_allauth.E006"]


@pytest.mark.parametrize("mode", ["disabled", "optional", "required"])
def test_known_mfa_modes_are_silent(settings, mode):
    settings.JWT_ALLAUTH_MFA_TOTP_MODE = mode

    assert checks.check_mfa_mode() == []


# E007: throttle rates


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


# E008: dependencies


@pytest.mark.parametrize("missing", ["allauth", "allauth.account", "rest_framework"])
def test_e008_missing_dependency(monkeypatch, missing):
    installed = checks.apps.is_installed
    monkeypatch.setattr(
        checks.apps, "is_installed", lambda name: name != missing and installed(name)
    )

    messages = checks.check_dependencies()

    assert ids(messages) == ["jwt_allauth.E008"]
    assert missing in messages[0].msg


def test_dependencies_silent_when_installed():
    assert checks.check_dependencies() == []


# E009: logging in by e-mail


@pytest.mark.skipif(USERNAME_IS_EMAIL, reason="a USERNAME_FIELD of 'email' needs no backend")
def test_e009_no_backend_logs_in_by_email(settings):
    settings.AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]

    assert ids(checks.check_email_login()) == ["jwt_allauth.E009"]


@pytest.mark.skipif(USERNAME_IS_EMAIL, reason="a USERNAME_FIELD of 'email' needs no backend")
def test_e009_allauth_backend_without_the_email_login_method(settings):
    settings.ACCOUNT_LOGIN_METHODS = {"username"}

    assert ids(checks.check_email_login()) == ["jwt_allauth.E009"]


@pytest.mark.skipif(not USERNAME_IS_EMAIL, reason="needs the custom e-mail user model")
def test_e009_silent_for_an_email_username_field(settings):
    settings.AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]

    assert checks.check_email_login() == []


def test_e009_silent_with_the_allauth_backend_and_email_login(settings):
    assert checks.check_email_login() == []
