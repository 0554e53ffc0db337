"""Time-ordered UUIDs (version 7 of RFC 9562), for primary keys that grow with time.

Rows created together sit together in a primary-key index, so deleting the
oldest rows (the session purge) empties whole index pages instead of a few
entries on every page. Python 3.11 has no ``uuid.uuid7``; this is the layout:
48 bits of Unix time in milliseconds, version 7, 12 random bits, the RFC
variant, 62 random bits. The id reveals its creation time to the millisecond,
which for a session is already in its tokens' ``iat``.
"""

from __future__ import annotations

import secrets
import time
import uuid
from collections.abc import Callable
from datetime import datetime

_TIME_BITS = 48
_RANDOM_A_BITS = 12
_RANDOM_B_BITS = 62


def uuid7(
    at: datetime | None = None, randbits: Callable[[int], int] = secrets.randbits
) -> uuid.UUID:
    """A version 7 UUID for ``at`` (default: now); ``randbits`` supplies the random part."""
    millis = int(at.timestamp() * 1000) if at is not None else time.time_ns() // 1_000_000
    if not 0 <= millis < 1 << _TIME_BITS:
        raise ValueError("time out of range for a version 7 UUID")
    value = millis << (128 - _TIME_BITS)
    value |= 0x7 << 76 | randbits(_RANDOM_A_BITS) << 64
    value |= 0b10 << 62 | randbits(_RANDOM_B_BITS)
    return uuid.UUID(int=value)


def uuid7_millis(value: uuid.UUID) -> int:
    """The Unix time in milliseconds stored in a version 7 UUID."""
    return value.int >> (128 - _TIME_BITS)
