"""Types the features share."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias, cast
from uuid import UUID

from django.http import HttpRequest

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

StrOrPromise: TypeAlias = "str | _StrPromise"
"""Text, or a lazy translation (``gettext_lazy``) of it."""

UserPk: TypeAlias = int | str
"""A user's primary key: an int, or text (a token's claim; django-stubs type lookups so)."""

SessionId: TypeAlias = UUID | str
"""A session's primary key, or its text form as a token's ``sid`` claim carries it."""


def caller_pk(request: HttpRequest) -> UserPk:
    """The signed-in caller's primary key, in views behind ``IsAuthenticated``.

    The stubs type ``request.user`` as possibly anonymous (pk None); the permission
    class has ruled that out before the view runs.
    """
    return cast(UserPk, request.user.pk)
