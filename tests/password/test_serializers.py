"""Serializers replaceable by dotted path, under jwt-allauth and dj-rest-auth names."""

import pytest
from rest_framework import serializers
from rest_framework.test import APIClient

from jwt_allauth.grants.models import OneTimeGrant
from jwt_allauth.password.serializers import (
    PasswordChangeSerializer,
    PasswordResetSerializer,
    SetNewPasswordSerializer,
)
from tests.helpers import PASSWORD
from tests.helpers.password import (
    CHANGE_URL,
    NEW_PASSWORD,
    RESET_URL,
    STRONG_VALIDATORS,
    set_new,
)

HERE = "tests.password.test_serializers"


class CompanyOnlyReset(PasswordResetSerializer):
    def validate_email(self, value):
        if not value.endswith("@example.com"):
            raise serializers.ValidationError("company addresses only", code="company")
        return value


class NoSpacesSetNew(SetNewPasswordSerializer):
    def validate_new_password1(self, value):
        if " " in value:
            raise serializers.ValidationError("no spaces")
        return value


class NoSpacesChange(PasswordChangeSerializer, NoSpacesSetNew):
    pass


@pytest.mark.parametrize(
    "name", ["JWT_ALLAUTH_PASSWORD_RESET_SERIALIZER", "PASSWORD_RESET_SERIALIZER"]
)
def test_reset_serializer(db, settings, name):
    setattr(settings, name, f"{HERE}.CompanyOnlyReset")
    response = APIClient().post(RESET_URL, {"email": "a@elsewhere.org"}, format="json")
    assert (response.status_code, response.data) == (400, {"email": ["company addresses only"]})


def test_rest_auth_dict_name_and_precedence(db, settings):
    settings.REST_AUTH = {"PASSWORD_RESET_SERIALIZER": f"{HERE}.CompanyOnlyReset"}
    assert APIClient().post(RESET_URL, {"email": "a@x.org"}, format="json").status_code == 400
    settings.JWT_ALLAUTH_PASSWORD_RESET_SERIALIZER = (
        "jwt_allauth.password.serializers.PasswordResetSerializer"
    )
    assert APIClient().post(RESET_URL, {"email": "a@x.org"}, format="json").status_code == 200


@pytest.mark.parametrize(
    "name", ["JWT_ALLAUTH_PASSWORD_RESET_CONFIRM_SERIALIZER", "PASSWORD_RESET_CONFIRM_SERIALIZER"]
)
def test_confirm_serializer(reset_client, settings, name):
    setattr(settings, name, f"{HERE}.NoSpacesSetNew")
    response = set_new(reset_client)
    assert (response.status_code, response.data) == (400, {"new_password1": ["no spaces"]})
    assert set_new(reset_client, "NoSpacesAtAll42").status_code == 200


@pytest.mark.parametrize(
    "name", ["JWT_ALLAUTH_PASSWORD_CHANGE_SERIALIZER", "PASSWORD_CHANGE_SERIALIZER"]
)
def test_change_serializer(user, login, settings, name):
    setattr(settings, name, f"{HERE}.NoSpacesChange")
    session = login(user)
    body = {"old_password": "x", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    response = APIClient().post(
        CHANGE_URL, body, format="json", HTTP_AUTHORIZATION=f"Bearer {session.access}"
    )
    assert (response.status_code, response.data) == (400, {"new_password1": ["no spaces"]})
    body["new_password1"] = body["new_password2"] = "NoSpacesAtAll42"
    response = APIClient().post(
        CHANGE_URL, body, format="json", HTTP_AUTHORIZATION=f"Bearer {session.access}"
    )
    assert response.status_code == 400
    assert response.data == {"old_password": ["Your old password was entered incorrectly."]}


class PlainSetNew(serializers.Serializer):
    """A replacement that checks the shape only, as a project may write one."""

    new_password1 = serializers.CharField()
    new_password2 = serializers.CharField()


class PlainChange(PlainSetNew):
    old_password = serializers.CharField()


WEAK = "password"
WEAK_ERRORS = {"new_password2": ["This password is too common."]}


def test_a_plain_confirm_serializer_keeps_the_password_policy(user, reset_client, settings):
    """AUTH_PASSWORD_VALIDATORS run in the reset flow, whatever serializer reads the body."""
    settings.AUTH_PASSWORD_VALIDATORS = STRONG_VALIDATORS
    settings.JWT_ALLAUTH_PASSWORD_RESET_CONFIRM_SERIALIZER = f"{HERE}.PlainSetNew"
    response = set_new(reset_client, WEAK)
    assert (response.status_code, response.data) == (400, WEAK_ERRORS)
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    assert OneTimeGrant.objects.get(user=user).used_at is None
    assert set_new(reset_client).status_code == 200


def test_a_plain_change_serializer_keeps_the_password_policy(user, login, settings):
    settings.AUTH_PASSWORD_VALIDATORS = STRONG_VALIDATORS
    settings.JWT_ALLAUTH_PASSWORD_CHANGE_SERIALIZER = f"{HERE}.PlainChange"
    session = login(user)
    body = {"old_password": PASSWORD, "new_password1": WEAK, "new_password2": WEAK}
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {session.access}"}
    response = APIClient().post(CHANGE_URL, body, format="json", **bearer)
    assert (response.status_code, response.data) == (400, WEAK_ERRORS)
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_a_change_serializer_without_old_password_cannot_skip_its_check(user, login, settings):
    settings.JWT_ALLAUTH_PASSWORD_CHANGE_SERIALIZER = f"{HERE}.PlainSetNew"
    session = login(user)
    body = {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {session.access}"}
    response = APIClient().post(CHANGE_URL, body, format="json", **bearer)
    assert response.status_code == 400
    assert response.data == {"old_password": ["Your old password was entered incorrectly."]}
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
