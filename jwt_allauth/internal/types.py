"""Types the features share."""

from __future__ import annotations

from typing import TypeAlias
from uuid import UUID

UserPk: TypeAlias = int | str | UUID
"""A user's primary key, whatever ``AUTH_USER_MODEL``'s key field is."""
