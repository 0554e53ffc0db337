"""GET registration/verification/<key>/ and the pages around it."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from allauth.account.signals import email_confirmed
from django.core import mail, signing
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from rest_framework.test import APIClient

from tests.helpers import assert_coded
from tests.helpers.registration import VERIFIED_PAGE, address_of, link_in, log_in, resend, sign_up

FAILED_MARK = 'data-code="verification_key_invalid"'


@pytest.fixture
def link(db, mandatory) -> str:
    """The verification link mailed after a fresh sign-up of new@example.com."""
    assert sign_up("new@example.com").status_code == 201
    return link_in(mail.outbox[-1].body)


def assert_failure_page(response) -> None:
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert FAILED_MARK in response.content.decode()
    assert response["Referrer-Policy"] == "no-referrer"


def test_link_verifies_and_redirects_to_our_page(link):
    response = APIClient().get(link)
    assert response.status_code == 302
    assert response["Location"] == VERIFIED_PAGE
    assert response["Referrer-Policy"] == "no-referrer"
    assert "no-cache" in response["Cache-Control"]
    assert "refresh_token" not in response.cookies
    assert address_of("new@example.com").verified
    assert log_in("new@example.com").status_code == 200
    page = APIClient().get(VERIFIED_PAGE)
    assert page.status_code == 200
    assert "Your e-mail address is verified" in page.content.decode()


def test_link_redirects_to_the_configured_ui(link, settings):
    settings.EMAIL_VERIFIED_REDIRECT = "https://app.example.com/welcome"
    response = APIClient().get(link)
    assert (response.status_code, response["Location"]) == (302, settings.EMAIL_VERIFIED_REDIRECT)
    with pytest.raises(NoReverseMatch):
        reverse("jwt_allauth_email_verified")
    assert APIClient().get(VERIFIED_PAGE).status_code == 404


def test_link_works_once(link):
    assert APIClient().get(link).status_code == 302
    assert_failure_page(APIClient().get(link))


def test_link_expires(link):
    with time_machine.travel(timezone.now() + timedelta(days=3, minutes=1)):
        assert_failure_page(APIClient().get(link))
    assert not address_of("new@example.com").verified
    assert_coded(log_in("new@example.com"), 403, "email_not_verified")


@pytest.mark.parametrize(
    "key", ["nonsense", "MQ:1tZ3Yb:forged-signature", "x" * 3000, "%00", "..", "ключ"]
)
def test_unknown_keys_show_the_failure_page(db, mandatory, key):
    assert_failure_page(APIClient().get(f"/auth/registration/verification/{key}/"))


def test_key_of_another_purpose_is_refused(db, mandatory):
    forged = signing.dumps(obj=1, salt="some-other-salt")
    assert_failure_page(APIClient().get(f"/auth/registration/verification/{forged}/"))


def test_stored_keys_work_once_and_expire(db, mandatory, settings):
    settings.ACCOUNT_EMAIL_CONFIRMATION_HMAC = False
    sign_up("first@example.com")
    sign_up("second@example.com")
    first, second = (link_in(message.body) for message in mail.outbox)
    assert APIClient().get(first).status_code == 302
    assert_failure_page(APIClient().get(first))
    assert address_of("first@example.com").verified
    with time_machine.travel(timezone.now() + timedelta(days=4)):
        assert_failure_page(APIClient().get(second))
    assert not address_of("second@example.com").verified


def test_optional_mode_links_verify_too(db, settings):
    settings.EMAIL_VERIFICATION = "optional"
    sign_up("new@example.com")
    assert APIClient().get(link_in(mail.outbox[0].body)).status_code == 302
    assert address_of("new@example.com").verified


def test_verification_sends_allauths_signal(link):
    confirmed = []

    def receiver(sender, request, email_address, **kwargs):
        confirmed.append(email_address.email)

    email_confirmed.connect(receiver)
    try:
        APIClient().get(link)
    finally:
        email_confirmed.disconnect(receiver)
    assert confirmed == ["new@example.com"]


def test_verification_sent_page(db, mandatory):
    response = APIClient().get(reverse("account_email_verification_sent"))
    assert response.status_code == 200
    assert "Check your e-mail" in response.content.decode()
    assert reverse("account_email_verification_sent") == (
        "/auth/registration/account_email_verification_sent/"
    )


@pytest.mark.parametrize(
    "name",
    [
        "account_confirm_email",
        "account_email_verification_sent",
        "jwt_allauth_email_verified",
        "rest_resend_email",
    ],
)
def test_nothing_of_verification_is_routed_when_it_is_off(db, name):
    kwargs = {"key": "abc"} if name == "account_confirm_email" else {}
    with pytest.raises(NoReverseMatch):
        reverse(name, kwargs=kwargs)


def test_verification_paths_are_404_when_off(db):
    for path in (
        "/auth/registration/verification/abc/",
        "/auth/registration/account_email_verification_sent/",
        VERIFIED_PAGE,
    ):
        assert APIClient().get(path).status_code == 404


def test_admin_managed_without_verification_renders_the_page_itself(user, settings):
    """The link exists for invitations; a non-invitee following one sees the page."""
    settings.JWT_ALLAUTH_ADMIN_MANAGED_REGISTRATION = True
    assert resend(user.email).status_code == 200
    response = APIClient().get(link_in(mail.outbox[0].body))
    assert response.status_code == 200
    assert "Your e-mail address is verified" in response.content.decode()
    assert address_of(user.email).verified
