"""On PostgreSQL with real concurrent connections: a password change racing the
attacker's challenge completions leaves the attacker no live session."""

from __future__ import annotations

import pytest
from django.db import connection
from django.utils import timezone

from jwt_allauth.grants.models import GrantPurpose, OneTimeGrant
from jwt_allauth.sessions.models import UserSession
from jwt_allauth.sessions.tokens import AccessToken
from tests.helpers import PASSWORD, race
from tests.helpers.mfa import access_for, bearer, challenge_of, enrol, post, verify_recovery
from tests.helpers.password import CHANGE_URL, NEW_PASSWORD

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs real concurrent connections (PostgreSQL)"
    ),
    pytest.mark.usefixtures("optional"),
]


@pytest.mark.parametrize("attempt", range(3))
def test_challenges_racing_a_password_change_leave_no_live_session(user, attempt):
    device = enrol(user)
    stolen = [challenge_of(user) for _ in range(4)]  # with the stolen password
    owner = access_for(user)
    body = {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}

    calls = [lambda: post(CHANGE_URL, body, **bearer(owner))]
    calls += [
        lambda c=c, code=code: verify_recovery(c, code)
        for c, code in zip(stolen, device.recovery_codes, strict=False)
    ]
    statuses = race(calls)

    assert 200 in statuses
    live = UserSession.objects.alive().filter(user=user)
    assert [str(pk) for pk in live.values_list("pk", flat=True)] == [
        AccessToken.decode(owner).session_id
    ]
    grants = OneTimeGrant.objects.filter(
        user=user, purpose=GrantPurpose.MFA_LOGIN, used_at__isnull=True
    )
    assert not grants.filter(expires_at__gt=timezone.now()).exists()
