"""set-new/ refuses a reset cookie sent twice: a planted one must not pick the account."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from jwt_allauth import exceptions
from tests.helpers.password import AJAX, COOKIE, NEW_PASSWORD, SET_NEW_URL, can_log_in, set_new
from tests.helpers.sessions import error


@pytest.fixture
def two_reset_cookies(user_factory, request_link, open_link):
    """The reset cookies of a victim and of an attacker, each from its own link."""

    def cookie_of(user) -> str:
        client, response = open_link(request_link(user.email))
        assert response.status_code == 302
        return client.cookies[COOKIE].value

    victim, attacker = user_factory(), user_factory()
    return (victim, cookie_of(victim)), (attacker, cookie_of(attacker))


def test_set_new_with_the_reset_cookie_twice_is_refused(two_reset_cookies):
    (victim, victim_cookie), (attacker, attacker_cookie) = two_reset_cookies
    header = f"{COOKIE}={victim_cookie}; {COOKIE}={attacker_cookie}"
    body = {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}

    response = APIClient().post(SET_NEW_URL, body, format="json", HTTP_COOKIE=header, **AJAX)

    assert (response.status_code, response.json()) == (400, error(exceptions.DuplicateCookie))
    assert COOKIE not in response.cookies
    assert not can_log_in(attacker.email, NEW_PASSWORD)
    client = APIClient()
    client.cookies[COOKIE] = victim_cookie
    assert set_new(client).status_code == 200  # the victim's own link still works
    assert can_log_in(victim.email, NEW_PASSWORD)
