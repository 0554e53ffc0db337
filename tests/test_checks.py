"""System checks: each id fires on its bad setting and stays silent on good ones."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.checks import run_checks

from jwt_allauth import checks
from jwt_allauth.authentication import JWTAuthentication

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
    installed = apps.is_installed
    monkeypatch.setattr(apps, "is_installed", lambda name: name != missing and installed(name))

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


# E014 / W005: the refresh cookie's path


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


# W008: DRF's default authentication classes


@pytest.mark.parametrize(
    "classes",
    [
        [],
        ["rest_framework.authentication.SessionAuthentication"],
        ["rest_framework.authentication.BasicAuthentication"],
    ],
)
def test_w008_no_jwt_authentication_class(settings, classes):
    settings.REST_FRAMEWORK = {"DEFAULT_AUTHENTICATION_CLASSES": classes}

    assert ids(checks.check_authentication_classes()) == ["jwt_allauth.W008"]


def test_w008_drf_defaults_lack_jwt(settings):
    settings.REST_FRAMEWORK = {}

    assert ids(checks.check_authentication_classes()) == ["jwt_allauth.W008"]


class SubclassedJWTAuthentication(JWTAuthentication):
    """A project's own subclass counts as JWT authentication."""


@pytest.mark.parametrize(
    "jwt_class",
    [
        "jwt_allauth.authentication.JWTAuthentication",
        "tests.test_checks.SubclassedJWTAuthentication",
        "rest_framework_simplejwt.authentication.JWTAuthentication",
    ],
)
def test_any_jwt_authentication_class_is_enough(settings, jwt_class):
    settings.REST_FRAMEWORK = {
        "DEFAULT_AUTHENTICATION_CLASSES": [
            "rest_framework.authentication.SessionAuthentication",
            jwt_class,
        ]
    }

    assert checks.check_authentication_classes() == []


def test_e022_authentication_class_that_does_not_import(settings):
    settings.REST_FRAMEWORK = {"DEFAULT_AUTHENTICATION_CLASSES": ["nowhere.Auth"]}

    messages = checks.check_authentication_classes()

    assert ids(messages) == ["jwt_allauth.E022"]
    assert "DEFAULT_AUTHENTICATION_CLASSES" in messages[0].msg


# E022: dotted paths of serializers and permissions

DOTTED_SETTINGS = [
    ("JWT_ALLAUTH_LOGIN_SERIALIZER", "LOGIN_SERIALIZER"),
    ("JWT_ALLAUTH_USER_DETAILS_SERIALIZER", "USER_DETAILS_SERIALIZER"),
    ("JWT_ALLAUTH_REGISTER_SERIALIZER", "REGISTER_SERIALIZER"),
    ("JWT_ALLAUTH_PASSWORD_RESET_SERIALIZER", "PASSWORD_RESET_SERIALIZER"),
    ("JWT_ALLAUTH_PASSWORD_RESET_CONFIRM_SERIALIZER", "PASSWORD_RESET_CONFIRM_SERIALIZER"),
    ("JWT_ALLAUTH_PASSWORD_CHANGE_SERIALIZER", "PASSWORD_CHANGE_SERIALIZER"),
]
MISSING_PATHS = [
    "tests.testapp.serializers.NoSuchSerializer",
    "tests.no_such_module.Serializer",
    "NoDots",
    5,
]


@pytest.mark.parametrize(("name", "alias"), DOTTED_SETTINGS)
@pytest.mark.parametrize("path", MISSING_PATHS)
def test_e022_serializer_path_does_not_import(settings, name, alias, path):
    setattr(settings, name, path)

    messages = checks.check_dotted_paths()

    assert ids(messages) == ["jwt_allauth.E022"]
    assert messages[0].msg.startswith(name)


@pytest.mark.parametrize(("name", "alias"), DOTTED_SETTINGS)
def test_e022_follows_the_dj_rest_auth_names(settings, name, alias):
    settings.REST_AUTH = {alias: "tests.testapp.serializers.NoSuchSerializer"}

    assert ids(checks.check_dotted_paths()) == ["jwt_allauth.E022"]


@pytest.mark.parametrize(
    "classes",
    [
        "rest_framework.permissions.AllowAny",  # a string, not a list of them
        ["rest_framework.permissions.AllowAny", "rest_framework.permissions.Nope"],
        [None],
    ],
)
def test_e022_permission_classes(settings, classes):
    settings.JWT_ALLAUTH_REGISTER_PERMISSION_CLASSES = classes

    assert ids(checks.check_dotted_paths()) == ["jwt_allauth.E022"]


def test_e022_names_the_failing_permission_entry(settings):
    settings.REGISTER_PERMISSION_CLASSES = ["rest_framework.permissions.AllowAny", "x.Nope"]

    messages = checks.check_dotted_paths()

    assert ids(messages) == ["jwt_allauth.E022"]
    assert messages[0].msg.startswith("JWT_ALLAUTH_REGISTER_PERMISSION_CLASSES[1]")


def test_importable_paths_are_silent(settings):
    settings.JWT_ALLAUTH_USER_DETAILS_SERIALIZER = (
        "tests.testapp.serializers.FirstNameOnlySerializer"
    )
    settings.REST_AUTH = {
        "REGISTER_SERIALIZER": "tests.registration.custom.NicknameRegisterSerializer"
    }
    settings.JWT_ALLAUTH_REGISTER_PERMISSION_CLASSES = (
        "rest_framework.permissions.AllowAny",
        "rest_framework.permissions.IsAuthenticated",
    )

    assert checks.check_dotted_paths() == []


# The documentation lists every id


def test_every_check_id_is_documented():
    import re
    from pathlib import Path

    import jwt_allauth

    sources = Path(jwt_allauth.__file__).parent.joinpath("checks").glob("*.py")
    raised = {
        m for p in sources for m in re.findall(r'id="(jwt_allauth\.[EW]\d{3})"', p.read_text())
    }
    docs = Path(__file__).parents[1] / "docs" / "configuration.rst"
    documented = set(re.findall(r"``(jwt_allauth\.[EW]\d{3})``", docs.read_text()))

    assert raised == documented
    assert len(raised) == 47


def test_the_test_settings_pass_every_check_of_every_app():
    assert run_checks(include_deployment_checks=False) == []
