"""End to end over a real SMTP server on loopback: the mailed link is what the person follows."""

from __future__ import annotations

from rest_framework.test import APIClient

from tests.helpers import PASSWORD, assert_coded
from tests.helpers.registration import (
    COOKIE,
    NEW_PASSWORD,
    address_of,
    bearer,
    invite,
    link_in,
    log_in,
    resend,
    set_password,
    sign_up,
)


def text_of(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def test_sign_up_verify_and_log_in(db, mandatory, smtp_outbox):
    assert sign_up("reader@example.com").status_code == 201
    message = smtp_outbox.wait_for("reader@example.com")
    assert message["Subject"] == "Confirm your e-mail address on example.com"
    assert message.get_body(preferencelist=("html",)) is not None
    assert_coded(log_in("reader@example.com"), 403, "email_not_verified")
    response = APIClient().get(link_in(text_of(message)))
    assert response.status_code == 302
    assert log_in("reader@example.com").status_code == 200


def test_resend_then_verify(db, mandatory, smtp_outbox, settings):
    settings.ACCOUNT_RATE_LIMITS = {"confirm_email": None}
    sign_up("reader@example.com")
    smtp_outbox.wait_for("reader@example.com")
    assert resend("reader@example.com").status_code == 200
    second = smtp_outbox.wait_for("reader@example.com")
    assert APIClient().get(link_in(text_of(second))).status_code == 302
    assert address_of("reader@example.com").verified


def test_taken_address_gets_the_account_exists_mail(user, mandatory, smtp_outbox):
    assert sign_up(user.email).status_code == 201
    message = smtp_outbox.wait_for(user.email)
    assert message["Subject"] == "Someone tried to sign up on example.com with your address"
    assert "/verification/" not in text_of(message)


def test_invite_follow_set_password_and_log_in(user_factory, admin_managed, smtp_outbox):
    staff = user_factory(email="staff@example.com", is_staff=True, role=1000)
    assert invite(bearer(staff), "newhire@example.com").status_code == 201
    message = smtp_outbox.wait_for("newhire@example.com")
    assert message["Subject"] == "Your new account on example.com"
    browser = APIClient()
    assert browser.get(link_in(text_of(message))).status_code == 302
    assert browser.cookies[COOKIE].value
    assert set_password(browser).status_code == 200
    assert log_in("newhire@example.com", NEW_PASSWORD).status_code == 200
    assert_coded(log_in("newhire@example.com", PASSWORD), 401, "incorrect_credentials")
