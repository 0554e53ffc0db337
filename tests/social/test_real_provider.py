"""End to end against a real OpenID Connect provider on loopback (django-oauth-toolkit).

No mocks: the provider runs in its own process with RS256 keys; our server
discovers it, fetches its keys and exchanges codes with it over HTTP.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from urllib.parse import parse_qs, urlencode, urlparse

import pytest
import requests
from allauth.socialaccount.models import SocialAccount, SocialApp
from django.contrib.sites.models import Site
from rest_framework.test import APIClient

from tests.helpers.mfa import access_for
from tests.idp import starter

pytest.importorskip("oauth2_provider")

PROVIDER = "loopback"
CALLBACK = "http://127.0.0.1:9/callback"  # never loaded: the redirect is read, not followed
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def provider():
    idp = starter.start(
        users=[
            {"username": "ada", "email": "ada@example.com"},
            {"username": "bob", "email": "bob@example.com"},
            {"username": "eve", "email": "alice@example.com", "last_name": "unverified"},
        ],
        redirect_uris=[CALLBACK],
    )
    yield idp
    idp.stop()


@pytest.fixture
def loopback_app(provider, settings):
    settings.JWT_ALLAUTH_SOCIAL_CALLBACK_URLS = [CALLBACK]
    app = SocialApp.objects.create(
        provider="openid_connect",
        provider_id=PROVIDER,
        name="Loopback ID",
        client_id=starter.CLIENT_ID,
        secret=starter.CLIENT_SECRET,
        settings={"server_url": provider.issuer},
    )
    app.sites.add(Site.objects.get_current())
    return app


def pkce_pair() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode()).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def authorize(provider, username: str, challenge: str, nonce: str | None = None) -> str:
    """Sign in at the provider's login page and consent; the code it redirects with."""
    query = {
        "response_type": "code",
        "client_id": starter.CLIENT_ID,
        "redirect_uri": CALLBACK,
        "scope": "openid email profile",
        "state": secrets.token_urlsafe(16),
        "code_challenge": challenge,
        "code_challenge_method": "S256",
    }
    if nonce:
        query["nonce"] = nonce
    returned = sign_in_and_consent(provider, username, f"/o/authorize/?{urlencode(query)}")
    assert returned["state"] == [query["state"]]
    return returned["code"][0]


def sign_in_and_consent(provider, username: str, authorize_url: str) -> dict[str, list[str]]:
    """Through the provider's login page to the redirect; the callback's query."""
    browser = requests.Session()
    login_url = f"{provider.base_url}/accounts/login/"
    browser.get(login_url, params={"next": authorize_url}, timeout=10)
    form = {
        "username": username,
        "password": starter.PASSWORD,
        "next": authorize_url,
        "csrfmiddlewaretoken": browser.cookies["csrftoken"],
    }
    signed_in = browser.post(
        login_url, data=form, headers={"Referer": login_url}, allow_redirects=False, timeout=10
    )
    assert signed_in.status_code == 302, signed_in.text
    redirect = browser.get(
        provider.base_url + signed_in.headers["Location"], allow_redirects=False, timeout=10
    )
    assert redirect.status_code == 302, redirect.text
    location = urlparse(redirect.headers["Location"])
    assert location.geturl().startswith(CALLBACK)
    return parse_qs(location.query)


def id_token_from(provider, code: str, verifier: str) -> str:
    """What a mobile app gets from the provider's token endpoint."""
    response = requests.post(
        f"{provider.issuer}/token/",
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": CALLBACK,
            "client_id": starter.CLIENT_ID,
            "client_secret": starter.CLIENT_SECRET,
            "code_verifier": verifier,
        },
        timeout=10,
    )
    assert response.status_code == 200, response.text
    return response.json()["id_token"]


def test_code_flow_with_pkce_signs_in(provider, loopback_app):
    verifier, challenge = pkce_pair()
    code = authorize(provider, "ada", challenge)
    body = {"code": code, "callback_url": CALLBACK, "code_verifier": verifier}
    response = APIClient().post(f"/auth/social/{PROVIDER}/code/", body, format="json")
    assert response.status_code == 200, response.data
    assert set(response.data) == {"access"}
    account = SocialAccount.objects.get()
    assert (account.provider, account.user.email) == (PROVIDER, "ada@example.com")

    replay = APIClient().post(f"/auth/social/{PROVIDER}/code/", body, format="json")
    assert (replay.status_code, replay.data["code"]) == (401, "invalid_social_token")


def test_code_flow_with_a_wrong_verifier_is_refused_by_the_provider(provider, loopback_app):
    _verifier, challenge = pkce_pair()
    code = authorize(provider, "ada", challenge)
    other, _ = pkce_pair()
    body = {"code": code, "callback_url": CALLBACK, "code_verifier": other}
    response = APIClient().post(f"/auth/social/{PROVIDER}/code/", body, format="json")
    assert (response.status_code, response.data["code"]) == (401, "invalid_social_token")
    assert not SocialAccount.objects.exists()


def test_id_token_flow_with_nonce(provider, loopback_app):
    verifier, challenge = pkce_pair()
    nonce = secrets.token_urlsafe(16)
    id_token = id_token_from(provider, authorize(provider, "bob", challenge, nonce), verifier)
    client = APIClient()
    wrong = client.post(
        f"/auth/social/{PROVIDER}/token/", {"id_token": id_token, "nonce": "other"}, format="json"
    )
    assert (wrong.status_code, wrong.data["code"]) == (401, "invalid_social_token")
    response = client.post(
        f"/auth/social/{PROVIDER}/token/", {"id_token": id_token, "nonce": nonce}, format="json"
    )
    assert response.status_code == 200, response.data
    assert SocialAccount.objects.get().user.email == "bob@example.com"


def test_connect_links_the_provider_to_the_signed_in_user(provider, loopback_app, user):
    verifier, challenge = pkce_pair()
    code = authorize(provider, "ada", challenge)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {access_for(user)}")
    body = {"code": code, "callback_url": CALLBACK, "code_verifier": verifier}
    response = client.post(f"/auth/social/{PROVIDER}/connect/code/", body, format="json")
    assert response.status_code == 201, response.data
    assert SocialAccount.objects.get().user == user
    listed = client.get("/auth/social/accounts/")
    assert [a["provider"] for a in listed.data] == [PROVIDER]


def test_unverified_provider_address_cannot_take_over_a_local_account(provider, loopback_app, user):
    verifier, challenge = pkce_pair()
    code = authorize(provider, "eve", challenge)  # claims alice@example.com, unverified
    body = {"code": code, "callback_url": CALLBACK, "code_verifier": verifier}
    response = APIClient().post(f"/auth/social/{PROVIDER}/code/", body, format="json")
    assert (response.status_code, response.data["code"]) == (400, "provider_email_unverified")
    assert not SocialAccount.objects.exists()


def test_server_issued_state_and_nonce_through_the_provider(provider, loopback_app, settings):
    settings.JWT_ALLAUTH_SOCIAL_REQUIRE_STATE = True
    verifier, challenge = pkce_pair()
    client = APIClient()
    body = {"callback_url": CALLBACK, "code_challenge": challenge}
    flow = client.post(f"/auth/social/{PROVIDER}/start/", body, format="json").data
    url = urlparse(flow["authorization_url"])
    assert f"{url.scheme}://{url.netloc}" == provider.base_url
    returned = sign_in_and_consent(provider, "ada", f"{url.path}?{url.query}")
    assert returned["state"] == [flow["state"]]
    body = {
        "code": returned["code"][0],
        "callback_url": CALLBACK,
        "code_verifier": verifier,
        "state": returned["state"][0],
        "state_secret": flow["state_secret"],
    }
    response = client.post(f"/auth/social/{PROVIDER}/code/", body, format="json")
    assert response.status_code == 200, response.data
    assert SocialAccount.objects.get().user.email == "ada@example.com"
    replay = client.post(f"/auth/social/{PROVIDER}/code/", body, format="json")
    assert (replay.status_code, replay.data["code"]) == (400, "state_invalid")
