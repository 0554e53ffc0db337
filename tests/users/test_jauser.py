"""``jwt_allauth.JAUser`` steps aside, like ``auth.User``, when it is not AUTH_USER_MODEL.

Its use as the user model (upgraded 1.x databases, new projects) is tested in
``tests/upgrade``, where a project names it.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import connection

from jwt_allauth.models import JAUser


def test_jauser_is_swapped_for_the_projects_user_model():
    assert JAUser._meta.swapped == settings.AUTH_USER_MODEL


@pytest.mark.django_db
def test_no_table_of_jauser_or_of_1x_tokens_is_created():
    ours = sorted(
        name for name in connection.introspection.table_names() if name.startswith("jwt_allauth_")
    )
    assert ours == ["jwt_allauth_onetimegrant", "jwt_allauth_usersession"]
