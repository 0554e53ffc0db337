"""POST /auth/login/: tokens out for good credentials, one identical refusal for the rest."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from jwt_allauth.exceptions import InvalidToken
from jwt_allauth.sessions.models import UserSession
from jwt_allauth.sessions.tokens import AccessToken, RefreshToken
from tests.helpers import PASSWORD

URL = "/auth/login/"
REFUSED = {
    "detail": "Unable to log in with the provided credentials.",
    "code": "incorrect_credentials",
}
TEN_KB = "x" * 10_240


def post(payload, client: APIClient | None = None, **extra):
    return (client or APIClient()).post(URL, payload, format="json", **extra)


def post_raw(body: str, content_type: str = "application/json"):
    return APIClient().generic("POST", URL, body, content_type=content_type)


def error_codes(data) -> dict:
    """Field name -> the stable codes of its errors (DRF's ErrorDetail.code)."""
    return {field: [error.code for error in errors] for field, errors in data.items()}


def test_url_name_is_rest_login():
    assert reverse("rest_login") == URL


def test_success_delivers_access_in_body_and_refresh_per_mode(user, delivery):
    response = post({"email": user.email, "password": PASSWORD})

    assert response.status_code == 200
    access = AccessToken.decode(response.data["access"])
    assert str(access.user_id) == str(user.pk)
    if delivery == "cookie":
        assert set(response.data) == {"access"}
        cookie = response.cookies["refresh_token"]
        assert cookie["httponly"] is True
        raw_refresh = cookie.value
    else:
        assert set(response.data) == {"access", "refresh"}
        assert "refresh_token" not in response.cookies
        raw_refresh = response.data["refresh"]
    refresh = RefreshToken.decode(raw_refresh)
    assert refresh.session_id == access.session_id
    session = UserSession.objects.get()
    assert str(session.pk) == access.session_id
    assert session.user_id == user.pk
    assert session.current_jti == refresh.jti


def test_wrong_password_and_unknown_email_get_the_same_answer(user):
    wrong_password = post({"email": user.email, "password": "not the password"})
    unknown_email = post({"email": "nobody@example.com", "password": PASSWORD})

    assert wrong_password.status_code == unknown_email.status_code == 401
    assert wrong_password.data == unknown_email.data == REFUSED
    assert wrong_password.content == unknown_email.content
    assert not UserSession.objects.exists()


def test_inactive_user_gets_the_same_answer_even_with_the_right_password(user_factory):
    inactive = user_factory(is_active=False)

    response = post({"email": inactive.email, "password": PASSWORD})

    assert response.status_code == 401
    assert response.data == REFUSED
    assert not UserSession.objects.exists()


@pytest.mark.parametrize(
    "spelling", ["ALICE@EXAMPLE.COM", "Alice@Example.com", " alice@example.com "]
)
def test_email_is_case_insensitive(user, spelling):
    response = post({"email": spelling, "password": PASSWORD})

    assert response.status_code == 200, response.data
    assert str(AccessToken.decode(response.data["access"]).user_id) == str(user.pk)


def test_password_is_case_sensitive(user):
    response = post({"email": user.email, "password": PASSWORD.upper()})

    assert response.status_code == 401
    assert response.data == REFUSED


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        ({}, {"email": ["required"], "password": ["required"]}),
        ({"email": "alice@example.com"}, {"password": ["required"]}),
        ({"password": PASSWORD}, {"email": ["required"]}),
        ({"email": "", "password": PASSWORD}, {"email": ["blank"]}),
        ({"email": "alice@example.com", "password": ""}, {"password": ["blank"]}),
        ({"email": None, "password": PASSWORD}, {"email": ["null"]}),
        ({"email": "alice@example.com", "password": None}, {"password": ["null"]}),
        ({"email": 12345, "password": PASSWORD}, {"email": ["invalid"]}),
        ({"email": True, "password": PASSWORD}, {"email": ["invalid"]}),
        ({"email": "alice@example.com", "password": False}, {"password": ["invalid"]}),
        ({"email": ["alice@example.com"], "password": PASSWORD}, {"email": ["invalid"]}),
        ({"email": {"a": "alice@example.com"}, "password": PASSWORD}, {"email": ["invalid"]}),
        ({"email": "alice@example.com", "password": [PASSWORD]}, {"password": ["invalid"]}),
        ({"email": "alice@example.com", "password": {"p": PASSWORD}}, {"password": ["invalid"]}),
        ({"email": "not-an-email", "password": PASSWORD}, {"email": ["invalid"]}),
        ({"email": "alice@", "password": PASSWORD}, {"email": ["invalid"]}),
        (
            {"email": TEN_KB + "@example.com", "password": PASSWORD},
            {"email": ["max_length", "invalid"]},
        ),
        ({"email": "alice@example.com", "password": TEN_KB}, {"password": ["max_length"]}),
    ],
)
def test_bad_fields_are_400_with_field_codes_and_open_no_session(user, payload, expected):
    response = post(payload)

    assert response.status_code == 400
    assert error_codes(response.data) == expected
    assert not UserSession.objects.exists()


def test_a_numeric_password_is_just_a_wrong_password(user):
    response = post({"email": user.email, "password": 12345678})

    assert response.status_code == 401
    assert response.data == REFUSED


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("[]", {"non_field_errors": ["invalid"]}),
        ('["alice@example.com", "pw"]', {"non_field_errors": ["invalid"]}),
        ("null", {"non_field_errors": ["null"]}),
        ("42", {"non_field_errors": ["invalid"]}),
        ('"alice@example.com"', {"non_field_errors": ["invalid"]}),
        ("true", {"non_field_errors": ["invalid"]}),
    ],
)
def test_a_json_body_that_is_not_an_object_is_400(user, body, expected):
    response = post_raw(body)

    assert response.status_code == 400
    assert error_codes(response.data) == expected
    assert not UserSession.objects.exists()


@pytest.mark.parametrize(
    "body",
    ['{"email": "alice@example.com", "password": ', "{'a': 1}", "\x00", "[" * 50_000],
    ids=["truncated", "single-quotes", "nul", "nested-too-deep"],
)
def test_malformed_json_is_400_parse_error(user, body):
    response = post_raw(body)

    assert response.status_code == 400
    assert response.data["code"] == "parse_error"
    assert set(response.data) == {"detail", "code"}
    assert not UserSession.objects.exists()


def test_empty_body_is_400_required_fields(user):
    response = APIClient().post(URL)

    assert response.status_code == 400
    assert error_codes(response.data) == {"email": ["required"], "password": ["required"]}


def test_json_with_extra_fields_ignores_them(user):
    response = post({"email": user.email, "password": PASSWORD, "is_staff": True, "role": 900})

    assert response.status_code == 200
    assert AccessToken.decode(response.data["access"])["role"] == 0


@pytest.mark.parametrize(
    "header",
    ["Bearer garbage", "Bearer", "Bearer a b", "Basic Zm9vOmJhcg==", "Bearer tökén"],
)
def test_a_stale_authorization_header_does_not_break_login(user, header):
    response = post({"email": user.email, "password": PASSWORD}, HTTP_AUTHORIZATION=header)

    assert response.status_code == 200
    assert UserSession.objects.count() == 1


def test_an_expired_access_token_in_the_header_does_not_break_login(user, login, time_machine):
    stale = login(user).access
    time_machine.move_to(timezone.now() + timedelta(days=1))
    with pytest.raises(InvalidToken):
        AccessToken.decode(stale)

    response = post(
        {"email": user.email, "password": PASSWORD}, HTTP_AUTHORIZATION=f"Bearer {stale}"
    )

    assert response.status_code == 200


def test_each_login_opens_a_separate_session(user):
    first = post({"email": user.email, "password": PASSWORD})
    second = post({"email": user.email, "password": PASSWORD})

    first_sid = AccessToken.decode(first.data["access"]).session_id
    second_sid = AccessToken.decode(second.data["access"]).session_id
    assert first_sid != second_sid
    assert UserSession.objects.filter(user=user).count() == 2


def test_error_body_is_json(user):
    response = post({"email": user.email, "password": "nope"})

    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == REFUSED


def test_a_login_typed_in_canonical_form_looks_its_spelling_up_no_more(
    user, django_assert_max_num_queries
):
    """The backends' lookups and the session's INSERT: nothing looks the spelling up first."""
    with django_assert_max_num_queries(3) as captured:
        response = post({"email": user.email, "password": PASSWORD})
    assert response.status_code == 200
    assert sum("account_emailaddress" in q["sql"] for q in captured.captured_queries) <= 1
