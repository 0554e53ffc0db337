"""Access tokens whose signature was verified, remembered per process.

A client sends one access token with every request until it expires, and
verifying it (PyJWT's checks of the encoding and the key, then the HMAC) cost
more than the rest of authenticating a request. What a verification proves is a
pure function of the token and the key: that the payload is the one signed. That
is all that is remembered. The time claims are checked against the clock on every
use, as PyJWT checks them, and everything that can change after signing (a
revoked session, a deactivated user) is checked exactly where and when it was
before, since it never was part of decoding.
"""

from __future__ import annotations

import copy
import threading
import time
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

SIZE = 4096
"""Tokens remembered per process; the least recently used goes first."""


@dataclass(frozen=True)
class _Verified:
    payload: dict[str, Any]
    flat: bool  # no list or dict inside: a shallow copy is a full one
    valid_from: float
    expires: float


class RememberingBackend:
    """simplejwt's token backend; ``decode`` answers a token it verified before from memory.

    Tokens are remembered only while the backend's configuration (algorithm,
    keys, audience, issuer, leeway) is the one that verified them, and never
    when keys come from a JWKS endpoint, whose keys may be withdrawn.
    """

    def __init__(self, backend: Any) -> None:
        self.backend = backend
        self._verified: OrderedDict[str, _Verified] = OrderedDict()
        self._config: Hashable = None
        self._lock = threading.Lock()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.backend, name)

    def encode(self, payload: dict[str, Any]) -> str:
        encoded: str = self.backend.encode(payload)
        return encoded

    def decode(self, token: Any, verify: bool = True) -> dict[str, Any]:
        config = self._current_config()
        if not verify or config is None or not isinstance(token, str):
            unremembered: dict[str, Any] = self.backend.decode(token, verify=verify)
            return unremembered
        leeway = self.backend.get_leeway().total_seconds()
        found = self._recall(token, config, leeway)
        if found is not None:
            return dict(found.payload) if found.flat else copy.deepcopy(found.payload)
        payload: dict[str, Any] = self.backend.decode(token, verify=True)
        self._remember(token, config, payload)
        return payload

    def _current_config(self) -> Hashable:
        backend = self.backend
        if getattr(backend, "jwks_client", None) is not None:
            return None
        audience = backend.audience
        if audience is not None and not isinstance(audience, str):
            audience = tuple(audience)
        return (
            backend.algorithm,
            backend.signing_key,
            backend.verifying_key,
            audience,
            backend.issuer,
            repr(backend.leeway),
        )

    def _recall(self, token: str, config: Hashable, leeway: float) -> _Verified | None:
        now = time.time()
        with self._lock:
            if config != self._config:
                self._verified.clear()
                self._config = config
                return None
            found = self._verified.get(token)
            if found is None:
                return None
            if found.valid_from > now + leeway or found.expires <= now - leeway:
                del self._verified[token]  # PyJWT refuses it now, and says why
                return None
            self._verified.move_to_end(token)
            return found

    def _remember(self, token: str, config: Hashable, payload: dict[str, Any]) -> None:
        verified = _verified(payload)
        if verified is None:
            return
        with self._lock:
            if config != self._config:
                return
            self._verified[token] = verified
            self._verified.move_to_end(token)
            while len(self._verified) > SIZE:
                self._verified.popitem(last=False)


def _verified(payload: dict[str, Any]) -> _Verified | None:
    """What to remember of a verified payload; None for one without an integer expiry."""
    try:
        expires = int(payload["exp"])
        valid_from = max(int(payload.get("iat", 0)), int(payload.get("nbf", 0)))
    except (KeyError, TypeError, ValueError, OverflowError):
        return None
    flat = not any(isinstance(value, (dict, list)) for value in payload.values())
    kept = dict(payload) if flat else copy.deepcopy(payload)
    return _Verified(payload=kept, flat=flat, valid_from=valid_from, expires=expires)


_current: RememberingBackend | None = None
_current_lock = threading.Lock()


def remembering(backend: Any) -> RememberingBackend:
    """The remembering wrapper of ``backend``; a new backend starts with nothing remembered."""
    global _current
    current = _current
    if current is not None and current.backend is backend:
        return current
    with _current_lock:
        if _current is None or _current.backend is not backend:
            _current = RememberingBackend(backend)
        return _current
