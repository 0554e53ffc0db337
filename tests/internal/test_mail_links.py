"""Links in mails start at the configured origin, never at a Host header a client chose."""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.sites.models import Site
from django.core import mail
from rest_framework.test import APIClient

from jwt_allauth.roles import STAFF_CODE, USER_CODE
from tests.helpers import PASSWORD
from tests.helpers.registration import INVITE_URL, NEW_PASSWORD, REGISTER_URL, RESEND_URL

FORGED = {"HTTP_HOST": "attacker.example"}
URL = re.compile(r"https?://[^/\s\"'<>]+/")


def origins(message) -> set[str]:
    """Every scheme://host/ a mail's text and HTML parts link to."""
    return set(URL.findall(message.body)) | set(URL.findall(message.alternatives[0][0]))


@pytest.fixture
def site(db):
    """The project's Site (SITE_ID = 1 in the test settings) names the API's host."""
    Site.objects.update_or_create(pk=1, defaults={"domain": "api.example.com", "name": "Example"})
    yield
    Site.objects.clear_cache()


def reset(**extra):
    return APIClient().post("/auth/password/reset/", {"email": "alice@example.com"}, **extra)


def register(**extra):
    body = {"email": "new@example.com", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    return APIClient().post(REGISTER_URL, body, **extra)


def resend(**extra):
    return APIClient().post(RESEND_URL, {"email": "alice@example.com"}, **extra)


def invite(**extra):
    login = APIClient().post(
        "/auth/login/", {"email": "staff@example.com", "password": PASSWORD}, format="json"
    )
    client = APIClient(HTTP_AUTHORIZATION=f"Bearer {login.data['access']}")
    return client.post(INVITE_URL, {"email": "new@example.com", "role": USER_CODE}, **extra)


@pytest.fixture
def accounts(user_factory, settings):
    """Alice awaits verification (for reset and resend); staff may invite."""
    settings.EMAIL_VERIFICATION = True
    user_factory(email="alice@example.com")
    staff = user_factory(email="staff@example.com", is_staff=True, role=STAFF_CODE)
    EmailAddress.objects.create(user=staff, email=staff.email, verified=True, primary=True)


FLOWS = {
    "reset": (reset, 200),
    "register": (register, 201),
    "resend": (resend, 200),
}


@pytest.mark.parametrize("flow", FLOWS)
def test_a_forged_host_does_not_reach_the_link(flow, site, accounts):
    send, status = FLOWS[flow]
    assert send(format="json", **FORGED).status_code == status
    [message] = mail.outbox
    assert origins(message) == {"http://api.example.com/"}


def test_a_forged_host_does_not_reach_the_invitation(site, accounts, settings):
    settings.JWT_ALLAUTH_ADMIN_MANAGED_REGISTRATION = True
    assert invite(format="json", **FORGED).status_code == 201
    [message] = mail.outbox
    assert origins(message) == {"http://api.example.com/"}
    assert message.subject == "Your new account on Example"


def test_the_account_exists_notice_names_the_site_not_the_host(site, accounts):
    body = {"email": "alice@example.com", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    assert APIClient().post(REGISTER_URL, body, format="json", **FORGED).status_code == 201
    [message] = mail.outbox
    assert "attacker.example" not in message.body + message.subject
    assert message.subject == "Someone tried to sign up on Example with your address"


@pytest.mark.parametrize("flow", FLOWS)
def test_the_base_url_setting_wins_over_site_and_host(flow, site, accounts, settings):
    settings.JWT_ALLAUTH_LINK_BASE_URL = "https://accounts.example.net:8443/"
    send, status = FLOWS[flow]
    assert send(format="json", **FORGED).status_code == status
    [message] = mail.outbox
    assert origins(message) == {"https://accounts.example.net:8443/"}


def test_an_https_request_keeps_https_on_the_site_domain(site, accounts):
    reset(format="json", secure=True, **FORGED)
    assert origins(mail.outbox[0]) == {"https://api.example.com/"}


def test_allauth_https_protocol_setting_forces_https(site, accounts, settings):
    settings.ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"
    reset(format="json", **FORGED)
    assert origins(mail.outbox[0]) == {"https://api.example.com/"}


def test_without_a_site_the_request_host_is_used(accounts, settings):
    """Nothing configured: the host Django accepted (ALLOWED_HOSTS) is all there is."""
    del settings.SITE_ID
    Site.objects.create(domain="accounts.example.org", name="Accounts")
    reset(format="json", secure=True, HTTP_HOST="accounts.example.org")
    assert origins(mail.outbox[0]) == {"https://accounts.example.org/"}


def test_without_a_site_an_unknown_host_is_named_by_itself(accounts, settings):
    """No SITE_ID and no Site row for the host: the mail names the host, no 500."""
    del settings.SITE_ID
    response = reset(format="json", HTTP_HOST="accounts.example.org")
    assert response.status_code == 200
    assert origins(mail.outbox[0]) == {"http://accounts.example.org/"}
    assert mail.outbox[0].subject == "Reset your password on accounts.example.org"


def test_without_a_site_the_base_url_names_the_site(accounts, settings):
    del settings.SITE_ID
    settings.JWT_ALLAUTH_LINK_BASE_URL = "https://api.example.net"
    reset(format="json", HTTP_HOST="attacker.example")
    assert origins(mail.outbox[0]) == {"https://api.example.net/"}
    assert mail.outbox[0].subject == "Reset your password on api.example.net"
