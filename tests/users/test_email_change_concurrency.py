"""Several users claiming one new address at once: at most one gets it (PostgreSQL)."""

from __future__ import annotations

from functools import partial

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import connection
from rest_framework.test import APIClient

from tests.helpers import PASSWORD, race
from tests.users.test_email_change import LINK

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs real concurrent connections (PostgreSQL)"
    ),
]
WORKERS = 6
SPELLINGS = [
    "prize@example.com",
    "Prize@Example.com",
    "PRIZE@EXAMPLE.COM",
    "prize@\uff45\uff58\uff41\uff4d\uff50\uff4c\uff45.com",
    " prize@example.com. ",
    "\uff50\uff52\uff49\uff5a\uff45@example.com",
]


def bearer(email: str) -> APIClient:
    client = APIClient()
    body = {"email": email, "password": PASSWORD}
    access = client.post("/auth/login/", body, format="json").data["access"]
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
    return client


def claims(clients: list[APIClient]) -> list:
    """Each client asks for its own spelling of the prize address."""
    return [
        partial(client.patch, "/auth/user/", {"email": email}, format="json")
        for client, email in zip(clients, SPELLINGS, strict=True)
    ]


@pytest.fixture
def racers(user_factory, settings):
    settings.ACCOUNT_RATE_LIMITS = False
    users = []
    for index in range(WORKERS):
        user = user_factory(email=f"racer{index}@example.com")
        EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
        users.append(user)
    return users


def holders_of_prize() -> list:
    rows = EmailAddress.objects.filter(email__iexact="prize@example.com")
    users = get_user_model().objects.filter(email__iexact="prize@example.com")
    return [*rows.values_list("user_id", flat=True), *users.values_list("pk", flat=True)]


def test_without_verification_at_most_one_user_gets_the_address(racers, settings):
    settings.EMAIL_VERIFICATION = False
    clients = [bearer(user.email) for user in racers]

    statuses = race(claims(clients))

    assert statuses == [200] + [400] * (WORKERS - 1)
    assert len(set(holders_of_prize())) == 1


def test_with_verification_at_most_one_link_is_sent(racers, settings, mailoutbox):
    settings.EMAIL_VERIFICATION = True
    clients = [bearer(user.email) for user in racers]
    mailoutbox.clear()

    statuses = race(claims(clients))

    assert statuses == [200] * WORKERS
    assert EmailAddress.objects.filter(email="prize@example.com").count() == 1
    links = [m for m in mailoutbox if LINK.search(m.body)]
    assert len(links) == 1
