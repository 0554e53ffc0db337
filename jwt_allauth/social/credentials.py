"""From what a client hands over (an id_token, an access token, a code) to a ``SocialLogin``.

The provider's own code in ``allauth.socialaccount`` does the checking: JWKS,
issuer, audience and expiry for an id_token, the token exchange for a code,
the profile request for an access token. Around it this module adds what an
API needs: a header check before allauth chooses an algorithm, single use of
id_tokens and codes, the callback allow-list, PKCE, the nonce, and one coded
error per kind of failure (a provider outage is a 502/503, not a 401).
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from allauth.socialaccount.adapter import get_adapter as get_social_adapter
from allauth.socialaccount.models import SocialApp, SocialLogin, SocialToken
from allauth.socialaccount.providers.base import Provider
from allauth.socialaccount.providers.oauth2.client import OAuth2Client, OAuth2Error
from allauth.socialaccount.providers.oauth2.views import OAuth2Adapter
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.http import HttpRequest

from jwt_allauth import exceptions
from jwt_allauth.app_settings import app_settings
from jwt_allauth.internal.compat import pyjwt, requests

ID_TOKEN_ALGORITHMS = frozenset(
    {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"}
)
"""Asymmetric only: an HMAC id_token would be keyed with a public JWK, and ``none`` is no key."""

SPENT_KEY = "jwt_allauth:social:spent:{kind}:{digest}"
MAX_ID_TOKEN_LIFETIME = 24 * 3600


def get_provider(request: HttpRequest, provider_id: str, client_id: str | None = None) -> Provider:
    """The configured provider for ``provider_id``; a ``client_id`` must name its app."""
    lookup_errors = (
        SocialApp.DoesNotExist,
        SocialApp.MultipleObjectsReturned,
        ImproperlyConfigured,
        KeyError,
    )
    try:
        provider = get_social_adapter().get_provider(request, provider_id)
    except lookup_errors as error:
        raise exceptions.SocialProviderNotConfigured() from error
    app = getattr(provider, "app", None)
    if client_id and (app is None or not hmac.compare_digest(client_id, app.client_id)):
        raise exceptions.SocialClientMismatch()
    return provider


@contextmanager
def provider_errors() -> Iterator[None]:
    """Map what talking to a provider can raise onto our coded errors."""
    try:
        yield
    except ValidationError as error:
        raise _classify(error.__cause__) from error
    except (OAuth2Error, requests.RequestException, pyjwt.PyJWTError, KeyError) as error:
        raise _classify(error) from error


def _classify(cause: BaseException | None) -> exceptions.CodedError:
    if isinstance(cause, requests.Timeout | requests.ConnectionError):
        return exceptions.SocialProviderUnavailable()
    response = getattr(cause, "response", None)
    if isinstance(cause, requests.HTTPError) and response is not None:
        if response.status_code >= 500:
            return exceptions.SocialProviderError()
    return exceptions.SocialTokenInvalid()


def spend_once(kind: str, value: str, timeout: float) -> None:
    """Refuse a credential presented before; ``cache.add`` is atomic on every backend."""
    digest = hashlib.sha256(value.encode()).hexdigest()
    key = SPENT_KEY.format(kind=kind, digest=digest)
    if not cache.add(key, 1, timeout=max(1, int(timeout))):
        raise exceptions.SocialTokenInvalid()


def check_id_token_header(id_token: str) -> None:
    """Only signed tokens with an asymmetric algorithm and a key id reach allauth."""
    try:
        header = pyjwt.get_unverified_header(id_token)
    except pyjwt.PyJWTError as error:
        raise exceptions.SocialTokenInvalid() from error
    if header.get("alg") not in ID_TOKEN_ALGORITHMS or not isinstance(header.get("kid"), str):
        raise exceptions.SocialTokenInvalid()


def check_claims(id_token: str, nonce: str | None) -> dict[str, Any]:
    """Expiry and nonce, read before the signature check so a mismatch spends nothing.

    The same token's signature is verified right after; a forged claim fails there.
    """
    try:
        claims = pyjwt.decode(id_token, options={"verify_signature": False})
    except pyjwt.PyJWTError as error:
        raise exceptions.SocialTokenInvalid() from error
    expires = claims.get("exp")
    if not isinstance(expires, int | float) or expires <= time.time():
        raise exceptions.SocialTokenInvalid()
    if nonce is not None and not _nonce_matches(claims.get("nonce"), nonce):
        raise exceptions.SocialTokenInvalid()
    return claims


def _nonce_matches(claimed: object, sent: str) -> bool:
    """The nonce as sent, or its SHA-256 hex (what Apple's SDKs put in the token)."""
    if not isinstance(claimed, str):
        return False
    hashed = hashlib.sha256(sent.encode()).hexdigest()
    return hmac.compare_digest(claimed, sent) or hmac.compare_digest(claimed, hashed)


def login_from_id_token(
    request: HttpRequest, provider: Provider, id_token: str, nonce: str | None
) -> SocialLogin:
    """Verify an id_token with the provider's keys; each id_token signs in once."""
    if not getattr(provider, "supports_token_authentication", False):
        raise exceptions.SocialFlowNotSupported()
    check_id_token_header(id_token)
    claims = check_claims(id_token, nonce)
    token = {"id_token": id_token, "client_id": provider.app.client_id}
    with provider_errors():
        sociallogin = provider.verify_token(request, token)
    lifetime = min(claims["exp"] - time.time(), MAX_ID_TOKEN_LIFETIME)
    spend_once("id_token", f"{provider.sub_id}\0{id_token}", lifetime)
    return sociallogin


def login_from_access_token(
    request: HttpRequest, provider: Provider, access_token: str
) -> SocialLogin:
    """Ask the provider who the access token belongs to (its profile endpoint)."""
    if not app_settings.social_access_token_allowed(provider.sub_id):
        raise exceptions.SocialAccessTokenNotAllowed()
    adapter = oauth2_adapter(request, provider)
    app = provider.app
    token = SocialToken(app=app, token=access_token)
    with provider_errors():
        sociallogin = adapter.complete_login(
            request, app, token, response={"access_token": access_token}
        )
    sociallogin.token = token
    return sociallogin


def oauth2_adapter(request: HttpRequest, provider: Provider) -> OAuth2Adapter:
    try:
        return provider.get_oauth2_adapter(request)
    except (AttributeError, ImproperlyConfigured) as error:
        raise exceptions.SocialFlowNotSupported() from error


def check_callback_url(callback_url: str) -> None:
    if callback_url not in app_settings.SOCIAL_CALLBACK_URLS:
        raise exceptions.CallbackURLNotAllowed()


def login_from_code(
    request: HttpRequest,
    provider: Provider,
    code: str,
    callback_url: str,
    code_verifier: str | None,
    *,
    adapter: OAuth2Adapter | None = None,
    client_class: type[OAuth2Client] | None = None,
    nonce: str | None = None,
) -> SocialLogin:
    """Exchange a code (once) at the provider's token endpoint, then read the identity."""
    adapter = adapter or oauth2_adapter(request, provider)
    app = provider.app
    spend_once(
        "code",
        f"{provider.sub_id}\0{code}",
        app_settings.SOCIAL_CODE_LIFETIME.total_seconds(),
    )
    client = (client_class or getattr(adapter, "client_class", OAuth2Client))(
        request,
        app.client_id,
        app.secret,
        adapter.access_token_method,
        adapter.access_token_url,
        callback_url,
        scope_delimiter=adapter.scope_delimiter,
        headers=adapter.headers,
        basic_auth=adapter.basic_auth,
    )
    with provider_errors():
        token_data = client.get_access_token(code, pkce_code_verifier=code_verifier)
        if nonce is not None and token_data.get("id_token"):
            check_claims(token_data["id_token"], nonce)
        token = adapter.parse_token(token_data)
        token.app = app
        sociallogin = adapter.complete_login(request, app, token, response=token_data)
    sociallogin.token = token
    return sociallogin


def authorization_endpoint(request: HttpRequest, provider: Provider) -> tuple[str, dict[str, str]]:
    """The provider's authorization URL and the parameters every request to it carries."""
    adapter = oauth2_adapter(request, provider)
    with provider_errors():
        url = adapter.authorize_url
    params = {**provider.get_auth_params(), "client_id": provider.app.client_id}
    scope = provider.get_scope()
    if scope:
        params["scope"] = adapter.scope_delimiter.join(scope)
    return url, params
