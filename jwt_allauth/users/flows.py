"""Loading the account behind a token."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model

from jwt_allauth.exceptions import UserNotFound


def load_active_user(user_id: Any) -> Any:
    """The user row for ``user_id``; a deleted or inactive account is ``UserNotFound``."""
    user = get_user_model()._default_manager.filter(pk=user_id).first()
    if user is None or not getattr(user, "is_active", True):
        raise UserNotFound()
    return user
