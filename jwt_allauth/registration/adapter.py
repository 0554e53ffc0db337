"""The account adapter's former path, which ``ACCOUNT_ADAPTER`` settings may still name.

It lives in ``jwt_allauth.adapter``; this module only re-exports it.
"""

from __future__ import annotations

from jwt_allauth.adapter import (
    ACCOUNT_EXISTS_MAIL,
    INVITATION_MAIL,
    VERIFICATION_MAIL,
    AccountAdapter,
    get_adapter,
)

__all__ = [
    "ACCOUNT_EXISTS_MAIL",
    "INVITATION_MAIL",
    "VERIFICATION_MAIL",
    "AccountAdapter",
    "get_adapter",
]
