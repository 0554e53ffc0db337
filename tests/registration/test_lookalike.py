"""Look-alike addresses (issue 10, finding 1): one canonical form, never another account's mail.

``f\u0131ntech.io`` (dotless i) is another domain, ``xn--fntech-p9a.io``, that an
attacker can register; PostgreSQL's UPPER() maps it onto ``FINTECH.IO``.
``\uff45\uff58\uff41\uff4d\uff50\uff4c\uff45.com`` (fullwidth) is example.com itself:
mail servers and Django deliver it there.
"""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import connection
from rest_framework.test import APIClient

from jwt_allauth.grants.models import OneTimeGrant
from tests.helpers.password import RESET_URL
from tests.helpers.password import link_in as reset_link_in
from tests.helpers.registration import RESENT, SENT, link_in, resend, sign_up

RESET_SENT = {"detail": "If an account uses this address, a reset link has been sent to it."}
LOOKALIKE_ADMIN = "admin@f\u0131ntech.io"
FULLWIDTH_DEMO = "demo@\uff45\uff58\uff41\uff4d\uff50\uff4c\uff45.com"

on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's UPPER() folds the dotless i"
)


@pytest.fixture
def superuser(user_factory):
    """Made like ``createsuperuser`` does: no allauth EmailAddress row."""
    return user_factory(email="admin@fintech.io", is_staff=True, is_superuser=True)


def reset(email: str):
    return APIClient().post(RESET_URL, {"email": email}, format="json")


def addresses() -> list[tuple[int, str, bool]]:
    return sorted(EmailAddress.objects.values_list("user_id", "email", "verified"))


@pytest.mark.postgres
@on_postgres
def test_resend_does_not_attach_a_lookalike_spelling_to_the_superuser(superuser, mandatory):
    response = resend(LOOKALIKE_ADMIN)
    assert (response.status_code, response.data) == (200, RESENT)
    assert addresses() == []
    assert mail.outbox == []


@pytest.mark.postgres
@on_postgres
def test_reset_never_mails_a_lookalike_domain(superuser, mandatory):
    resend(LOOKALIKE_ADMIN)
    response = reset(LOOKALIKE_ADMIN)
    assert (response.status_code, response.data) == (200, RESET_SENT)
    assert mail.outbox == []
    assert not OneTimeGrant.objects.exists()
    assert addresses() == []


@pytest.mark.postgres
@on_postgres
def test_sign_up_with_a_lookalike_does_not_mail_the_lookalike_about_the_account(
    user_factory, mandatory
):
    bob = user_factory(email="bob@mail.io")
    response = sign_up("bob@ma\u0131l.io")
    [message] = mail.outbox
    assert message.subject == "Confirm your e-mail address on example.com"
    # A different domain is a different address: a new account of its own.
    assert message.to == ["bob@xn--mal-kua.io"]
    assert (response.status_code, response.data) == (201, {**SENT, "email": "bob@xn--mal-kua.io"})
    APIClient().get(link_in(message.body))
    newcomer = get_user_model().objects.exclude(pk=bob.pk).get()
    assert addresses() == [(newcomer.pk, "bob@xn--mal-kua.io", True)]


def test_fullwidth_domain_is_the_existing_account(user_factory, mandatory):
    demo = user_factory(email="demo@example.com")
    response = sign_up(FULLWIDTH_DEMO)
    # The answer a new address gets, but with the address as it is stored and mailed.
    assert (response.status_code, response.data) == (201, {**SENT, "email": "demo@example.com"})
    assert list(get_user_model().objects.all()) == [demo]
    [message] = mail.outbox
    assert message.to == ["demo@example.com"]
    assert message.subject == "Someone tried to sign up on example.com with your address"


def test_fullwidth_domain_is_taken_without_verification(user_factory):
    demo = user_factory(email="demo@example.com")
    response = sign_up(FULLWIDTH_DEMO)
    assert (response.status_code, response.data) == (
        400,
        {"email": ["An account with this e-mail address already exists."]},
    )
    assert response.data["email"][0].code == "email_taken"
    assert list(get_user_model().objects.all()) == [demo]


def test_fullwidth_sign_up_stores_the_canonical_address(db, mandatory):
    response = sign_up(FULLWIDTH_DEMO)
    assert (response.status_code, response.data) == (201, {**SENT, "email": "demo@example.com"})
    [user] = get_user_model().objects.all()
    assert user.email == "demo@example.com"
    assert addresses() == [(user.pk, "demo@example.com", False)]
    assert mail.outbox[0].to == ["demo@example.com"]


def test_mixed_case_superuser_is_found_and_mailed_at_its_own_spelling(user_factory, mandatory):
    """``createsuperuser`` keeps the local part's capitals; a lower-case request finds it."""
    admin = user_factory(email="Admin@fintech.io", is_staff=True, is_superuser=True)
    assert (reset("admin@FINTECH.io").status_code, len(mail.outbox)) == (200, 1)
    assert mail.outbox[0].to == ["Admin@fintech.io"]
    assert reset_link_in(mail.outbox[0].body)
    mail.outbox.clear()
    response = resend("ADMIN@FINTECH.IO")
    assert (response.status_code, response.data) == (200, RESENT)
    # The address the account already has, in the canonical form: never the typed one.
    assert addresses() == [(admin.pk, "admin@fintech.io", False)]
    assert [m.to for m in mail.outbox] == [["admin@fintech.io"]]


def test_sign_up_with_another_case_of_a_createsuperuser_address_is_taken(user_factory):
    user_factory(email="Admin@fintech.io", is_staff=True, is_superuser=True)
    response = sign_up("admin@fintech.io")
    assert (response.status_code, response.data["email"][0].code) == (400, "email_taken")
    assert get_user_model().objects.count() == 1
