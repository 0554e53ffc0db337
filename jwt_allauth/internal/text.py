"""Client text that cannot be encoded: the lone surrogates JSON can spell (``"\\ud800"``).

Python decodes them into a str that UTF-8 refuses, so hashing, storing or
rendering such text raises UnicodeEncodeError far from where it came in.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from rest_framework.settings import api_settings

SURROGATES = re.compile("[\ud800-\udfff]")
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def is_encodable(text: str) -> bool:
    return text.isascii() or SURROGATES.search(text) is None


def storable(text: str) -> str:
    """``text`` without the characters no database column takes (NUL, surrogates)."""
    return UNSTORABLE.sub("", text)


def unencodable_fields(data: object, skip: tuple[str, ...] = ()) -> Iterator[str]:
    """Top-level fields of a parsed document holding text that cannot be encoded.

    A bad key, or a document that is not an object, is reported as the
    non-field key; values under ``skip`` are left to whoever reads them.
    """
    if not isinstance(data, dict):
        if not _all_encodable(data):
            yield api_settings.NON_FIELD_ERRORS_KEY
        return
    for key, value in data.items():
        if not is_encodable(key):
            yield api_settings.NON_FIELD_ERRORS_KEY
        elif key not in skip and not _all_encodable(value):
            yield key


def nesting_depth(value: object) -> int:
    """How deep lists and objects nest in parsed JSON, walked without recursion."""
    deepest, pending = 0, [(value, 1)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, depth)
            pending.extend((child, depth + 1) for child in _children(item))
    return deepest


def _children(item: dict[object, object] | list[object]) -> Iterable[object]:
    return item.values() if isinstance(item, dict) else item


def _all_encodable(value: object) -> bool:
    """Walks iteratively: the decoder allows nesting deeper than our stack would."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            if not is_encodable(item):
                return False
        elif isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return True
