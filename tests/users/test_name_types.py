"""Names are JSON strings: a number, a boolean or a list is a field error, nothing is saved.

DRF's CharField turned ``0`` into ``"0"``; a client sending a number has a bug
the API should show, as it does for passwords.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

from tests.helpers import PASSWORD

NOT_STRINGS = [0, 1.5, True, ["Ada"], {"x": "Ada"}]
NOT_A_STRING = ["Not a valid string."]


@pytest.fixture
def client_and_user(user_factory):
    user = user_factory(first_name="Alice", last_name="Liddell")
    access = APIClient().post(
        "/auth/login/", {"email": user.email, "password": PASSWORD}, format="json"
    )
    return APIClient(HTTP_AUTHORIZATION=f"Bearer {access.data['access']}"), user


@pytest.mark.parametrize("value", NOT_STRINGS)
@pytest.mark.parametrize("method", ["put", "patch"])
@pytest.mark.parametrize("field", ["first_name", "last_name"])
def test_user_details_refuse_a_name_that_is_not_a_string(client_and_user, method, field, value):
    client, user = client_and_user
    body = {"email": user.email, "first_name": "Ada", "last_name": "Lovelace", field: value}

    response = getattr(client, method)("/auth/user/", body, format="json")

    assert (response.status_code, response.json()) == (400, {field: NOT_A_STRING})
    assert response.data[field][0].code == "invalid"
    user.refresh_from_db()
    assert (user.first_name, user.last_name) == ("Alice", "Liddell")


@pytest.mark.parametrize("value", NOT_STRINGS)
@pytest.mark.parametrize("field", ["first_name", "last_name"])
def test_sign_up_refuses_a_name_that_is_not_a_string(db, field, value):
    password = "a long and unusual passphrase 7"
    body = {"email": "new@example.com", "password1": password, "password2": password, field: value}

    response = APIClient().post("/auth/registration/", body, format="json")

    assert (response.status_code, response.json()) == (400, {field: NOT_A_STRING})
    assert get_user_model().objects.count() == 0


@pytest.mark.parametrize("value", [0, 1.5])
def test_an_invitation_refuses_a_name_that_is_not_a_string(user_factory, settings, value):
    settings.JWT_ALLAUTH_ADMIN_MANAGED_REGISTRATION = True
    staff = user_factory(is_staff=True, role=1000)
    access = APIClient().post(
        "/auth/login/", {"email": staff.email, "password": PASSWORD}, format="json"
    )
    client = APIClient(HTTP_AUTHORIZATION=f"Bearer {access.data['access']}")
    body = {"email": "invitee@example.com", "role": 0, "last_name": value}

    response = client.post("/auth/registration/user-register/", body, format="json")

    assert (response.status_code, response.json()) == (400, {"last_name": NOT_A_STRING})
    assert get_user_model().objects.count() == 1
