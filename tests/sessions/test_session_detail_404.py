"""DELETE sessions/<id>/ with an id that is no UUID: our coded JSON 404, not Django's page."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from jwt_allauth import exceptions
from tests.helpers.sessions import SESSIONS_URL, bearer, error


@pytest.mark.parametrize("session_id", ["not-a-uuid", "1", "x" * 300, "%ED%A0%80", "%00"])
def test_an_id_that_is_no_uuid_is_the_json_404(user, login, session_id):
    session = login(user)

    response = APIClient().delete(f"{SESSIONS_URL}{session_id}/", **bearer(session.access))

    assert response["Content-Type"] == "application/json"
    assert (response.status_code, response.json()) == (404, error(exceptions.SessionNotFound))


def test_without_a_token_it_is_401_first(db):
    response = APIClient().delete(f"{SESSIONS_URL}not-a-uuid/")

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
