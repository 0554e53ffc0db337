from datetime import timedelta

import pytest
from django.db import connection, transaction

from jwt_allauth import exceptions
from jwt_allauth.grants.flows import issue_grant, spend_grant
from jwt_allauth.grants.models import GrantPurpose, OneTimeGrant
from tests.helpers import at_once

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs real concurrent connections (PostgreSQL)"
    ),
]


def test_concurrent_consumers_win_at_most_once(user):
    raw = issue_grant(user, GrantPurpose.SET_PASSWORD, timedelta(hours=1))
    workers = 8

    def spend() -> str:
        try:
            with transaction.atomic():
                spend_grant(raw, GrantPurpose.SET_PASSWORD)
        except exceptions.GrantInvalid:
            return "refused"
        return "won"

    outcomes = at_once([spend] * workers)

    assert sorted(outcomes) == ["refused"] * (workers - 1) + ["won"]
    assert OneTimeGrant.objects.get().used_at is not None
