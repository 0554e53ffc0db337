"""GET, PUT and PATCH /auth/user/: the caller's own names (e-mail changes: test_email_change)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from rest_framework.test import APIClient

from tests.helpers import PASSWORD

URL = "/auth/user/"
TEN_KB = "x" * 10_240


def error_codes(data) -> dict:
    return {field: [error.code for error in errors] for field, errors in data.items()}


@pytest.fixture
def client_for():
    """``client_for(user)`` -> an APIClient sending that user's access token."""

    def make(user) -> APIClient:
        client = APIClient()
        credentials = {"email": user.email, "password": PASSWORD}
        access = client.post("/auth/login/", credentials, format="json").data["access"]
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
        return client

    return make


@pytest.fixture
def alice(user_factory):
    return user_factory(email="alice@example.com", first_name="Alice", last_name="Liddell")


@pytest.fixture
def client(client_for, alice) -> APIClient:
    return client_for(alice)


def test_url_name_is_rest_user_details():
    assert reverse("rest_user_details") == URL


def test_get_returns_exactly_email_and_names(client):
    response = client.get(URL)

    assert response.status_code == 200
    assert response.data == {
        "email": "alice@example.com",
        "first_name": "Alice",
        "last_name": "Liddell",
    }


def test_get_costs_at_most_one_query(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        response = client.get(URL)

    assert response.status_code == 200


def test_patch_first_name_only(client, alice):
    response = client.patch(URL, {"first_name": "Alicia"}, format="json")

    assert response.status_code == 200
    assert response.data == {
        "email": "alice@example.com",
        "first_name": "Alicia",
        "last_name": "Liddell",
    }
    alice.refresh_from_db()
    assert (alice.first_name, alice.last_name) == ("Alicia", "Liddell")


def test_patch_both_names_and_clear_one(client, alice):
    response = client.patch(URL, {"first_name": "", "last_name": "Hargreaves"}, format="json")

    assert response.status_code == 200
    alice.refresh_from_db()
    assert (alice.first_name, alice.last_name) == ("", "Hargreaves")


@pytest.mark.parametrize(
    "spelling",
    [
        "alice@example.com",
        "ALICE@EXAMPLE.COM",
        "Alice@Example.Com",
        "alice@\uff45\uff58\uff41\uff4d\uff50\uff4c\uff45.com",
    ],
)
def test_put_with_the_same_email_in_any_spelling_is_accepted(client, alice, spelling):
    response = client.put(
        URL, {"email": spelling, "first_name": "A", "last_name": "L"}, format="json"
    )

    assert response.status_code == 200, response.data
    assert response.data == {"email": "alice@example.com", "first_name": "A", "last_name": "L"}
    alice.refresh_from_db()
    assert (alice.email, alice.first_name, alice.last_name) == ("alice@example.com", "A", "L")


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        ({"first_name": ["A"]}, {"first_name": ["invalid"]}),
        ({"first_name": {"a": 1}}, {"first_name": ["invalid"]}),
        ({"first_name": True}, {"first_name": ["invalid"]}),
        ({"last_name": None}, {"last_name": ["null"]}),
        ({"first_name": TEN_KB}, {"first_name": ["max_length"]}),
        ({"last_name": TEN_KB}, {"last_name": ["max_length"]}),
        ({"email": ["alice@example.com"]}, {"email": ["invalid"]}),
        ({"email": "not-an-email"}, {"email": ["invalid"]}),
    ],
)
def test_invalid_values_are_400_and_change_nothing(client, alice, payload, expected):
    response = client.patch(URL, payload, format="json")

    assert response.status_code == 400
    assert error_codes(response.data) == expected
    alice.refresh_from_db()
    assert (alice.first_name, alice.last_name) == ("Alice", "Liddell")


@pytest.mark.parametrize("body", ["[]", "null", '"Alicia"', "{"])
def test_a_body_that_is_not_an_object_is_400(client, alice, body):
    response = client.generic("PATCH", URL, body, content_type="application/json")

    assert response.status_code == 400
    alice.refresh_from_db()
    assert alice.first_name == "Alice"


def test_fields_outside_the_payload_are_ignored(client, alice):
    response = client.patch(
        URL, {"is_staff": True, "is_superuser": True, "password": "x"}, format="json"
    )

    assert response.status_code == 200
    alice.refresh_from_db()
    assert (alice.is_staff, alice.is_superuser) == (False, False)
    assert alice.check_password(PASSWORD)


@pytest.mark.parametrize("method", ["get", "put", "patch"])
def test_unauthenticated_is_401(db, method):
    response = getattr(APIClient(), method)(URL, {}, format="json")

    assert response.status_code == 401
    assert response.data["code"] == "not_authenticated"
    assert set(response.data) == {"detail", "code"}
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_deleted_users_valid_token_is_401_user_not_found(client, alice):
    get_user_model().objects.filter(pk=alice.pk).delete()

    response = client.get(URL)

    assert response.status_code == 401
    assert response.data == {
        "detail": "The account of this token no longer exists or is inactive.",
        "code": "user_not_found",
    }
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_deactivated_users_valid_token_is_401_user_not_found(client, alice):
    get_user_model().objects.filter(pk=alice.pk).update(is_active=False)

    response = client.patch(URL, {"first_name": "Eve"}, format="json")

    assert response.status_code == 401
    assert response.data["code"] == "user_not_found"
    alice.refresh_from_db()
    assert alice.first_name == "Alice"


def test_each_user_sees_only_their_own_account(client_for, alice, user_factory):
    bob = user_factory(email="bob@example.com", first_name="Bob")

    response = client_for(bob).get(URL)

    assert response.data == {"email": "bob@example.com", "first_name": "Bob", "last_name": ""}


SERIALIZER = "tests.testapp.serializers.FirstNameOnlySerializer"


@pytest.mark.parametrize(
    "configure",
    [
        pytest.param(
            lambda settings: setattr(settings, "JWT_ALLAUTH_USER_DETAILS_SERIALIZER", SERIALIZER),
            id="JWT_ALLAUTH_USER_DETAILS_SERIALIZER",
        ),
        pytest.param(
            lambda settings: setattr(
                settings, "REST_AUTH", {"USER_DETAILS_SERIALIZER": SERIALIZER}
            ),
            id="REST_AUTH-USER_DETAILS_SERIALIZER",
        ),
        pytest.param(
            lambda settings: setattr(settings, "USER_DETAILS_SERIALIZER", SERIALIZER),
            id="USER_DETAILS_SERIALIZER",
        ),
    ],
)
def test_the_serializer_can_be_replaced(client, alice, settings, configure):
    configure(settings)

    assert client.get(URL).data == {"first_name": "Alice", "shout": "ALICE"}
    response = client.patch(URL, {"first_name": "Alicia", "last_name": "X"}, format="json")
    assert response.data == {"first_name": "Alicia", "shout": "ALICIA"}
    alice.refresh_from_db()
    assert (alice.first_name, alice.last_name) == ("Alicia", "Liddell")


def test_the_jwt_allauth_name_wins_over_the_rest_auth_one(client, settings):
    settings.JWT_ALLAUTH_USER_DETAILS_SERIALIZER = SERIALIZER
    settings.REST_AUTH = {
        "USER_DETAILS_SERIALIZER": "jwt_allauth.users.serializers.UserDetailsSerializer"
    }

    assert set(client.get(URL).data) == {"first_name", "shout"}
