"""A fake OpenID Connect provider over ``responses``: discovery, JWKS, token, userinfo."""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
import time
from dataclasses import dataclass, field
from importlib.util import find_spec
from urllib.parse import parse_qs

import pytest

SOCIAL_TEST_LIBRARIES = ("requests", "jwt", "cryptography", "responses")
collect_ignore_glob = (
    [] if all(find_spec(name) for name in SOCIAL_TEST_LIBRARIES) else ["test_*.py", "*_urls.py"]
)
if not collect_ignore_glob:
    import jwt
    import responses
    from allauth.socialaccount.models import SocialApp
    from cryptography.hazmat.primitives.asymmetric import rsa
    from django.contrib.sites.models import Site

ISSUER = "https://idp.example.test"
CLIENT_ID = "client-123"
SECRET = "app-secret-not-public"
PROVIDER = "acme"
CALLBACK = "https://app.example.test/callback"
KID = "key-1"
VERIFIER = "v" * 43
_subjects = itertools.count(1)


def s256(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


@pytest.fixture(scope="session")
def signing_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="session")
def other_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@dataclass
class FakeIdP:
    """What the fake provider knows: its key, the codes it issued, the profile it serves."""

    key: object
    mock: responses.RequestsMock
    codes: dict = field(default_factory=dict)
    access_tokens: dict = field(default_factory=dict)

    def id_token(self, key=None, headers=None, algorithm="RS256", **claims) -> str:
        now = int(time.time())
        body = {
            "iss": ISSUER,
            "aud": CLIENT_ID,
            "sub": f"sub-{next(_subjects)}",
            "iat": now,
            "exp": now + 300,
            "email": "social@example.com",
            "email_verified": True,
            "jti": f"jti-{next(_subjects)}",
        }
        body.update(claims)
        body = {k: v for k, v in body.items() if v is not None}
        signing = key if key is not None else self.key
        return jwt.encode(
            body, signing, algorithm=algorithm, headers={"kid": KID, **(headers or {})}
        )

    def issue_code(self, verifier: str = VERIFIER, **claims) -> str:
        code = f"code-{next(_subjects)}"
        id_token = self.id_token(**claims)
        self.codes[code] = {"challenge": s256(verifier), "id_token": id_token}
        self.access_tokens["at-" + code] = jwt.decode(id_token, options={"verify_signature": False})
        return code

    def jwks(self) -> dict:
        numbers = self.key.public_key().public_numbers()

        def b64(n: int) -> str:
            raw = n.to_bytes((n.bit_length() + 7) // 8, "big")
            return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

        jwk = {"kty": "RSA", "kid": KID, "alg": "RS256", "use": "sig"}
        jwk.update(n=b64(numbers.n), e=b64(numbers.e))
        return {"keys": [jwk]}

    def token_endpoint(self, request):
        form = {k: v[0] for k, v in parse_qs(request.body).items()}
        issued = self.codes.get(form.get("code"))
        if (
            issued is None
            or form.get("client_secret") != SECRET
            or form.get("redirect_uri") != CALLBACK
            or s256(form.get("code_verifier", "")) != issued["challenge"]
        ):
            return 400, {}, json.dumps({"error": "invalid_grant"})
        body = {"access_token": "at-" + form["code"], "token_type": "Bearer"}
        body["id_token"] = issued["id_token"]
        return 200, {"Content-Type": "application/json"}, json.dumps(body)

    def userinfo_endpoint(self, request):
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        profile = self.access_tokens.get(token)
        if profile is None:
            return 401, {}, json.dumps({"error": "invalid_token"})
        return 200, {"Content-Type": "application/json"}, json.dumps(profile)


@pytest.fixture
def social_app(db):
    app = SocialApp.objects.create(
        provider="openid_connect",
        provider_id=PROVIDER,
        name="Acme ID",
        client_id=CLIENT_ID,
        secret=SECRET,
        settings={"server_url": ISSUER},
    )
    app.sites.add(Site.objects.get_current())
    return app


@pytest.fixture
def social_settings(settings):
    settings.JWT_ALLAUTH_SOCIAL_CALLBACK_URLS = [CALLBACK]
    settings.SOCIALACCOUNT_REQUESTS_TIMEOUT = 2
    return settings


@pytest.fixture
def idp(social_app, social_settings, signing_key):
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        fake = FakeIdP(key=signing_key, mock=mock)
        fake.access_tokens["good-access-token"] = {
            "sub": "sub-userinfo",
            "email": "info@example.com",
            "email_verified": True,
        }
        mock.get(
            f"{ISSUER}/.well-known/openid-configuration",
            json={
                "issuer": ISSUER,
                "authorization_endpoint": f"{ISSUER}/authorize",
                "token_endpoint": f"{ISSUER}/token",
                "userinfo_endpoint": f"{ISSUER}/userinfo",
                "jwks_uri": f"{ISSUER}/jwks",
                "token_endpoint_auth_methods_supported": ["client_secret_post"],
            },
        )
        mock.add_callback(
            responses.GET, f"{ISSUER}/jwks", lambda r: (200, {}, json.dumps(fake.jwks()))
        )
        mock.add_callback(responses.POST, f"{ISSUER}/token", fake.token_endpoint)
        mock.add_callback(responses.GET, f"{ISSUER}/userinfo", fake.userinfo_endpoint)
        yield fake


def nothing_written() -> bool:
    from allauth.socialaccount.models import SocialAccount
    from django.contrib.auth import get_user_model

    from jwt_allauth.sessions.models import UserSession

    return (
        not SocialAccount.objects.exists()
        and not UserSession.objects.exists()
        and not get_user_model().objects.filter(email__iexact="social@example.com").exists()
    )
