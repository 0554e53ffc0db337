"""Which second factors a user has, read from allauth.mfa's table.

Kept out of ``jwt_allauth.mfa`` so that sessions can ask too, and free of
allauth.mfa imports (the model is looked up through ``compat``).
"""

from __future__ import annotations

from jwt_allauth.app_settings import app_settings
from jwt_allauth.internal.compat import authenticator_model
from jwt_allauth.internal.types import UserPk

RECOVERY_CODES = "recovery_codes"


def authenticator_types(user_id: UserPk) -> list[str]:
    """The kinds of authenticator the user has (``totp``, ``webauthn`` ...), sorted."""
    Authenticator = authenticator_model()
    return sorted(set(Authenticator.objects.filter(user_id=user_id).values_list("type", flat=True)))


def has_second_factor(types: list[str]) -> bool:
    """Any kind but recovery codes, which only stand in for another factor (as in allauth)."""
    return any(kind != RECOVERY_CODES for kind in types)


def lacks_required_second_factor(user_id: UserPk) -> bool:
    """The MFA mode requires a second factor and the user has none."""
    return app_settings.MFA_REQUIRED and not has_second_factor(authenticator_types(user_id))
