"""PUT/PATCH user/ with a new e-mail: at once without verification, by link with it."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils import timezone
from rest_framework import serializers
from rest_framework.test import APIClient

from tests.helpers import PASSWORD

URL = "/auth/user/"
LINK = re.compile(r"/registration/verification/([^/\s\"]+)/")


@pytest.fixture(autouse=True)
def unthrottled(settings):
    settings.ACCOUNT_RATE_LIMITS = False


def login(email: str, password: str = PASSWORD) -> APIClient:
    client = APIClient()
    response = client.post("/auth/login/", {"email": email, "password": password}, format="json")
    assert response.status_code == 200, response.data
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {response.data['access']}")
    return client


def login_status(email: str) -> int:
    body = {"email": email, "password": PASSWORD}
    return APIClient().post("/auth/login/", body, format="json").status_code


@pytest.fixture
def account(user_factory):
    """``account(email)``: a user whose address is verified, as after sign-up."""

    def make(email: str, **fields):
        user = user_factory(email=email, **fields)
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
        return user

    return make


@pytest.fixture
def alice(account):
    return account("alice@example.com", first_name="Alice", last_name="Liddell")


@pytest.fixture
def verification_on(settings):
    settings.EMAIL_VERIFICATION = True


@pytest.fixture
def verification_off(settings):
    settings.EMAIL_VERIFICATION = False


def keys_in(message) -> list[str]:
    return LINK.findall(message.body)


# ---- verification off: at once ------------------------------------------------------


def test_off_the_address_changes_at_once(verification_off, alice, mailoutbox):
    client = login("alice@example.com")
    mailoutbox.clear()

    response = client.patch(URL, {"email": "Alice.New@Example.com"}, format="json")

    assert response.status_code == 200, response.data
    assert response.data == {
        "email": "alice.new@example.com",
        "first_name": "Alice",
        "last_name": "Liddell",
    }
    alice.refresh_from_db()
    assert alice.email == "alice.new@example.com"
    rows = list(EmailAddress.objects.filter(user=alice).values_list("email", "primary"))
    assert rows == [("alice.new@example.com", True)]
    assert login_status("alice.new@example.com") == 200
    assert login_status("alice@example.com") == 401
    # The old address is told.
    assert [m.to for m in mailoutbox] == [["alice@example.com"]]
    assert "alice.new@example.com" in mailoutbox[0].body


@pytest.mark.parametrize("taken", ["bob@example.com", "BOB@example.com", "bob@EXAMPLE.com"])
def test_off_a_taken_address_is_a_field_400_and_changes_nothing(
    verification_off, alice, user_factory, taken, mailoutbox
):
    user_factory(email="bob@example.com")
    client = login("alice@example.com")
    mailoutbox.clear()

    response = client.patch(URL, {"email": taken, "first_name": "Changed"}, format="json")

    assert response.status_code == 400
    assert response.data == {"email": ["An account with this e-mail address already exists."]}
    assert response.data["email"][0].code == "email_taken"
    alice.refresh_from_db()
    assert (alice.email, alice.first_name) == ("alice@example.com", "Alice")
    assert mailoutbox == []


@pytest.mark.parametrize("lookalike", ["al\u0131ce@example.com", "alice@exampl\u0435.com"])
def test_a_lookalike_is_another_address_not_the_holders(verification_off, user_factory, lookalike):
    """A dotless i or a Cyrillic e is not the holder's address: it never reaches their account."""
    user_factory(email="mallory@example.com")
    holder = user_factory(email="alice@example.com")
    client = login("mallory@example.com")

    response = client.patch(URL, {"email": lookalike}, format="json")

    if response.status_code == 200:
        assert response.data["email"] != "alice@example.com"
    else:
        assert response.data["email"][0].code == "invalid"
    holder.refresh_from_db()
    assert holder.email == "alice@example.com"
    assert login_status("alice@example.com") in (200,)


def test_patch_without_email_leaves_it_and_mails_nothing(verification_on, alice, mailoutbox):
    client = login("alice@example.com")
    mailoutbox.clear()

    response = client.patch(URL, {"first_name": "Alicia"}, format="json")

    assert response.status_code == 200
    assert response.data == {
        "email": "alice@example.com",
        "first_name": "Alicia",
        "last_name": "Liddell",
    }
    assert mailoutbox == []
    assert not EmailAddress.objects.filter(user=alice).exclude(email="alice@example.com").exists()


# ---- verification on: by link ----------------------------------------------------------


def request_change(client, email: str):
    return client.patch(URL, {"email": email}, format="json")


@pytest.mark.parametrize("mode", [True, "optional"])
def test_on_the_change_waits_for_the_link(settings, alice, mailoutbox, mode):
    settings.EMAIL_VERIFICATION = mode
    client = login("alice@example.com")
    mailoutbox.clear()

    response = request_change(client, "alice.new@example.com")

    assert response.status_code == 200, response.data
    assert response.data == {
        "email": "alice@example.com",
        "first_name": "Alice",
        "last_name": "Liddell",
        "email_change_pending": "alice.new@example.com",
    }
    alice.refresh_from_db()
    assert alice.email == "alice@example.com"
    assert sorted(m.to[0] for m in mailoutbox) == ["alice.new@example.com", "alice@example.com"]
    link_mail = next(m for m in mailoutbox if m.to == ["alice.new@example.com"])
    notice = next(m for m in mailoutbox if m.to == ["alice@example.com"])
    assert keys_in(notice) == []
    assert "alice.new@example.com" in notice.body
    # Not a login address before it is confirmed.
    assert login_status("alice.new@example.com") == 401
    assert login_status("alice@example.com") == 200

    (key,) = keys_in(link_mail)
    confirmed = APIClient().get(f"/auth/registration/verification/{key}/")

    assert confirmed.status_code in (200, 302), confirmed
    alice.refresh_from_db()
    assert alice.email == "alice.new@example.com"
    rows = list(EmailAddress.objects.filter(user=alice).values_list("email", "primary", "verified"))
    assert rows == [("alice.new@example.com", True, True)]
    assert login_status("alice.new@example.com") == 200
    assert login_status("alice@example.com") == 401


def test_on_a_taken_address_answers_as_a_free_one_and_tells_the_holder(
    verification_on, alice, user_factory, mailoutbox
):
    bob = user_factory(email="bob@example.com")
    client = login("alice@example.com")
    mailoutbox.clear()

    taken = request_change(client, "BOB@example.com")
    free = request_change(client, "nobody@example.com")

    assert taken.status_code == free.status_code == 200
    assert taken.data == {**free.data, "email_change_pending": "bob@example.com"}
    assert free.data["email_change_pending"] == "nobody@example.com"
    # bob gets a notice, never a link; his account is unchanged.
    to_bob = [m for m in mailoutbox if m.to == ["bob@example.com"]]
    assert len(to_bob) == 1 and keys_in(to_bob[0]) == []
    bob.refresh_from_db()
    alice.refresh_from_db()
    assert (alice.email, bob.email) == ("alice@example.com", "bob@example.com")
    assert not EmailAddress.objects.filter(user=alice, email="bob@example.com").exists()


def test_another_users_key_cannot_confirm_the_change(verification_on, alice, account, mailoutbox):
    account("mallory@example.com")
    alice_client = login("alice@example.com")
    mallory_client = login("mallory@example.com")
    mailoutbox.clear()
    request_change(alice_client, "alice.new@example.com")
    request_change(mallory_client, "mallory.new@example.com")
    mallory_key = keys_in(next(m for m in mailoutbox if m.to == ["mallory.new@example.com"]))[0]

    APIClient().get(f"/auth/registration/verification/{mallory_key}/")
    forged = APIClient().get("/auth/registration/verification/not-a-key/")

    assert forged.status_code in (302, 400, 404)
    alice.refresh_from_db()
    assert alice.email == "alice@example.com"
    assert (
        not EmailAddress.objects.filter(user=alice, email="alice.new@example.com")
        .filter(verified=True)
        .exists()
    )


def test_a_second_request_replaces_the_pending_one(verification_on, alice, mailoutbox):
    client = login("alice@example.com")
    request_change(client, "first@example.com")
    first_key = keys_in(next(m for m in mailoutbox if m.to == ["first@example.com"]))[0]
    request_change(client, "second@example.com")

    APIClient().get(f"/auth/registration/verification/{first_key}/")

    alice.refresh_from_db()
    assert alice.email == "alice@example.com"
    pending = EmailAddress.objects.filter(user=alice, primary=False)
    assert list(pending.values_list("email", flat=True)) == ["second@example.com"]


@pytest.mark.parametrize("mode", [False, True])
def test_a_stolen_access_token_alone_cannot_change_the_address(
    settings, alice, mailoutbox, mode, time_machine
):
    # Changing the address, then resetting the password, would take the account over.
    settings.EMAIL_VERIFICATION = mode
    settings.JWT_ALLAUTH_ACCESS_TOKEN_LIFETIME = timedelta(hours=1)
    time_machine.move_to(timezone.now(), tick=True)
    client = login("alice@example.com")
    mailoutbox.clear()
    time_machine.shift(timedelta(minutes=6))

    response = client.patch(URL, {"email": "thief@example.com"}, format="json")

    assert response.status_code == 403, response.data
    assert response.data["code"] == "reauthentication_required"
    alice.refresh_from_db()
    assert alice.email == "alice@example.com"
    assert not EmailAddress.objects.filter(email="thief@example.com").exists()
    assert mailoutbox == []


@pytest.mark.parametrize(
    ("language", "detail"),
    [
        ("en", "Sign in again to continue: your last sign-in is too long ago for this change."),
        (
            "de",
            "Melden Sie sich erneut an, um fortzufahren: Ihre letzte Anmeldung liegt für "
            "diese Änderung zu lange zurück.",
        ),
    ],
)
def test_the_refusal_asks_for_a_sign_in_not_a_password_field(
    settings, verification_off, alice, language, detail
):
    """user/ has no ``password`` field, so its refusal must not ask for one (mfa/ does)."""
    settings.JWT_ALLAUTH_MFA_REAUTHENTICATION_TIMEOUT = timedelta(0)
    client = login("alice@example.com")

    body = {"email": "alice.new@example.com"}
    response = client.patch(URL, body, format="json", HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 403
    assert response.json() == {"detail": detail, "code": "reauthentication_required"}


def test_the_proof_window_is_the_reauthentication_setting(settings, verification_off, alice):
    settings.JWT_ALLAUTH_MFA_REAUTHENTICATION_TIMEOUT = timedelta(0)
    client = login("alice@example.com")

    response = client.patch(URL, {"email": "alice.new@example.com"}, format="json")

    assert response.status_code == 403, response.data
    assert response.data["code"] == "reauthentication_required"


def test_a_change_link_opens_no_session_even_when_sign_up_links_do(settings, alice, mailoutbox):
    # Whoever holds the new mailbox must not be handed a session by the link.
    settings.EMAIL_VERIFICATION = True
    settings.JWT_ALLAUTH_SESSION_ON_EMAIL_VERIFICATION = True
    client = login("alice@example.com")
    mailoutbox.clear()
    assert request_change(client, "alice.new@example.com").status_code == 200
    link_mail = next(m for m in mailoutbox if m.to == ["alice.new@example.com"])
    (key,) = keys_in(link_mail)

    opener = APIClient()
    confirmed = opener.get(f"/auth/registration/verification/{key}/")

    assert confirmed.status_code in (200, 302), confirmed
    assert "refresh_token" not in confirmed.cookies
    alice.refresh_from_db()
    assert alice.email == "alice.new@example.com"


class PlainDetails(serializers.ModelSerializer):
    """A replacement as DRF writes it: on a model with unique e-mail addresses, DRF
    gives its field a uniqueness validator of its own."""

    class Meta:
        model = get_user_model()
        fields = ("email", "first_name", "last_name")


def test_a_replaced_serializer_cannot_tell_that_an_address_is_taken(
    settings, verification_on, alice, user_factory, mailoutbox
):
    if not get_user_model()._meta.get_field("email").unique:
        pytest.skip("the user model does not make e-mail addresses unique")
    settings.JWT_ALLAUTH_USER_DETAILS_SERIALIZER = f"{__name__}.PlainDetails"
    user_factory(email="bob@example.com")
    client = login("alice@example.com")

    taken = client.patch(URL, {"email": "bob@example.com"}, format="json")
    free = client.patch(URL, {"email": "nobody@example.com"}, format="json")

    assert taken.status_code == free.status_code == 200, taken.data
    assert taken.data == {**free.data, "email_change_pending": "bob@example.com"}
    alice.refresh_from_db()
    assert alice.email == "alice@example.com"
