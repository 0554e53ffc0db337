"""Mail leaves once the flow's transaction commits; a failing mail server changes no answer."""

from __future__ import annotations

import smtplib
import threading

import pytest
from allauth.account.models import EmailAddress
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from rest_framework.test import APIClient

from jwt_allauth.adapter import AccountAdapter
from jwt_allauth.internal.mail import send_on_commit
from jwt_allauth.registration import flows
from jwt_allauth.roles import STAFF_CODE, USER_CODE
from tests.helpers import PASSWORD
from tests.helpers.registration import INVITE_URL, NEW_PASSWORD, REGISTER_URL, RESEND_URL, SENT
from tests.registration.custom import RefusingBackend

RESENT = {"detail": "If this address awaits verification, a new link has been sent to it."}
RESET_SENT = {"detail": "If an account uses this address, a reset link has been sent to it."}


class RefusingRecipientBackend(BaseEmailBackend):
    """A mail server that refuses each recipient by name, as SMTP servers do."""

    def send_messages(self, email_messages):
        refused = {to: (550, b"5.1.1 no such user") for m in email_messages for to in m.to}
        raise smtplib.SMTPRecipientsRefused(refused)


class UnreachableBackend(BaseEmailBackend):
    """A mail server nobody answers at."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError(111, "Connection refused")


class QueueInOtherConnectionBackend(BaseEmailBackend):
    """A database-backed mail queue whose writer holds its own connection.

    Like a queue worker, or a concurrent request, writing to the same SQLite
    database: it cannot write while the flow still holds the write lock.
    """

    def send_messages(self, email_messages):
        failures: list[DatabaseError] = []

        def write() -> None:
            try:
                for message in email_messages:
                    Session.objects.create(
                        session_key=f"mail-{Session.objects.count()}",
                        session_data=message.subject,
                        expire_date=timezone.now(),
                    )
            except DatabaseError as error:
                failures.append(error)
            finally:
                connection.close()

        writer = threading.Thread(target=write)
        writer.start()
        writer.join()
        if failures:
            raise failures[0]
        return len(email_messages)


def here(backend: type) -> str:
    return f"{backend.__module__}.{backend.__name__}"


@pytest.fixture
def accounts(user_factory, settings):
    """Pending awaits verification; staff may invite; mandatory verification is on."""
    settings.EMAIL_VERIFICATION = True
    user_factory(email="pending@example.com")
    staff = user_factory(email="staff@example.com", is_staff=True, role=STAFF_CODE)
    EmailAddress.objects.create(user=staff, email=staff.email, verified=True, primary=True)
    return staff


def sign_up(email: str):
    body = {"email": email, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    return APIClient().post(REGISTER_URL, body, format="json")


def resend(email: str):
    return APIClient().post(RESEND_URL, {"email": email}, format="json")


def reset(email: str):
    return APIClient().post("/auth/password/reset/", {"email": email}, format="json")


def invite(email: str):
    login = {"email": "staff@example.com", "password": PASSWORD}
    access = APIClient().post("/auth/login/", login, format="json").data["access"]
    client = APIClient(HTTP_AUTHORIZATION=f"Bearer {access}")
    return client.post(INVITE_URL, {"email": email, "role": USER_CODE}, format="json")


def answer(response) -> tuple[int, object]:
    return response.status_code, response.data


# A failing mail server: the answer is the one an unknown address gets.


@pytest.mark.parametrize("backend", [RefusingBackend, RefusingRecipientBackend, UnreachableBackend])
def test_resend_answers_alike_when_the_mail_fails(accounts, settings, backend, caplog):
    settings.EMAIL_BACKEND = here(backend)
    assert answer(resend("pending@example.com")) == (200, RESENT)
    assert answer(resend("nobody@example.com")) == (200, RESENT)
    assert [r.name for r in caplog.records if r.levelname == "ERROR"] == ["jwt_allauth.mail"]


@pytest.mark.parametrize("backend", [RefusingBackend, RefusingRecipientBackend, UnreachableBackend])
def test_reset_answers_alike_when_the_mail_fails(accounts, settings, backend):
    settings.EMAIL_BACKEND = here(backend)
    assert answer(reset("pending@example.com")) == (200, RESET_SENT)
    assert answer(reset("nobody@example.com")) == (200, RESET_SENT)


@pytest.mark.parametrize("backend", [RefusingBackend, RefusingRecipientBackend, UnreachableBackend])
def test_sign_up_answers_alike_when_the_mail_fails(accounts, settings, backend):
    """New or taken, the same 201; the account exists and can ask for the link again."""
    settings.EMAIL_BACKEND = here(backend)
    assert answer(sign_up("new@example.com")) == (201, {**SENT, "email": "new@example.com"})
    taken = answer(sign_up("pending@example.com"))
    assert taken == (201, {**SENT, "email": "pending@example.com"})
    assert EmailAddress.objects.filter(email="new@example.com", verified=False).count() == 1


def test_invitation_is_created_when_the_mail_fails(accounts, settings, caplog):
    settings.JWT_ALLAUTH_ADMIN_MANAGED_REGISTRATION = True
    settings.EMAIL_BACKEND = here(RefusingRecipientBackend)
    assert answer(invite("new@example.com")) == (201, None)
    assert EmailAddress.objects.filter(email="new@example.com").count() == 1
    [record] = [r for r in caplog.records if r.name == "jwt_allauth.mail"]
    assert record.getMessage() == (
        "A mail ('Your new account on example.com') could not be sent: "
        "SMTPRecipientsRefused (code None)."
    )
    assert "new@example.com" not in caplog.text


# A database-backed mail queue next to the flow's transaction (SQLite).

transactional = pytest.mark.django_db(transaction=True)


@transactional
@pytest.mark.parametrize("flow", ["sign_up", "resend", "invite"])
def test_a_database_mail_queue_is_written_after_the_commit(accounts, settings, flow):
    settings.EMAIL_BACKEND = here(QueueInOtherConnectionBackend)
    if flow == "sign_up":
        response, expected = sign_up("new@example.com"), 201
    elif flow == "resend":
        response, expected = resend("pending@example.com"), 200
    else:
        settings.JWT_ALLAUTH_ADMIN_MANAGED_REGISTRATION = True
        response, expected = invite("new@example.com"), 201
    assert response.status_code == expected
    assert Session.objects.filter(session_key__startswith="mail-").count() == 1


# Rolled back: never sent.


def test_no_mail_when_the_sign_up_rolls_back(db, settings, monkeypatch):
    """Optional verification mails the link, then opens a session; that step fails."""
    settings.EMAIL_VERIFICATION = "optional"

    def broken(*args, **kwargs):
        raise RuntimeError("session store down")

    monkeypatch.setattr(flows, "finish_login", broken)
    with pytest.raises(RuntimeError):
        sign_up("new@example.com")
    assert mail.outbox == []
    assert EmailAddress.objects.count() == 0


def test_send_on_commit_waits_for_the_outermost_commit(db, django_capture_on_commit_callbacks):
    message = mail.EmailMessage("subject", "body", to=["someone@example.com"])
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            send_on_commit(message)
            assert mail.outbox == []
    assert [m.subject for m in mail.outbox] == ["subject"]


def test_send_on_commit_drops_the_mail_of_a_rolled_back_block(
    db, django_capture_on_commit_callbacks
):
    message = mail.EmailMessage("subject", "body", to=["someone@example.com"])
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(ZeroDivisionError), transaction.atomic():
            send_on_commit(message)
            1 / 0  # noqa: B018
    assert mail.outbox == []


def test_allauth_own_mails_through_our_adapter_leave_on_commit(
    user, django_capture_on_commit_callbacks
):
    """allauth's notifications (and its pages) send through the adapter's send_mail."""
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            AccountAdapter().send_mail("account/email/password_changed", user.email, {})
            assert mail.outbox == []
    assert [message.to for message in mail.outbox] == [[user.email]]
