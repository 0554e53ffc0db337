"""The server-issued ``state`` and ``nonce`` of a sign-in: single use, bound to its client.

``start`` mints three random values: the ``state`` (it travels through the browser in
the authorization request and back), the ``nonce`` (the provider copies it into the
id_token) and the ``state_secret``, which never leaves the client that asked. The cache
holds one record under a hash of all three bindings -- provider, state, secret -- so the
state and the secret are never stored in clear, and a state read off a URL is worthless
without the secret held by the client that started the flow. Nothing goes into a session.

``spend`` takes the record once: ``cache.add`` of a spent marker is atomic on every
backend, so of two requests presenting one state at once only one gets the record. The
PKCE verifier stays with the client (a public SPA or mobile app is the party that must
prove it started the flow); the server only keeps its ``code_challenge`` to check the
verifier against it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import TypedDict
from urllib.parse import urlencode

from django.core.cache import cache

from jwt_allauth import exceptions
from jwt_allauth.app_settings import app_settings

RECORD_KEY = "jwt_allauth:social:state:{digest}"
SPENT_KEY = "jwt_allauth:social:state-spent:{digest}"


class StateRecord(TypedDict):
    """What the cache keeps of a started flow."""

    nonce: str
    callback_url: str | None
    code_challenge: str | None


@dataclass(frozen=True)
class Flow:
    """What ``start`` hands the client; only ``state`` and ``nonce`` go to the provider."""

    state: str
    state_secret: str
    nonce: str
    expires_in: int
    authorization_url: str | None


def _digest(provider_id: str, state: str, state_secret: str) -> str:
    message = f"{provider_id}\0{state}\0{state_secret}".encode()
    return hashlib.sha256(message).hexdigest()


def s256(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def start(
    provider_id: str,
    *,
    callback_url: str | None = None,
    code_challenge: str | None = None,
    authorize_url: str | None = None,
    auth_params: dict[str, str] | None = None,
) -> Flow:
    """Store a new flow's record; build the authorization URL when a callback is given."""
    state, state_secret, nonce = (secrets.token_urlsafe(32) for _ in range(3))
    lifetime = max(1, int(app_settings.SOCIAL_STATE_LIFETIME.total_seconds()))
    record: StateRecord = {
        "nonce": nonce,
        "callback_url": callback_url,
        "code_challenge": code_challenge,
    }
    cache.set(RECORD_KEY.format(digest=_digest(provider_id, state, state_secret)), record, lifetime)
    url = None
    if authorize_url and callback_url:
        query = {**(auth_params or {}), "redirect_uri": callback_url, "response_type": "code"}
        query.update(state=state, nonce=nonce)
        if code_challenge:
            query.update(code_challenge=code_challenge, code_challenge_method="S256")
        separator = "&" if "?" in authorize_url else "?"
        url = f"{authorize_url}{separator}{urlencode(query)}"
    return Flow(state, state_secret, nonce, lifetime, url)


def spend(provider_id: str, state: str, state_secret: str) -> StateRecord:
    """The flow's record, once; unknown, expired, spent or another client's: ``state_invalid``."""
    digest = _digest(provider_id, state, state_secret)
    record: StateRecord | None = cache.get(RECORD_KEY.format(digest=digest))
    if not isinstance(record, dict):
        raise exceptions.SocialStateInvalid()
    lifetime = max(1, int(app_settings.SOCIAL_STATE_LIFETIME.total_seconds()))
    if not cache.add(SPENT_KEY.format(digest=digest), 1, timeout=lifetime):
        raise exceptions.SocialStateInvalid()
    cache.delete(RECORD_KEY.format(digest=digest))
    return record


def check_code_binding(record: StateRecord, callback_url: str, code_verifier: str | None) -> None:
    """A state started for one callback URL or PKCE pair is not spent with another."""
    if record.get("callback_url") and record["callback_url"] != callback_url:
        raise exceptions.SocialStateInvalid()
    challenge = record.get("code_challenge")
    if challenge and not (code_verifier and hmac.compare_digest(challenge, s256(code_verifier))):
        raise exceptions.SocialStateInvalid()


def expected_nonce(record: StateRecord, sent: str | None) -> str:
    """The issued nonce; a client that also sends one must send that one."""
    nonce = record["nonce"]
    if sent is not None and not hmac.compare_digest(sent, nonce):
        raise exceptions.SocialStateInvalid()
    return nonce
