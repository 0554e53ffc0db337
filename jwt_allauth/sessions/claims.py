"""The user-derived claims a token carries: ``role`` and the configured attributes."""

from __future__ import annotations

import datetime
import decimal
import uuid
from collections.abc import Mapping
from typing import TypeAlias

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ObjectDoesNotExist
from django.db import models

from jwt_allauth import constants
from jwt_allauth.app_settings import app_settings
from jwt_allauth.roles import get_user_role

ClaimValue: TypeAlias = "None | bool | int | float | str | list[ClaimValue] | dict[str, ClaimValue]"
"""What a JSON token payload can hold."""


def build_user_claims(user: AbstractBaseUser) -> dict[str, ClaimValue]:
    claims = {
        claim: to_claim_value(resolve_attribute(user, path))
        for claim, path in app_settings.USER_ATTRIBUTES.items()
    }
    # Last, so that no configured attribute can stand in for the role.
    claims[constants.ROLE_CLAIM] = to_claim_value(get_user_role(user))
    return claims


def resolve_attribute(obj: object, dotted_path: str) -> object:
    """Follow ``a.b.c`` from ``obj``; a missing object or attribute gives None."""
    for part in dotted_path.split("."):
        if obj is None:
            return None
        try:
            obj = getattr(obj, part)
        except (AttributeError, ObjectDoesNotExist):
            return None
    return obj


def to_claim_value(value: object) -> ClaimValue:
    """Make a value JSON-safe for a token payload."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, models.Model):
        return to_claim_value(value.pk)
    if isinstance(value, (uuid.UUID, decimal.Decimal)):
        return str(value)
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, (list, tuple, set, frozenset)):
        return [to_claim_value(item) for item in value]
    if isinstance(value, Mapping):
        return {str(key): to_claim_value(item) for key, item in value.items()}
    return str(value)
