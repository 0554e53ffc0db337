"""An OAuth 2 provider without OpenID Connect (GitHub): access tokens, checked by GitHub."""

from __future__ import annotations

import pytest
import requests
import responses
from allauth.socialaccount.models import SocialAccount, SocialApp
from django.contrib.sites.models import Site
from rest_framework.test import APIClient

from tests.helpers.social import nothing_written

URL = "/auth/social/github/token/"
pytestmark = pytest.mark.django_db


@pytest.fixture
def github(db):
    app = SocialApp.objects.create(provider="github", name="GitHub", client_id="gh", secret="s")
    app.sites.add(Site.objects.get_current())
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


def serve_profile(mock, emails):
    auth = {"Authorization": "token gho_good"}
    profile = {"id": 42, "login": "octo", "name": "Octo Cat", "email": None}
    mock.get("https://api.github.com/user", json=profile, match=[_headers(auth)])
    mock.get("https://api.github.com/user/emails", json=emails, match=[_headers(auth)])
    mock.get("https://api.github.com/user", status=401, json={"message": "Bad credentials"})


def _headers(expected):
    from responses.matchers import header_matcher

    return header_matcher(expected)


def test_access_token_github_vouches_for_signs_up(github):
    serve_profile(github, [{"email": "social@example.com", "verified": True, "primary": True}])
    response = APIClient().post(URL, {"access_token": "gho_good"}, format="json")
    assert response.status_code == 200, response.data
    account = SocialAccount.objects.get()
    assert (account.provider, account.uid, account.user.email) == (
        "github",
        "42",
        "social@example.com",
    )


def test_access_token_github_rejects_is_401(github):
    serve_profile(github, [])
    response = APIClient().post(URL, {"access_token": "gho_revoked"}, format="json")
    assert response.status_code == 401
    assert response.data == {
        "detail": "The provider did not accept this credential.",
        "code": "invalid_social_token",
    }
    assert nothing_written()


def test_github_address_without_verification_signs_nobody_up(github):
    serve_profile(github, [{"email": "social@example.com", "verified": False, "primary": True}])
    response = APIClient().post(URL, {"access_token": "gho_good"}, format="json")
    assert response.status_code == 400
    assert response.data["code"] == "provider_email_unverified"
    assert nothing_written()


def test_github_id_token_is_not_a_flow_it_has(github):
    response = APIClient().post(URL, {"id_token": "a.b.c"}, format="json")
    assert response.status_code == 400
    assert response.data == {
        "detail": "This provider does not support this way of signing in.",
        "code": "flow_not_supported",
    }


@pytest.mark.parametrize(
    ("failure", "status"),
    [(requests.ConnectTimeout("slow"), 503), (None, 502)],
)
def test_github_outage(github, failure, status):
    if failure is None:
        github.get("https://api.github.com/user", status=503, body="unavailable")
    else:
        github.get("https://api.github.com/user", body=failure)
    response = APIClient().post(URL, {"access_token": "gho_good"}, format="json")
    assert response.status_code == status
    assert response.data["code"] == {503: "provider_unavailable", 502: "provider_error"}[status]
    assert nothing_written()


def test_access_token_flow_can_be_turned_off_per_provider(github, settings):
    serve_profile(github, [{"email": "social@example.com", "verified": True, "primary": True}])
    settings.JWT_ALLAUTH_SOCIAL_ACCESS_TOKEN_LOGIN = ["acme"]
    calls = len(github.calls)
    response = APIClient().post(URL, {"access_token": "gho_good"}, format="json")
    assert response.status_code == 400
    assert response.data == {
        "detail": "This provider's access tokens are not accepted here; "
        "send an id_token or a code.",
        "code": "access_token_not_allowed",
    }
    assert len(github.calls) == calls
    assert nothing_written()


def test_access_token_flow_off_for_every_provider(github, settings):
    serve_profile(github, [{"email": "social@example.com", "verified": True, "primary": True}])
    settings.JWT_ALLAUTH_SOCIAL_ACCESS_TOKEN_LOGIN = False
    response = APIClient().post(URL, {"access_token": "gho_good"}, format="json")
    assert response.status_code == 400
    assert response.data["code"] == "access_token_not_allowed"
    assert nothing_written()


def test_access_token_flow_on_for_listed_provider(github, settings):
    serve_profile(github, [{"email": "social@example.com", "verified": True, "primary": True}])
    settings.JWT_ALLAUTH_SOCIAL_ACCESS_TOKEN_LOGIN = ["github"]
    response = APIClient().post(URL, {"access_token": "gho_good"}, format="json")
    assert response.status_code == 200, response.data
