"""Helpers shared by the social tests (their fixtures live in tests/social/conftest.py)."""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
import time
from dataclasses import dataclass, field
from urllib.parse import parse_qs

import jwt
import responses

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


def nothing_written() -> bool:
    from allauth.socialaccount.models import SocialAccount
    from django.contrib.auth import get_user_model

    from jwt_allauth.sessions.models import UserSession

    return (
        not SocialAccount.objects.exists()
        and not UserSession.objects.exists()
        and not get_user_model().objects.filter(email__iexact="social@example.com").exists()
    )
