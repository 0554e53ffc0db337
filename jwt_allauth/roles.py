"""Role codes and how a user's role is found.

The codes keep the values of jwt-allauth 1.x so that permission checks written
against those tokens keep working.
"""

from __future__ import annotations

USER_CODE = 0
SUPER_USER_CODE = 900
STAFF_CODE = 1000

ROLE_FIELD = "role"


def get_user_role(user: object) -> object:
    """Return the role stored on the user, or one derived from its Django flags.

    A superuser is reported as SUPER_USER_CODE even when it is also staff:
    it is the stronger fact of the two.
    """
    role = getattr(user, ROLE_FIELD, None)
    if role is not None:
        return role
    if getattr(user, "is_superuser", False):
        return SUPER_USER_CODE
    if getattr(user, "is_staff", False):
        return STAFF_CODE
    return USER_CODE
