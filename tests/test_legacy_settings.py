"""jwt-allauth 1.x's settings: each read with its 1.x meaning, or named by a check."""

from __future__ import annotations

from datetime import timedelta

import jwt
import pytest
from django.core import mail
from django.urls import reverse
from rest_framework.test import APIClient

from jwt_allauth import checks
from jwt_allauth.app_settings import app_settings
from jwt_allauth.sessions.models import UserSession
from tests.helpers import PASSWORD, ids

LOGIN_URL = "/auth/login/"


def log_in(user, **extra):
    body = {"email": user.email, "password": PASSWORD}
    response = APIClient().post(LOGIN_URL, body, format="json", **extra)
    assert response.status_code == 200, response.data
    return response


def claims(token: str) -> dict:
    return jwt.decode(token, options={"verify_signature": False})


# Read under their 1.x names


@pytest.mark.parametrize(
    ("name", "setting", "value", "expected"),
    [
        ("ACCESS_TOKEN_LIFETIME", "JWT_ALLAUTH_ACCESS_TOKEN_LIFETIME", timedelta(minutes=5), None),
        ("REFRESH_TOKEN_LIFETIME", "JWT_ALLAUTH_REFRESH_TOKEN_LIFETIME", timedelta(days=7), None),
        ("CHECK_SESSION_ON_REQUEST", "JWT_ALLAUTH_ACCESS_TOKEN_SESSION_CHECK", True, None),
        ("REFRESH_COOKIE_PATH", "JWT_ALLAUTH_REFRESH_TOKEN_COOKIE_PATH", "/api/", None),
        ("REFRESH_COOKIE_SECURE", "JWT_ALLAUTH_REFRESH_TOKEN_COOKIE_SECURE", False, None),
        ("REFRESH_COOKIE_HTTPONLY", "JWT_ALLAUTH_REFRESH_TOKEN_COOKIE_HTTP_ONLY", False, None),
        ("REFRESH_COOKIE_SAMESITE", "JWT_ALLAUTH_REFRESH_TOKEN_COOKIE_SAME_SITE", "Strict", None),
        ("MFA_CHALLENGE_ATTEMPTS", "JWT_ALLAUTH_MFA_CHALLENGE_MAX_ATTEMPTS", 3, None),
        ("INVITATIONS", "JWT_ALLAUTH_INVITATIONS", True, None),
        ("CLIENT_IP_RESOLVER", "JWT_ALLAUTH_CLIENT_IP_RESOLVER", "a.b", None),
        (
            "REGISTER_PERMISSION_CLASSES",
            "JWT_ALLAUTH_REGISTER_PERMISSION_CLASSES",
            ["rest_framework.permissions.IsAdminUser"],
            ("rest_framework.permissions.IsAdminUser",),
        ),
    ],
)
def test_1x_name_is_read(settings, name, setting, value, expected):
    before = getattr(app_settings, name)
    setattr(settings, setting, value)

    after = getattr(app_settings, name)

    assert after == (value if expected is None else expected)
    assert after != before


def test_1x_lifetime_names_win_over_the_seed_names_as_in_1x(settings):
    settings.JWT_ACCESS_TOKEN_LIFETIME = timedelta(minutes=10)
    settings.JWT_ALLAUTH_ACCESS_TOKEN_LIFETIME = timedelta(minutes=5)
    settings.JWT_REFRESH_TOKEN_LIFETIME = timedelta(days=10)
    settings.JWT_ALLAUTH_REFRESH_TOKEN_LIFETIME = timedelta(days=5)

    assert app_settings.ACCESS_TOKEN_LIFETIME == timedelta(minutes=5)
    assert app_settings.REFRESH_TOKEN_LIFETIME == timedelta(days=5)


def test_refresh_lifetime_default_is_the_documented_90_days(settings):
    for name in ("JWT_REFRESH_TOKEN_LIFETIME", "JWT_ALLAUTH_REFRESH_TOKEN_LIFETIME"):
        if hasattr(settings, name):
            delattr(settings, name)

    assert app_settings.REFRESH_TOKEN_LIFETIME == timedelta(days=90)


def test_1x_serializers_dict(settings):
    settings.JWT_ALLAUTH_SERIALIZERS = {
        "LOGIN_SERIALIZER": "a.Login",
        "USER_DETAILS_SERIALIZER": "a.Details",
        "REGISTER_SERIALIZER": "a.Register",
        "PASSWORD_RESET_SERIALIZER": "a.Reset",
        "PASSWORD_CHANGE_SERIALIZER": "a.Change",
    }

    assert (
        app_settings.LOGIN_SERIALIZER,
        app_settings.USER_DETAILS_SERIALIZER,
        app_settings.REGISTER_SERIALIZER,
        app_settings.PASSWORD_RESET_SERIALIZER,
        app_settings.PASSWORD_CHANGE_SERIALIZER,
    ) == ("a.Login", "a.Details", "a.Register", "a.Reset", "a.Change")
    settings.JWT_ALLAUTH_LOGIN_SERIALIZER = "b.Login"  # our own name wins
    assert app_settings.LOGIN_SERIALIZER == "b.Login"


def test_1x_serializers_dict_is_imported_by_the_check(settings):
    settings.JWT_ALLAUTH_SERIALIZERS = {"LOGIN_SERIALIZER": "no.such.Serializer"}

    messages = checks.check_dotted_paths()

    assert ids(messages) == ["jwt_allauth.E022"]
    assert messages[0].msg.startswith("JWT_ALLAUTH_LOGIN_SERIALIZER")


def test_1x_mfa_lockout_settings_make_the_mfa_failure_rate(settings):
    assert app_settings.THROTTLE_RATES["mfa_failures"] == "10/15m"
    settings.JWT_ALLAUTH_MFA_MAX_ATTEMPTS = 3
    assert app_settings.THROTTLE_RATES["mfa_failures"] == "3/900s"
    settings.JWT_ALLAUTH_MFA_LOCKOUT_SECONDS = 60
    assert app_settings.THROTTLE_RATES["mfa_failures"] == "3/60s"
    settings.JWT_ALLAUTH_THROTTLE_RATES = {"mfa_failures": "4/min"}  # ours wins
    assert app_settings.THROTTLE_RATES["mfa_failures"] == "4/min"


@pytest.mark.parametrize(
    ("declared", "mode"), [("mandatory", "mandatory"), ("optional", "optional"), ("none", "none")]
)
def test_account_email_verification_read_when_email_verification_unset(settings, declared, mode):
    if hasattr(settings, "EMAIL_VERIFICATION"):
        del settings.EMAIL_VERIFICATION
    settings.ACCOUNT_EMAIL_VERIFICATION = declared

    assert app_settings.EMAIL_VERIFICATION_MODE == mode
    settings.EMAIL_VERIFICATION = False  # ours wins
    assert app_settings.EMAIL_VERIFICATION_MODE == "none"


# Their effects


def test_access_token_lifetime_effect(settings, user):
    settings.JWT_ALLAUTH_ACCESS_TOKEN_LIFETIME = timedelta(minutes=7)
    access = claims(log_in(user).data["access"])
    assert access["exp"] - access["iat"] == 7 * 60


def test_refresh_token_lifetime_effect(settings, user):
    settings.JWT_ALLAUTH_REFRESH_TOKEN_LIFETIME = timedelta(days=3)
    log_in(user)
    session = UserSession.objects.get(user=user)
    assert session.expires_at - session.created_at == timedelta(days=3)


def test_session_lifetime_caps_the_session(settings, user):
    settings.JWT_ALLAUTH_SESSION_LIFETIME = timedelta(hours=12)
    refresh = log_in(user).cookies["refresh_token"].value
    session = UserSession.objects.get(user=user)
    assert session.expires_at - session.created_at == timedelta(hours=12)
    token = claims(refresh)
    assert token["exp"] - token["iat"] == 12 * 3600


def test_access_token_session_check_effect(settings, user):
    settings.JWT_ALLAUTH_ACCESS_TOKEN_SESSION_CHECK = True
    access = log_in(user).data["access"]
    client = APIClient(HTTP_AUTHORIZATION=f"Bearer {access}")
    assert client.get("/auth/user/").status_code == 200
    UserSession.objects.filter(user=user).delete()  # revoked elsewhere
    response = client.get("/auth/user/")
    assert response.status_code == 401


def test_refresh_cookie_flags_effect(settings, user):
    settings.JWT_ALLAUTH_REFRESH_TOKEN_COOKIE_SAME_SITE = "Strict"
    settings.JWT_ALLAUTH_REFRESH_TOKEN_COOKIE_HTTP_ONLY = False
    settings.JWT_ALLAUTH_REFRESH_TOKEN_COOKIE_SECURE = False
    settings.JWT_ALLAUTH_REFRESH_TOKEN_COOKIE_PATH = "/auth/refresh/"
    morsel = log_in(user).cookies["refresh_token"]
    assert (morsel["samesite"], morsel["httponly"], morsel["secure"], morsel["path"]) == (
        "Strict",
        "",
        "",
        "/auth/refresh/",
    )


def test_refresh_cookie_max_age_default_follows_the_session(user):
    morsel = log_in(user).cookies["refresh_token"]
    session = UserSession.objects.get(user=user)
    lifetime = (session.expires_at - session.created_at).total_seconds()
    assert abs(int(morsel["max-age"]) - lifetime) <= 2


def test_refresh_cookie_max_age_effect(settings, user):
    settings.JWT_ALLAUTH_REFRESH_TOKEN_COOKIE_MAX_AGE = 3600
    assert log_in(user).cookies["refresh_token"]["max-age"] == 3600


def test_refresh_cookie_max_age_none_makes_a_session_cookie(settings, user):
    settings.JWT_ALLAUTH_REFRESH_TOKEN_COOKIE_MAX_AGE = None
    morsel = log_in(user).cookies["refresh_token"]
    assert morsel.value
    assert (morsel["max-age"], morsel["expires"]) == ("", "")


@pytest.mark.parametrize("value", [0, -5, "3600", True, 1.5])
def test_e016_refresh_cookie_max_age_not_positive(settings, value):
    settings.JWT_ALLAUTH_REFRESH_TOKEN_COOKIE_MAX_AGE = value
    messages = checks.check_legacy_refresh_cookie_max_age()
    assert ids(messages) == ["jwt_allauth.E016"]
    assert "JWT_ALLAUTH_REFRESH_TOKEN_COOKIE_MAX_AGE" in messages[0].msg


@pytest.mark.parametrize("value", [None, 60])
def test_e016_refresh_cookie_max_age_accepted(settings, value):
    settings.JWT_ALLAUTH_REFRESH_TOKEN_COOKIE_MAX_AGE = value
    assert checks.check_legacy_refresh_cookie_max_age() == []


def resolve_ip(request):
    return request.META.get("HTTP_X_REAL_IP")


def test_client_ip_resolver_effect(settings, user):
    settings.JWT_ALLAUTH_COLLECT_USER_AGENT = True
    settings.JWT_ALLAUTH_CLIENT_IP_RESOLVER = "tests.test_legacy_settings.resolve_ip"
    log_in(user, HTTP_X_REAL_IP="203.0.113.9")
    assert UserSession.objects.get(user=user).ip_address == "203.0.113.9"


def test_client_ip_resolver_is_imported_by_the_check(settings):
    settings.JWT_ALLAUTH_CLIENT_IP_RESOLVER = "no.such.resolver"
    assert ids(checks.check_dotted_paths()) == ["jwt_allauth.E022"]


def test_invitations_keep_open_sign_up(settings, db, reload_urls):
    settings.JWT_ALLAUTH_INVITATIONS = True
    assert reverse("rest_register") == "/auth/registration/"
    assert reverse("rest_user_register") == "/auth/registration/user-register/"
    assert reverse("rest_set_password") == "/auth/registration/set-password/"


def test_invitations_effect(settings, user_factory, reload_urls):
    settings.JWT_ALLAUTH_INVITATIONS = True
    staff = user_factory(email="staff@example.com", is_staff=True, role=1000)
    access = log_in(staff).data["access"]
    invite = APIClient(HTTP_AUTHORIZATION=f"Bearer {access}").post(
        "/auth/registration/user-register/", {"email": "new@example.com", "role": 0}, format="json"
    )
    assert invite.status_code == 201, invite.data
    assert mail.outbox[-1].to == ["new@example.com"]
    body = {
        "email": "self@example.com",
        "password1": "a long pass 77x",
        "password2": "a long pass 77x",
    }
    assert APIClient().post("/auth/registration/", body, format="json").status_code == 201


def test_account_email_verification_effect(settings, db, reload_urls):
    if hasattr(settings, "EMAIL_VERIFICATION"):
        del settings.EMAIL_VERIFICATION
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"
    body = {
        "email": "bob@example.com",
        "password1": "a long pass 77x",
        "password2": "a long pass 77x",
    }
    response = APIClient().post("/auth/registration/", body, format="json")
    assert response.status_code == 201
    assert "access" not in response.data
    assert len(mail.outbox) == 1


# Named by a check


@pytest.mark.parametrize(
    ("setting", "value"),
    [
        ("JWT_ALLAUTH_REFRESH_TOKEN", "myapp.tokens.RefreshToken"),
        ("ROTATE_REFRESH_TOKENS", False),
        ("BLACKLIST_AFTER_ROTATION", True),
    ],
)
def test_e030_session_model_settings_refused(settings, setting, value):
    setattr(settings, setting, value)
    messages = checks.check_legacy_session_model()
    assert ids(messages) == ["jwt_allauth.E030"]
    assert setting in messages[0].msg


def test_e030_silent_by_default():
    assert checks.check_legacy_session_model() == []


@pytest.mark.parametrize("name", ["JWT_ALLAUTH_SECRET_KEY", "JWT_SECRET_KEY"])
def test_e031_legacy_signing_key_contradicts_simple_jwt(settings, name):
    setattr(settings, name, "k" * 50)
    settings.SIMPLE_JWT = {"SIGNING_KEY": "other" * 10}
    messages = checks.check_legacy_signing_key()
    assert ids(messages) == ["jwt_allauth.E031"]
    assert messages[0].msg.startswith(name)
    settings.SIMPLE_JWT = {"SIGNING_KEY": "k" * 50}
    assert checks.check_legacy_signing_key() == []
    settings.SIMPLE_JWT = {"ALGORITHM": "HS256"}  # no key: 1.x's is supplied at start-up
    assert checks.check_legacy_signing_key() == []


def test_legacy_signing_key_supplied_only_when_simple_jwt_names_none(settings):
    settings.JWT_SECRET_KEY = "old" * 20
    settings.JWT_ALLAUTH_SECRET_KEY = "new" * 20
    settings.SIMPLE_JWT = {"ALGORITHM": "HS256"}
    from rest_framework_simplejwt.settings import api_settings

    before = api_settings.user_settings
    try:
        assert app_settings.supply_legacy_signing_key() is True
        assert api_settings.SIGNING_KEY == "new" * 20
        assert settings.SIMPLE_JWT == {"ALGORITHM": "HS256", "SIGNING_KEY": "new" * 20}
        assert app_settings.supply_legacy_signing_key() is False  # now it names one
    finally:
        api_settings.reload()
        api_settings._user_settings = before


@pytest.mark.parametrize("value", [30, timedelta(0), "1 day"])
def test_e032_session_lifetime_not_a_timedelta(settings, value):
    settings.JWT_ALLAUTH_SESSION_LIFETIME = value
    assert ids(checks.check_legacy_session_lifetime()) == ["jwt_allauth.E032"]


def test_w020_session_lifetime_longer_than_the_refresh_lifetime(settings):
    settings.JWT_REFRESH_TOKEN_LIFETIME = timedelta(days=30)
    settings.JWT_ALLAUTH_SESSION_LIFETIME = timedelta(days=60)
    assert ids(checks.check_legacy_session_lifetime()) == ["jwt_allauth.W020"]
    settings.JWT_ALLAUTH_SESSION_LIFETIME = timedelta(days=10)
    assert checks.check_legacy_session_lifetime() == []


@pytest.mark.parametrize("value", [0, -1, "10", True])
@pytest.mark.parametrize(
    "name", ["JWT_ALLAUTH_MFA_MAX_ATTEMPTS", "JWT_ALLAUTH_MFA_LOCKOUT_SECONDS"]
)
def test_e033_mfa_lockout_not_positive(settings, name, value):
    setattr(settings, name, value)
    assert ids(checks.check_legacy_mfa_lockout()) == ["jwt_allauth.E033"]


def test_e013_mfa_challenge_attempts_zero_refused(settings):
    """1.x's 0 meant "no limit": refused, codes could be guessed without end."""
    settings.JWT_ALLAUTH_MFA_CHALLENGE_MAX_ATTEMPTS = 0
    assert ids(checks.check_mfa_limits()) == ["jwt_allauth.E013"]


@pytest.mark.parametrize(
    ("setting", "value"),
    [
        ("ACCOUNT_PREVENT_ENUMERATION", False),
    ],
)
def test_w021_names_1x_settings_not_honoured(settings, setting, value):
    setattr(settings, setting, value)
    messages = checks.check_legacy_ignored()
    assert ids(messages) == ["jwt_allauth.W021"]
    assert setting in messages[0].msg


def test_w021_silent_by_default():
    assert checks.check_legacy_ignored() == []


@pytest.mark.parametrize("value", ["javascript:alert(1)", "/forgot/\n", 5])
def test_e015_password_reset_request_url_not_a_url(settings, value):
    settings.PASSWORD_RESET_REQUEST_URL = value
    messages = checks.check_redirects()
    assert ids(messages) == ["jwt_allauth.E015"]
    assert messages[0].msg.startswith(f"PASSWORD_RESET_REQUEST_URL = {value!r}")
