"""Finding accounts by address: canonical forms compared exactly, on every database."""

from __future__ import annotations

from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

import jwt_allauth
from jwt_allauth import exceptions
from jwt_allauth.users.addresses import AsciiLower, claim_address, find_holders
from tests.helpers import PASSWORD
from tests.helpers.registration import bearer, invite
from tests.login.test_throttling import attempt

DOTLESS_I = "\u0131"
KELVIN = "\u212a"
FULLWIDTH_EXAMPLE = "\uff45\uff58\uff41\uff4d\uff50\uff4c\uff45"


def holders_of(email: str) -> list[tuple[int, str, bool]]:
    return [(h.user.pk, h.address, h.verified) for h in find_holders(email)]


def test_the_narrowing_folds_ascii_letters_only(user_factory):
    User = get_user_model()
    capitals = user_factory(email="ADMIN@FINTECH.IO")
    user_factory(email=f"admin@f{DOTLESS_I}ntech.io")
    user_factory(email=f"{KELVIN}evin@fintech.io")
    folded = User.objects.alias(folded=AsciiLower("email"))
    assert list(folded.filter(folded="admin@fintech.io")) == [capitals]
    assert list(folded.filter(folded="kevin@fintech.io")) == []


def test_a_user_row_is_found_in_any_ascii_case_and_named_by_its_own_spelling(user_factory):
    admin = user_factory(email="Admin@fintech.io")
    assert holders_of("admin@fintech.io") == [(admin.pk, "Admin@fintech.io", False)]


def test_a_dotless_i_never_finds_the_dotted_account_nor_the_reverse(user_factory):
    dotted = user_factory(email="admin@fintech.io")
    dotless = user_factory(email=f"admin@f{DOTLESS_I}ntech.io")
    assert holders_of("admin@fintech.io") == [(dotted.pk, "admin@fintech.io", False)]
    expected = [(dotless.pk, f"admin@f{DOTLESS_I}ntech.io", False)]
    assert holders_of("admin@xn--fntech-p9a.io") == expected


def test_allauth_rows_with_a_unicode_domain_are_found(user_factory):
    """allauth stores an IDN lower-cased as typed; the canonical form is its ASCII form."""
    owner = user_factory(email="other@example.com")
    EmailAddress.objects.create(user=owner, email="bob@b\u00fccher.de", verified=True)
    assert holders_of("bob@xn--bcher-kva.de") == [(owner.pk, "bob@b\u00fccher.de", True)]


def test_verified_allauth_rows_come_first_and_one_holder_per_account(user_factory):
    first = user_factory(email="shared@example.com")
    second = user_factory(email="second@example.com")
    EmailAddress.objects.create(user=first, email="shared@example.com", verified=False)
    EmailAddress.objects.create(user=second, email="shared@example.com", verified=True)
    assert holders_of("shared@example.com") == [
        (second.pk, "shared@example.com", True),
        (first.pk, "shared@example.com", False),
    ]


def test_claiming_a_held_address_is_taken(user_factory):
    user_factory(email="Taken@example.com")
    with pytest.raises(exceptions.EmailTaken):
        claim_address("taken@example.com")
    claim_address("free@example.com")


def test_login_finds_the_account_in_any_spelling(user_factory, delivery):
    alice = user_factory(email="alice@example.com")
    for spelling in ("ALICE@example.com", f"alice@{FULLWIDTH_EXAMPLE}.com", " alice@example.com. "):
        response = APIClient().post(
            "/auth/login/", {"email": spelling, "password": PASSWORD}, format="json"
        )
        assert response.status_code == 200, (spelling, response.data)
    response = APIClient().post(
        "/auth/login/",
        {"email": f"al{DOTLESS_I}ce@example.com", "password": PASSWORD},
        format="json",
    )
    assert response.status_code == 400
    assert {k: [e.code for e in v] for k, v in response.data.items()} == {"email": ["invalid"]}
    assert alice.email == "alice@example.com"


def test_login_finds_a_mixed_case_account_typed_with_its_capitals(user_factory):
    """The backends compare exactly: the stored spelling is what they are given."""
    if get_user_model().USERNAME_FIELD != "email":
        pytest.skip("allauth's backend finds user rows by the lower-cased address only")
    user_factory(email="Admin@fintech.io", is_staff=True, is_superuser=True)
    for spelling in ("Admin@FINTECH.IO", "Admin@fintech.io."):
        response = APIClient().post(
            "/auth/login/", {"email": spelling, "password": PASSWORD}, format="json"
        )
        assert response.status_code == 200, (spelling, response.data)


def test_a_recorded_address_lets_any_spelling_log_in(user_factory, delivery):
    """After a reset or a verification the account has an allauth row in the canonical form."""
    admin = user_factory(email="Admin@fintech.io", is_staff=True, is_superuser=True)
    EmailAddress.objects.create(user=admin, email="admin@fintech.io", verified=True)
    response = APIClient().post(
        "/auth/login/", {"email": "admin@FINTECH.io", "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200, response.data


def test_failure_budget_is_shared_by_every_spelling(user, settings):
    settings.JWT_ALLAUTH_THROTTLE_RATES = {"login": None, "login_failures": "2/hour"}
    attempt(f"alice@{FULLWIDTH_EXAMPLE}.com", "wrong")
    attempt("ALICE@example.com.", "wrong")
    assert attempt(user.email, PASSWORD).status_code == 429


def test_inviting_a_fullwidth_spelling_of_a_held_address_is_taken(user_factory, settings):
    settings.JWT_ALLAUTH_ADMIN_MANAGED_REGISTRATION = True
    staff = user_factory(email="staff@example.com", is_staff=True, role=1000)
    user_factory(email="demo@example.com")
    response = invite(bearer(staff), f"Demo@{FULLWIDTH_EXAMPLE}.com")
    assert (response.status_code, response.data["email"][0].code) == (400, "email_taken")
    assert get_user_model().objects.count() == 2


def test_inviting_stores_the_canonical_address(user_factory, settings):
    settings.JWT_ALLAUTH_ADMIN_MANAGED_REGISTRATION = True
    staff = user_factory(email="staff@example.com", is_staff=True, role=1000)
    assert invite(bearer(staff), f"New@{FULLWIDTH_EXAMPLE}.com").status_code == 201
    invitee = get_user_model().objects.exclude(pk=staff.pk).get()
    assert invitee.email == "new@example.com"
    assert list(EmailAddress.objects.values_list("email", flat=True)) == ["new@example.com"]


def test_no_lookup_in_the_package_lets_the_database_fold_case():
    """``__iexact`` is UPPER() on PostgreSQL: the dotless-i takeover. Lookups go through here."""
    package = Path(jwt_allauth.__file__).parent
    offenders = [
        f"{path.relative_to(package)}:{number}"
        for path in package.rglob("*.py")
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if "iexact" in line or "filter_users_by_email" in line
    ]
    assert offenders == []
