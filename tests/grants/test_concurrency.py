import threading
from datetime import timedelta

import pytest
from django.db import connection, connections, transaction

from jwt_allauth import exceptions
from jwt_allauth.grants.flows import issue_grant, spend_grant
from jwt_allauth.grants.models import GrantPurpose, OneTimeGrant

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
    barrier = threading.Barrier(workers)
    outcomes: list[str] = []

    def spend() -> None:
        try:
            barrier.wait()
            with transaction.atomic():
                spend_grant(raw, GrantPurpose.SET_PASSWORD)
            outcomes.append("won")
        except exceptions.GrantInvalid:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=spend) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused"] * (workers - 1) + ["won"]
    assert OneTimeGrant.objects.get().used_at is not None
