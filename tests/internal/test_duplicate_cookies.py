"""A cookie we read that arrives twice is refused: ``duplicate_cookie``, nothing spent.

Django keeps the last of two same-named cookies. A sibling subdomain (or a
man in the middle on plain HTTP) can plant a second refresh cookie with another
path or domain; the browser then sends both, and the planted one won: the
victim's next refresh rotated the attacker's session, swapping accounts.
"""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from rest_framework.test import APIClient

from jwt_allauth import exceptions
from jwt_allauth.internal.cookies import cookie_count
from tests.helpers.sessions import LOGOUT_URL, REFRESH_URL, claims, error, session_of

DUPLICATE = error(exceptions.DuplicateCookie)


def twice(name: str, first: str, second: str, joiner: str = "; ") -> str:
    return f"{name}={first}{joiner}{name}={second}"


@pytest.mark.parametrize(
    ("header", "count"),
    [
        ("", 0),
        ("refresh_token=a", 1),
        ("other=1; refresh_token=a", 1),
        ("refresh_token=a; refresh_token=b", 2),
        ("refresh_token=a;refresh_token=b", 2),
        (" refresh_token =a;  refresh_token= b", 2),
        ("refresh_token=a, refresh_token=b", 2),  # two Cookie headers joined by a server
        ("refresh_token=a; refresh_token", 1),  # no "=": Django reads a nameless cookie
        ("refresh_token_x=a; x_refresh_token=b; refresh_token=c", 1),
        ('refresh_token="a"; refresh_token=', 2),
    ],
)
def test_cookie_count_reads_the_raw_header(header, count):
    request = RequestFactory().get("/", HTTP_COOKIE=header)

    assert cookie_count(request, "refresh_token") == count


@pytest.fixture
def cookie_mode(settings):
    settings.JWT_ALLAUTH_REFRESH_TOKEN_AS_COOKIE = True


def victim_and_attacker_refresh(user) -> str:
    body = {"email": user.email, "password": "correct horse battery staple"}
    response = APIClient().post("/auth/login/", body, format="json")
    return response.cookies["refresh_token"].value


@pytest.fixture
def victim_and_attacker(user_factory, cookie_mode):
    """The refresh cookies of two accounts' sessions."""
    refresh_cookie = victim_and_attacker_refresh
    return refresh_cookie(user_factory()), refresh_cookie(user_factory())


def post_with_cookies(url: str, header: str, **extra):
    return APIClient().post(url, format="json", HTTP_COOKIE=header, **extra)


@pytest.mark.parametrize("order", ["victim_first", "attacker_first"])
@pytest.mark.parametrize("joiner", ["; ", ";", ", "])
def test_refresh_with_the_cookie_twice_is_refused(victim_and_attacker, order, joiner):
    victim, attacker = victim_and_attacker
    pair = (victim, attacker) if order == "victim_first" else (attacker, victim)

    response = post_with_cookies(REFRESH_URL, twice("refresh_token", *pair, joiner))

    assert (response.status_code, response.json()) == (400, DUPLICATE)
    assert "refresh_token" not in response.cookies  # clearing ours would leave the planted one
    for raw in (victim, attacker):
        assert session_of(raw).current_jti == claims(raw)["jti"]  # not rotated
        assert post_with_cookies(REFRESH_URL, f"refresh_token={raw}").status_code == 200


def test_logout_with_the_cookie_twice_is_refused(user_factory, cookie_mode):
    """Even with the victim's valid access token: nothing ends, no cookie is cleared."""
    body = {"email": user_factory().email, "password": "correct horse battery staple"}
    login = APIClient().post("/auth/login/", body, format="json")
    victim, access = login.cookies["refresh_token"].value, login.data["access"]
    attacker = victim_and_attacker_refresh(user_factory())

    response = post_with_cookies(
        LOGOUT_URL, twice("refresh_token", victim, attacker), HTTP_AUTHORIZATION=f"Bearer {access}"
    )

    assert (response.status_code, response.json()) == (400, DUPLICATE)
    assert "refresh_token" not in response.cookies
    assert session_of(victim).is_alive()
    assert session_of(attacker).is_alive()


def test_logout_with_the_cookie_twice_and_no_access_token_is_401(victim_and_attacker):
    victim, attacker = victim_and_attacker

    response = post_with_cookies(LOGOUT_URL, twice("refresh_token", victim, attacker))

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert "refresh_token" not in response.cookies
    assert session_of(victim).is_alive()
    assert session_of(attacker).is_alive()


def test_other_cookies_may_repeat(victim_and_attacker):
    victim, _ = victim_and_attacker
    header = f"theme=dark; theme=light; refresh_token={victim}"

    response = post_with_cookies(REFRESH_URL, header)

    assert response.status_code == 200


def test_in_body_mode_the_cookie_is_not_read_so_it_may_repeat(user_factory, settings):
    settings.JWT_ALLAUTH_REFRESH_TOKEN_AS_COOKIE = False
    user = user_factory()
    body = {"email": user.email, "password": "correct horse battery staple"}
    raw = APIClient().post("/auth/login/", body, format="json").json()["refresh"]

    response = APIClient().post(
        REFRESH_URL, {"refresh": raw}, format="json", HTTP_COOKIE=twice("refresh_token", "a", "b")
    )

    assert response.status_code == 200
