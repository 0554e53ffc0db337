"""1.x's JWT_ALLAUTH_SESSION_ON_EMAIL_VERIFICATION: the sign-up link opens a session."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.core import mail
from django.db import connection
from rest_framework.test import APIClient

from jwt_allauth import checks
from jwt_allauth.sessions.models import UserSession
from tests.helpers import at_once
from tests.helpers.registration import VERIFIED_PAGE, address_of, link_in, sign_up, users_with

EMAIL = "new@example.com"


@pytest.fixture
def link(db, mandatory, settings) -> str:
    settings.JWT_ALLAUTH_SESSION_ON_EMAIL_VERIFICATION = True
    assert sign_up(EMAIL).status_code == 201
    return link_in(mail.outbox[-1].body)


def sessions() -> int:
    [user] = users_with(EMAIL)
    return UserSession.objects.filter(user=user).count()


def test_the_link_opens_a_session_on_the_browser_that_follows_it(link):
    browser = APIClient()
    response = browser.get(link)
    assert (response.status_code, response["Location"]) == (302, VERIFIED_PAGE)
    assert address_of(EMAIL).verified
    cookie = response.cookies["refresh_token"]
    assert cookie.value and cookie["httponly"]
    assert sessions() == 1
    refreshed = browser.post("/auth/refresh/", {}, format="json")
    assert refreshed.status_code == 200, refreshed.data
    assert set(refreshed.data) == {"access"}


@pytest.fixture(params=[True, False], ids=["signed keys", "stored keys"])
def stored_or_signed(request, settings):
    settings.ACCOUNT_EMAIL_CONFIRMATION_HMAC = request.param


@pytest.fixture
def any_link(stored_or_signed, link) -> str:
    return link


def test_the_link_opens_one_session_only(any_link):
    link = any_link
    assert "refresh_token" in APIClient().get(link).cookies
    again = APIClient().get(link)  # a mail scanner, or the user after it
    assert again.status_code == 400
    assert "refresh_token" not in again.cookies
    assert sessions() == 1


def test_off_by_default(link, settings):
    del settings.JWT_ALLAUTH_SESSION_ON_EMAIL_VERIFICATION
    response = APIClient().get(link)
    assert response.status_code == 302
    assert "refresh_token" not in response.cookies
    assert sessions() == 0


@pytest.mark.skipif(not apps.is_installed("allauth.mfa"), reason="needs the mfa extra")
def test_mfa_users_get_no_session_from_a_link(link, settings):
    settings.JWT_ALLAUTH_MFA_TOTP_MODE = "required"  # a new user would be asked to set it up
    response = APIClient().get(link)
    assert (response.status_code, response["Location"]) == (302, VERIFIED_PAGE)
    assert address_of(EMAIL).verified
    assert "refresh_token" not in response.cookies
    assert sessions() == 0


def test_no_session_in_body_mode(link, settings):
    settings.JWT_ALLAUTH_REFRESH_TOKEN_AS_COOKIE = False
    response = APIClient().get(link)
    assert response.status_code == 302
    assert "refresh_token" not in response.cookies
    assert sessions() == 0


def test_no_w021_any_more(settings):
    settings.JWT_ALLAUTH_SESSION_ON_EMAIL_VERIFICATION = True
    assert checks.check_legacy_ignored() == []


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")
def test_concurrent_clicks_open_one_session(mandatory, settings):
    settings.JWT_ALLAUTH_SESSION_ON_EMAIL_VERIFICATION = True
    assert sign_up(EMAIL).status_code == 201
    url = link_in(mail.outbox[-1].body)
    workers = 6

    responses = at_once([lambda: APIClient().get(url)] * workers)

    cookies = ["refresh_token" in response.cookies for response in responses]
    assert sorted(cookies) == [False] * (workers - 1) + [True]
    assert sessions() == 1
