"""Two browsers presenting one set-password cookie at once: at most one wins (PostgreSQL)."""

from __future__ import annotations

import itertools
from functools import partial

import pytest
from allauth.account.models import EmailAddress
from allauth.account.utils import user_field
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import connection
from rest_framework.test import APIClient

from jwt_allauth.adapter import AccountAdapter
from jwt_allauth.sessions.models import UserSession
from tests.helpers import at_once, race
from tests.helpers.registration import (
    COOKIE,
    bearer,
    invite,
    link_in,
    set_password,
    sign_up,
    users_with,
)

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs real concurrent connections (PostgreSQL)"
    ),
]
WORKERS = 6


def test_one_cookie_sets_the_password_at_most_once(user_factory, admin_managed, settings):
    settings.JWT_ALLAUTH_THROTTLE_RATES = {"set_password": None}
    staff = user_factory(email="staff@example.com", is_staff=True, role=1000)
    assert invite(bearer(staff), "racer@example.com").status_code == 201
    follower = APIClient()
    follower.get(link_in(mail.outbox[-1].body))
    raw = follower.cookies[COOKIE].value

    def attempt(index: int):
        client = APIClient()
        client.cookies[COOKIE] = raw
        return set_password(client, f"racing passphrase number {index}")

    responses = at_once([partial(attempt, index) for index in range(WORKERS)])

    outcomes = [(response.status_code, response.data.get("code")) for response in responses]
    assert sorted(outcomes, key=str) == [(200, None)] + [(403, "grant_invalid")] * (WORKERS - 1)
    [invitee] = users_with("racer@example.com")
    assert UserSession.objects.filter(user=invitee).count() == 1
    winners = [i for i in range(WORKERS) if invitee.check_password(f"racing passphrase number {i}")]
    assert len(winners) == 1


SPELLINGS = [
    "racer@example.com",
    "Racer@Example.com",
    "RACER@EXAMPLE.COM",
    "racer@\uff45\uff58\uff41\uff4d\uff50\uff4c\uff45.com",
    " racer@example.com. ",
    "\uff52\uff41\uff43\uff45\uff52@example.com",
]


@pytest.fixture(params=["unique usernames", "none unique"])
def uniqueness(request, monkeypatch) -> str:
    """Whether the user model's unique username (made from the address) stops a race too.

    With usernames unique per request, only the sign-up flow can keep one
    address to one account (as for a model with neither unique field).
    """
    if request.param == "none unique":
        counter = itertools.count()
        monkeypatch.setattr(
            AccountAdapter,
            "populate_username",
            lambda self, request, user: user_field(user, "username", f"racer{next(counter)}"),
        )
    return request.param


@pytest.mark.parametrize("mode", ["none", "mandatory"])
def test_spellings_of_one_address_signing_up_at_once_make_one_account(
    db, settings, mode, uniqueness
):
    settings.JWT_ALLAUTH_THROTTLE_RATES = {"register": None}
    settings.EMAIL_VERIFICATION = mode == "mandatory"

    statuses = race([partial(sign_up, email) for email in SPELLINGS])

    taken = 400 if mode == "none" else 201
    assert statuses == sorted([201] + [taken] * (len(SPELLINGS) - 1))
    assert [u.email for u in get_user_model().objects.all()] == ["racer@example.com"]
    assert list(EmailAddress.objects.values_list("email", flat=True)) == ["racer@example.com"]
