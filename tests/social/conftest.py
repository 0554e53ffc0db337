"""A fake OpenID Connect provider over ``responses``: discovery, JWKS, token, userinfo."""

from __future__ import annotations

import json
from importlib.util import find_spec

import pytest

SOCIAL_TEST_LIBRARIES = ("requests", "jwt", "cryptography", "responses")


collect_ignore_glob = (
    [] if all(find_spec(name) for name in SOCIAL_TEST_LIBRARIES) else ["test_*.py", "*_urls.py"]
)


if not collect_ignore_glob:
    import responses
    from allauth.socialaccount.models import SocialApp
    from cryptography.hazmat.primitives.asymmetric import rsa
    from django.contrib.sites.models import Site

    from tests.helpers.social import (
        CALLBACK,
        CLIENT_ID,
        ISSUER,
        PROVIDER,
        SECRET,
        FakeIdP,
    )


@pytest.fixture(scope="session")
def signing_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="session")
def other_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


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
