"""set-password/ refuses an invitation cookie sent twice."""

from __future__ import annotations

import pytest
from django.core import mail
from rest_framework.test import APIClient

from jwt_allauth import exceptions
from jwt_allauth.roles import STAFF_CODE
from tests.helpers.registration import (
    AJAX,
    COOKIE,
    NEW_PASSWORD,
    SET_PASSWORD_URL,
    bearer,
    invite,
    link_in,
    log_in,
)
from tests.helpers.sessions import error

pytestmark = pytest.mark.usefixtures("admin_managed")


@pytest.fixture
def two_invitation_cookies(user_factory):
    staff = bearer(user_factory(is_staff=True, role=STAFF_CODE))

    def cookie_of(email: str) -> str:
        assert invite(staff, email).status_code == 201
        client = APIClient()
        assert client.get(link_in(mail.outbox[-1].body)).status_code == 302
        return client.cookies[COOKIE].value

    return cookie_of("victim@example.com"), cookie_of("attacker@example.com")


def test_set_password_with_the_cookie_twice_is_refused(two_invitation_cookies):
    victim, attacker = two_invitation_cookies
    body = {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}

    header = f"{COOKIE}={victim}; {COOKIE}={attacker}"

    response = APIClient().post(SET_PASSWORD_URL, body, format="json", HTTP_COOKIE=header, **AJAX)

    assert (response.status_code, response.json()) == (400, error(exceptions.DuplicateCookie))
    assert COOKIE not in response.cookies
    assert log_in("attacker@example.com").status_code != 200
    client = APIClient()
    client.cookies[COOKIE] = victim
    assert client.post(SET_PASSWORD_URL, body, format="json", **AJAX).status_code == 200
