"""Checks of the installation: dependencies, backends, authentication and dotted paths."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model

from jwt_allauth import checks
from jwt_allauth.authentication import JWTAuthentication
from tests.helpers import ids

USERNAME_IS_EMAIL = get_user_model().USERNAME_FIELD == "email"


@pytest.mark.parametrize("missing", ["allauth", "allauth.account", "rest_framework"])
def test_e008_missing_dependency(monkeypatch, missing):
    installed = apps.is_installed
    monkeypatch.setattr(apps, "is_installed", lambda name: name != missing and installed(name))

    messages = checks.check_dependencies()

    assert ids(messages) == ["jwt_allauth.E008"]
    assert missing in messages[0].msg


def test_dependencies_silent_when_installed():
    assert checks.check_dependencies() == []


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
        "tests.checks.test_installation.SubclassedJWTAuthentication",
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


@pytest.mark.parametrize(
    "adapter",
    [
        "allauth.account.adapter.DefaultAccountAdapter",
        "jwt_allauth.registration.adapter.AccountAdapter",
        "tests.registration.custom.TaggingAdapter",
    ],
)
def test_w003_silent_for_ours_or_allauths_default(settings, adapter):
    settings.ACCOUNT_ADAPTER = adapter
    assert checks.check_account_adapter() == []


def test_w003_a_foreign_adapter(settings):
    settings.ACCOUNT_ADAPTER = "tests.registration.custom.ForeignAdapter"
    assert ids(checks.check_account_adapter()) == ["jwt_allauth.W003"]
