"""POST social/<provider>/token/: id_tokens and access tokens, good and bad."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time

import pytest
import requests
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

from tests.helpers.social import CLIENT_ID, ISSUER, PROVIDER, nothing_written

URL = f"/auth/social/{PROVIDER}/token/"
pytestmark = pytest.mark.django_db


def post(body: dict, url: str = URL):
    return APIClient().post(url, body, format="json")


def invalid(code: str = "invalid_social_token") -> dict:
    details = {
        "invalid_social_token": "The provider did not accept this credential.",
        "client_id_mismatch": "This credential was issued for another application.",
    }
    return {"detail": details[code], "code": code}


def hs256_with_public_key(idp) -> str:
    """The algorithm-confusion forgery: HMAC keyed with the provider's public JWK."""

    def b64(raw: bytes) -> bytes:
        return base64.urlsafe_b64encode(raw).rstrip(b"=")

    header = b64(json.dumps({"alg": "HS256", "kid": "key-1", "typ": "JWT"}).encode())
    now = int(time.time())
    claims = {"iss": ISSUER, "aud": CLIENT_ID, "sub": "x", "exp": now + 300, "iat": now}
    payload = b64(json.dumps(claims).encode())
    secret = json.dumps(idp.jwks()["keys"][0]).encode()
    signature = b64(hmac.new(secret, header + b"." + payload, hashlib.sha256).digest())
    return (header + b"." + payload + b"." + signature).decode()


def test_id_token_signs_up_and_opens_a_session(idp, settings):
    settings.JWT_ALLAUTH_REFRESH_TOKEN_AS_COOKIE = False
    response = post({"id_token": idp.id_token(sub="sub-alice"), "client_id": CLIENT_ID})
    assert response.status_code == 200, response.data
    assert set(response.data) == {"access", "refresh"}
    account = SocialAccount.objects.get()
    assert (account.provider, account.uid) == (PROVIDER, "sub-alice")
    assert account.user.email == "social@example.com"
    assert not account.user.has_usable_password()


def test_known_provider_account_signs_in_again(idp):
    first = post({"id_token": idp.id_token(sub="sub-bob")})
    second = post({"id_token": idp.id_token(sub="sub-bob")})
    assert (first.status_code, second.status_code) == (200, 200)
    assert SocialAccount.objects.count() == get_user_model().objects.count() == 1


@pytest.mark.parametrize(
    "forge",
    [
        pytest.param(lambda idp, other: idp.id_token(key=other), id="forged-signature"),
        pytest.param(lambda idp, other: idp.id_token(exp=int(time.time()) - 60), id="expired"),
        pytest.param(lambda idp, other: idp.id_token(exp=None), id="no-expiry"),
        pytest.param(lambda idp, other: idp.id_token(aud="another-client"), id="wrong-audience"),
        pytest.param(lambda idp, other: idp.id_token(iss="https://evil.test"), id="wrong-issuer"),
        pytest.param(
            lambda idp, other: jwt_none(idp),
            id="alg-none",
        ),
        pytest.param(lambda idp, other: hs256_with_public_key(idp), id="alg-confusion-hs256"),
        pytest.param(lambda idp, other: idp.id_token(headers={"kid": "unknown"}), id="unknown-kid"),
        pytest.param(lambda idp, other: "not.a.jwt", id="malformed"),
        pytest.param(lambda idp, other: "x" * 500, id="garbage"),
    ],
)
def test_bad_id_tokens_are_refused_and_write_nothing(idp, other_key, forge):
    response = post({"id_token": forge(idp, other_key)})
    assert response.status_code == 401, response.data
    assert response.data == invalid()
    assert nothing_written()


def jwt_none(idp) -> str:
    import jwt

    now = int(time.time())
    claims = {"iss": ISSUER, "aud": CLIENT_ID, "sub": "x", "exp": now + 300, "iat": now}
    return jwt.encode(claims, None, algorithm="none", headers={"kid": "key-1"})


def test_token_for_another_client_id_is_refused(idp):
    response = post({"id_token": idp.id_token(), "client_id": "someone-elses-app"})
    assert response.status_code == 401
    assert response.data == invalid("client_id_mismatch")
    assert nothing_written()


def test_id_token_signs_in_only_once(idp):
    token = idp.id_token()
    assert post({"id_token": token}).status_code == 200
    replay = post({"id_token": token})
    assert replay.status_code == 401
    assert replay.data == invalid()


def test_nonce_must_match_when_sent(idp):
    assert post({"id_token": idp.id_token(nonce="n-1"), "nonce": "n-2"}).data == invalid()
    assert post({"id_token": idp.id_token(), "nonce": "n-2"}).data == invalid()
    assert nothing_written()
    assert post({"id_token": idp.id_token(nonce="n-3"), "nonce": "n-3"}).status_code == 200


def test_unknown_provider_is_404(idp):
    response = post({"id_token": idp.id_token()}, url="/auth/social/nope/token/")
    assert response.status_code == 404
    assert response.data == {
        "detail": "This provider is not configured.",
        "code": "provider_not_configured",
    }


def test_neither_token_is_a_field_error(idp):
    response = post({})
    assert response.status_code == 400
    assert {f: [e.code for e in errors] for f, errors in response.data.items()} == {
        "id_token": ["required"]
    }
    assert nothing_written()


def test_access_token_is_checked_with_the_provider(idp):
    response = post({"access_token": "good-access-token"})
    assert response.status_code == 200, response.data
    assert SocialAccount.objects.get().uid == "sub-userinfo"


def test_access_token_the_provider_rejects_is_401(idp):
    response = post({"access_token": "revoked"})
    assert response.status_code == 401
    assert response.data == invalid()
    assert nothing_written()


@pytest.mark.parametrize(
    ("failure", "status", "code"),
    [
        (requests.ConnectionError("refused"), 503, "provider_unavailable"),
        (requests.ReadTimeout("slow"), 503, "provider_unavailable"),
    ],
)
def test_provider_down_or_slow_is_503(idp, failure, status, code):
    idp.mock.replace("GET", f"{ISSUER}/jwks", body=failure)
    response = post({"id_token": idp.id_token()})
    assert response.status_code == status
    assert response.data["code"] == code
    assert nothing_written()


def test_provider_error_is_502(idp):
    idp.mock.replace("GET", f"{ISSUER}/jwks", status=500, body="oops")
    response = post({"id_token": idp.id_token()})
    assert response.status_code == 502
    assert response.data == {
        "detail": "The provider answered with an error of its own. Try again later.",
        "code": "provider_error",
    }
    assert nothing_written()


def test_requests_to_the_provider_carry_a_timeout(idp, settings):
    seen = []
    original = requests.Session.request

    def spy(self, method, url, **kwargs):
        seen.append(kwargs.get("timeout"))
        return original(self, method, url, **kwargs)

    settings.SOCIALACCOUNT_REQUESTS_TIMEOUT = 3
    requests.Session.request = spy
    try:
        assert post({"id_token": idp.id_token()}).status_code == 200
    finally:
        requests.Session.request = original
    assert seen and set(seen) == {3}
