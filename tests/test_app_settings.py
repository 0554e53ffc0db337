"""AppSettings: the documented defaults, and every value read when it is asked for."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured

from jwt_allauth.app_settings import AppSettings, CookieOptions, app_settings
from jwt_allauth.constants import EmailVerification, MFAMode, SameSite
from jwt_allauth.roles import STAFF_CODE, SUPER_USER_CODE

PROPERTIES = sorted(
    name for name, value in vars(AppSettings).items() if isinstance(value, property)
)

# Defaults as the settings reference (seed 000) and dj-rest-auth document them.
DOCUMENTED_DEFAULTS = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=30),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=90),
    "COLLECT_USER_AGENT": False,
    "USER_ATTRIBUTES": {},
    "CHECK_SESSION_ON_REQUEST": False,
    "RETURN_EXPIRATION": False,
    "REFRESH_TOKEN_AS_COOKIE": True,
    "REFRESH_COOKIE_NAME": "refresh_token",
    "REFRESH_COOKIE_PATH": None,
    "REFRESH_COOKIE_SECURE": True,  # not DEBUG; the test settings have DEBUG = False
    "REFRESH_COOKIE_HTTPONLY": True,
    "REFRESH_COOKIE_SAMESITE": "Lax",
    "REFRESH_COOKIE_DOMAIN": None,
    "EMAIL_VERIFICATION": False,
    "OLD_PASSWORD_FIELD_ENABLED": True,
    "LOGOUT_ON_PASSWORD_CHANGE": True,
    "ADMIN_MANAGED_REGISTRATION": False,
    "REGISTRATION_ALLOWED_ROLES": [STAFF_CODE, SUPER_USER_CODE],
    "EMAIL_VERIFIED_REDIRECT": None,
    "PASSWORD_RESET_REDIRECT": None,
    "PASSWORD_SET_REDIRECT": None,
    "TEMPLATES": {},
    "MFA_TOTP_MODE": "disabled",
    "TOTP_ISSUER": "JWT-Allauth",
    "LOGIN_SERIALIZER": "jwt_allauth.login.serializers.LoginSerializer",
    "USER_DETAILS_SERIALIZER": "jwt_allauth.users.serializers.UserDetailsSerializer",
}
PASSWORD_COOKIE_DEFAULTS = {
    "PASSWORD_RESET_COOKIE_HTTP_ONLY": True,
    "PASSWORD_RESET_COOKIE_SECURE": True,
    "PASSWORD_RESET_COOKIE_SAME_SITE": "Lax",
    "PASSWORD_RESET_COOKIE_MAX_AGE": 3600,
    "PASSWORD_SET_COOKIE_HTTP_ONLY": True,
    "PASSWORD_SET_COOKIE_SECURE": True,
    "PASSWORD_SET_COOKIE_SAME_SITE": "Lax",
    "PASSWORD_SET_COOKIE_MAX_AGE": 86400,
}


def test_the_test_settings_set_none_of_the_documented_settings(settings):
    for name in ("JWT_ACCESS_TOKEN_LIFETIME", "JWT_ALLAUTH_REFRESH_TOKEN_AS_COOKIE", "REST_AUTH"):
        assert not hasattr(settings, name)


@pytest.mark.parametrize(("name", "default"), sorted(DOCUMENTED_DEFAULTS.items()))
def test_documented_default(name, default):
    assert getattr(app_settings, name) == default


@pytest.mark.parametrize(("name", "default"), sorted(PASSWORD_COOKIE_DEFAULTS.items()))
def test_documented_password_cookie_default(name, default):
    if name not in PROPERTIES:
        pytest.skip(f"{name} is not implemented yet")
    assert getattr(app_settings, name) == default


def test_default_throttle_rates():
    rates = app_settings.THROTTLE_RATES

    assert rates["login"] == "30/min"
    assert rates["login_failures"] == "10/15m"


@pytest.mark.parametrize("name", PROPERTIES)
def test_every_property_reads_without_error_under_defaults(name):
    getattr(app_settings, name)


@pytest.mark.parametrize(
    ("name", "setting", "value", "expected"),
    [
        ("ACCESS_TOKEN_LIFETIME", "JWT_ACCESS_TOKEN_LIFETIME", timedelta(minutes=5), None),
        ("REFRESH_TOKEN_LIFETIME", "JWT_REFRESH_TOKEN_LIFETIME", timedelta(days=1), None),
        ("COLLECT_USER_AGENT", "JWT_ALLAUTH_COLLECT_USER_AGENT", True, None),
        ("USER_ATTRIBUTES", "JWT_ALLAUTH_USER_ATTRIBUTES", {"org": "organization.id"}, None),
        ("CHECK_SESSION_ON_REQUEST", "JWT_ALLAUTH_CHECK_SESSION_ON_REQUEST", True, None),
        ("RETURN_EXPIRATION", "JWT_AUTH_RETURN_EXPIRATION", True, None),
        ("REFRESH_TOKEN_AS_COOKIE", "JWT_ALLAUTH_REFRESH_TOKEN_AS_COOKIE", False, None),
        ("REFRESH_COOKIE_NAME", "JWT_AUTH_REFRESH_COOKIE", "rt", None),
        ("REFRESH_COOKIE_PATH", "JWT_AUTH_REFRESH_COOKIE_PATH", "/api/", None),
        ("REFRESH_COOKIE_SECURE", "JWT_AUTH_SECURE", False, None),
        ("REFRESH_COOKIE_HTTPONLY", "JWT_AUTH_HTTPONLY", False, None),
        ("REFRESH_COOKIE_SAMESITE", "JWT_AUTH_SAMESITE", "Strict", None),
        ("REFRESH_COOKIE_DOMAIN", "JWT_AUTH_COOKIE_DOMAIN", ".example.com", None),
        ("EMAIL_VERIFICATION", "EMAIL_VERIFICATION", True, None),
        ("OLD_PASSWORD_FIELD_ENABLED", "OLD_PASSWORD_FIELD_ENABLED", False, None),
        ("LOGOUT_ON_PASSWORD_CHANGE", "LOGOUT_ON_PASSWORD_CHANGE", False, None),
        ("ADMIN_MANAGED_REGISTRATION", "JWT_ALLAUTH_ADMIN_MANAGED_REGISTRATION", True, None),
        ("REGISTRATION_ALLOWED_ROLES", "JWT_ALLAUTH_REGISTRATION_ALLOWED_ROLES", (900,), [900]),
        ("EMAIL_VERIFIED_REDIRECT", "EMAIL_VERIFIED_REDIRECT", "/verified/", None),
        ("PASSWORD_RESET_REDIRECT", "PASSWORD_RESET_REDIRECT", "/reset/", None),
        ("PASSWORD_SET_REDIRECT", "PASSWORD_SET_REDIRECT", "/set/", None),
        ("TEMPLATES", "JWT_ALLAUTH_TEMPLATES", {"PASS_RESET_EMAIL": "x.html"}, None),
        ("MFA_TOTP_MODE", "JWT_ALLAUTH_MFA_TOTP_MODE", "required", None),
        ("TOTP_ISSUER", "JWT_ALLAUTH_TOTP_ISSUER", "", None),
        ("LOGIN_SERIALIZER", "JWT_ALLAUTH_LOGIN_SERIALIZER", "a.B", None),
        ("LOGIN_SERIALIZER", "LOGIN_SERIALIZER", "a.B", None),
        ("USER_DETAILS_SERIALIZER", "JWT_ALLAUTH_USER_DETAILS_SERIALIZER", "a.B", None),
        ("USER_DETAILS_SERIALIZER", "USER_DETAILS_SERIALIZER", "a.B", None),
    ],
)
def test_follows_the_setting_at_call_time(settings, name, setting, value, expected):
    before = getattr(app_settings, name)
    setattr(settings, setting, value)

    after = getattr(app_settings, name)

    assert after == (value if expected is None else expected)
    assert after != before


@pytest.mark.parametrize(
    ("name", "setting", "expected"),
    [
        ("USER_ATTRIBUTES", "JWT_ALLAUTH_USER_ATTRIBUTES", {}),
        ("TEMPLATES", "JWT_ALLAUTH_TEMPLATES", {}),
        ("REFRESH_COOKIE_NAME", "JWT_AUTH_REFRESH_COOKIE", "refresh_token"),
    ],
)
def test_none_means_the_default(settings, name, setting, expected):
    setattr(settings, setting, None)

    assert getattr(app_settings, name) == expected


def test_cookie_secure_defaults_to_not_debug_at_call_time(settings):
    settings.DEBUG = True
    assert app_settings.REFRESH_COOKIE_SECURE is False
    assert app_settings.DEBUG is True

    settings.DEBUG = False
    assert app_settings.REFRESH_COOKIE_SECURE is True


def test_an_explicit_secure_setting_beats_debug(settings):
    settings.DEBUG = True
    settings.JWT_AUTH_SECURE = True

    assert app_settings.REFRESH_COOKIE_SECURE is True


def test_throttle_rates_merge_over_the_defaults(settings):
    settings.JWT_ALLAUTH_THROTTLE_RATES = {"login": None}

    rates = app_settings.THROTTLE_RATES

    assert rates["login"] is None
    assert rates["login_failures"] == "10/15m"


def test_throttle_rates_that_are_not_a_dict_leave_the_defaults(settings):
    """A wrong type is reported by check E007; reading it must not crash requests."""
    settings.JWT_ALLAUTH_THROTTLE_RATES = "5/min"

    assert app_settings.THROTTLE_RATES["login"] == "30/min"


def test_rest_auth_dict_values_are_read(settings):
    settings.REST_AUTH = {
        "JWT_AUTH_REFRESH_COOKIE": "rt",
        "JWT_AUTH_SAMESITE": "Strict",
        "LOGIN_SERIALIZER": "a.Login",
        "OLD_PASSWORD_FIELD_ENABLED": False,
    }

    assert app_settings.REFRESH_COOKIE_NAME == "rt"
    assert app_settings.REFRESH_COOKIE_SAMESITE == "Strict"
    assert app_settings.LOGIN_SERIALIZER == "a.Login"
    assert app_settings.OLD_PASSWORD_FIELD_ENABLED is False


def test_top_level_beats_rest_auth_and_jwt_allauth_name_beats_the_alias(settings):
    settings.REST_AUTH = {"JWT_AUTH_REFRESH_COOKIE": "from_dict", "LOGIN_SERIALIZER": "dict.L"}
    settings.JWT_AUTH_REFRESH_COOKIE = "top_level"
    settings.LOGIN_SERIALIZER = "alias.L"
    settings.JWT_ALLAUTH_LOGIN_SERIALIZER = "ours.L"

    assert app_settings.REFRESH_COOKIE_NAME == "top_level"
    assert app_settings.LOGIN_SERIALIZER == "ours.L"


@pytest.mark.parametrize("rest_auth", [None, {}])
def test_empty_rest_auth_is_ignored(settings, rest_auth):
    settings.REST_AUTH = rest_auth

    assert app_settings.REFRESH_COOKIE_NAME == "refresh_token"


def test_raw_returns_the_project_value_or_none(settings):
    assert app_settings.raw("JWT_ALLAUTH_NOT_A_SETTING") is None
    settings.JWT_ALLAUTH_USER_ATTRIBUTES = ["bad"]

    assert app_settings.raw("JWT_ALLAUTH_USER_ATTRIBUTES") == ["bad"]


# allauth settings supplied at start-up when the project leaves them unset


def test_supplies_the_allauth_defaults_the_project_left_unset(settings):
    from jwt_allauth.app_settings import ALLAUTH_DEFAULTS

    for name in ALLAUTH_DEFAULTS:
        delattr(settings, name)

    assert app_settings.supply_allauth_defaults() == list(ALLAUTH_DEFAULTS)
    assert settings.ACCOUNT_LOGIN_METHODS == {"email"}
    assert settings.ACCOUNT_SIGNUP_FIELDS == ["email*", "password1*", "password2*"]
    assert settings.MFA_ADAPTER == "jwt_allauth.mfa.adapter.MFAAdapter"


def test_never_overwrites_a_value_the_project_set(settings):
    settings.ACCOUNT_LOGIN_METHODS = {"username"}
    settings.MFA_ADAPTER = "allauth.mfa.adapter.DefaultMFAAdapter"
    del settings.ACCOUNT_SIGNUP_FIELDS
    settings.ACCOUNT_EMAIL_REQUIRED = True  # allauth's older spelling: allauth derives it

    assert app_settings.supply_allauth_defaults() == []
    assert settings.ACCOUNT_LOGIN_METHODS == {"username"}
    assert settings.MFA_ADAPTER == "allauth.mfa.adapter.DefaultMFAAdapter"
    assert not hasattr(settings, "ACCOUNT_SIGNUP_FIELDS")


# Closed sets: normalised once here, unknown values reported by a check


@pytest.mark.parametrize(
    ("mode", "enabled", "required"),
    [
        ("disabled", False, False),
        ("optional", True, False),
        ("required", True, True),
        ("Optional", True, True),  # unknown (check E006): MFA fails closed
        (None, True, True),
    ],
)
def test_mfa_mode_properties(settings, mode, enabled, required):
    settings.JWT_ALLAUTH_MFA_TOTP_MODE = mode

    assert (app_settings.MFA_ENABLED, app_settings.MFA_REQUIRED) == (enabled, required)
    assert isinstance(app_settings.MFA_TOTP_MODE, MFAMode)


@pytest.mark.parametrize(
    ("value", "mode", "enabled", "required"),
    [
        (False, EmailVerification.NONE, False, False),
        ("none", EmailVerification.NONE, False, False),
        ("optional", EmailVerification.OPTIONAL, True, False),
        ("mandatory", EmailVerification.MANDATORY, True, True),
        (True, EmailVerification.MANDATORY, True, True),
        ("sometimes", EmailVerification.NONE, False, False),  # check E010
    ],
)
def test_email_verification_properties(settings, value, mode, enabled, required):
    settings.EMAIL_VERIFICATION = value

    assert app_settings.EMAIL_VERIFICATION_MODE is mode
    assert app_settings.EMAIL_VERIFICATION_ENABLED is enabled
    assert app_settings.EMAIL_VERIFICATION_REQUIRED is required


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Lax", SameSite.LAX),
        ("Strict", SameSite.STRICT),
        ("None", SameSite.NONE),
        ("strict", SameSite.STRICT),  # browsers ignore the case (check E002 asks for "Strict")
        (None, None),
        (False, None),
    ],
)
def test_samesite_settings_are_read_as_the_enum(settings, value, expected):
    settings.JWT_AUTH_SAMESITE = value
    settings.REST_AUTH = {"PASSWORD_SET_COOKIE_SAME_SITE": value}

    assert app_settings.REFRESH_COOKIE_SAMESITE is expected
    assert app_settings.PASSWORD_SET_COOKIE_SAME_SITE is expected


@pytest.mark.parametrize("value", ["Sometimes", 1, ""])
def test_an_unknown_samesite_value_is_refused_by_name(settings, value):
    settings.PASSWORD_RESET_COOKIE_SAME_SITE = value

    with pytest.raises(ImproperlyConfigured, match="^PASSWORD_RESET_COOKIE_SAME_SITE must be"):
        app_settings.PASSWORD_RESET_COOKIE_SAME_SITE


def test_grant_cookie_options_follow_each_setting(settings):
    from jwt_allauth.internal import settings_table as table

    settings.DEBUG = True
    settings.REST_AUTH = {"PASSWORD_SET_COOKIE_MAX_AGE": 60}
    settings.PASSWORD_SET_COOKIE_HTTP_ONLY = False
    settings.PASSWORD_SET_COOKIE_SAME_SITE = "Strict"

    options = app_settings.grant_cookie(table.PASSWORD_SET_COOKIE)

    assert options == CookieOptions(
        http_only=False, secure=False, same_site=SameSite.STRICT, max_age=60
    )
    assert app_settings.grant_cookie(table.PASSWORD_RESET_COOKIE) == CookieOptions(
        http_only=True, secure=False, same_site=SameSite.LAX, max_age=3600
    )
