"""POST registration/resend-email/: a fresh link for addresses awaiting verification only."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from tests.helpers import PASSWORD, assert_coded
from tests.helpers.registration import (
    RESEND_URL,
    RESENT,
    address_of,
    link_in,
    log_in,
    resend,
    sign_up,
)

AFTER_COOLDOWN = timedelta(minutes=3, seconds=1)


def later():
    return time_machine.travel(timezone.now() + AFTER_COOLDOWN)


@pytest.fixture
def pending(db, mandatory) -> str:
    """An address that signed up and has not verified yet; its first mail is cleared."""
    sign_up("pending@example.com")
    mail.outbox.clear()
    return "pending@example.com"


def test_url_name(db, mandatory):
    assert reverse("rest_resend_email") == RESEND_URL


def test_sends_a_fresh_link_to_an_unverified_address(pending):
    with later():
        response = resend("Pending@Example.com")
    assert (response.status_code, response.data) == (200, RESENT)
    [message] = mail.outbox
    assert message.to == [pending]
    assert APIClient().get(link_in(message.body)).status_code == 302
    assert address_of(pending).verified
    assert log_in(pending).status_code == 200


def test_one_mail_per_address_per_cooldown(pending):
    assert resend(pending).data == RESENT
    assert mail.outbox == []
    with later():
        assert resend(pending).data == RESENT
        assert resend(pending).data == RESENT
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("case", ["verified", "unknown", "inactive"])
def test_same_answer_and_no_mail_for_other_addresses(user_factory, mandatory, case):
    email = f"{case}@example.com"
    if case != "unknown":
        user = user_factory(email=email, is_active=case != "inactive")
        EmailAddress.objects.create(user=user, email=email, verified=case == "verified")
    with later():
        response = resend(email)
    assert (response.status_code, response.data) == (200, RESENT)
    assert mail.outbox == []


def test_records_the_address_of_an_account_made_elsewhere(user, mandatory):
    """An account from createsuperuser or the admin has no allauth address yet."""
    assert_coded(log_in(user.email, PASSWORD), 403, "email_not_verified")
    assert resend(user.email).data == RESENT
    assert APIClient().get(link_in(mail.outbox[0].body)).status_code == 302
    assert EmailAddress.objects.get(user=user).primary
    assert log_in(user.email, PASSWORD).status_code == 200


@pytest.mark.parametrize("body", [{}, {"email": "nope"}, {"email": ["a@example.com"]}])
def test_bad_input_is_a_400(db, mandatory, body):
    response = APIClient().post(RESEND_URL, body, format="json")
    assert response.status_code == 400
    assert list(response.data) == ["email"]


def test_throttled_per_client(db, mandatory, settings):
    settings.JWT_ALLAUTH_THROTTLE_RATES = {"resend_email": "2/min"}
    assert resend("a@example.com").status_code == 200
    assert resend("b@example.com").status_code == 200
    assert_coded(resend("c@example.com"), 429, "throttled")


def test_not_routed_without_verification(db):
    assert resend("a@example.com").status_code == 404
