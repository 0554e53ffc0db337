"""The notice to the holder of an address another account asked to move to (verification on).

It has its own wording (not sign-up's), is overridable like every mail, and tells
the holder nothing about the account that asked: no address, name or link.
"""

from __future__ import annotations

import copy

import pytest
from allauth.account.models import EmailAddress

from tests.registration.test_templates import html_of
from tests.users.test_email_change import login

SUBJECT = "Someone asked to use your address for another account on example.com"


@pytest.fixture
def account(settings, user_factory):
    settings.EMAIL_VERIFICATION = True
    settings.ACCOUNT_RATE_LIMITS = False

    def make(email: str, **fields):
        user = user_factory(email=email, **fields)
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
        return user

    return make


@pytest.fixture
def notice(account, mailoutbox):
    """``notice(**headers)``: alice asks for bob's address; the mail bob gets."""
    account("alice@example.com", first_name="Alice", last_name="Liddell")
    account("bob@example.com", first_name="Robert", last_name="Tables")

    def ask(**headers):
        client = login("alice@example.com")
        mailoutbox.clear()
        body = {"email": "bob@example.com"}
        response = client.patch("/auth/user/", body, format="json", **headers)
        assert response.status_code == 200, response.data
        assert sorted(m.to[0] for m in mailoutbox) == ["alice@example.com", "bob@example.com"]
        return next(m for m in mailoutbox if m.to == ["bob@example.com"])

    return ask


@pytest.fixture
def template_dir(settings, tmp_path):
    """``write(name, text)`` puts a template where the project's loader finds it first."""
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [str(tmp_path)]
    settings.TEMPLATES = templates

    def write(name: str, text: str) -> None:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)

    return write


def test_the_holder_gets_a_notice_of_its_own(notice):
    message = notice()

    assert message.subject == SUBJECT
    assert "asked to change its e-mail address to bob@example.com" in message.body
    assert "sign in to the account that has this address instead" in message.body
    assert "sign up" not in message.body and "create an account" not in message.body
    assert "Your address is already in use" in html_of(message)


def test_it_tells_nothing_about_the_account_that_asked(notice):
    message = notice()
    text = " ".join([message.subject, message.body, html_of(message)])

    for secret in ("alice", "Alice", "Liddell"):
        assert secret not in text
    assert "http" not in message.body  # no link to follow, nor any key
    assert "href" not in html_of(message)


def test_sign_up_keeps_its_own_notice(account, mailoutbox):
    from rest_framework.test import APIClient

    account("bob@example.com")
    body = {"email": "bob@example.com", "password1": "a long passphrase 9", "password2": "x"}
    body["password2"] = body["password1"]
    APIClient().post("/auth/registration/", body, format="json")

    [message] = mailoutbox
    assert message.subject == "Someone tried to sign up on example.com with your address"


def test_it_is_written_in_the_requested_language(notice):
    message = notice(HTTP_ACCEPT_LANGUAGE="de")

    assert message.subject == (
        "Jemand möchte Ihre Adresse für ein anderes Konto auf example.com verwenden"
    )


def test_a_project_template_at_the_same_path_wins(notice, template_dir):
    template_dir("email/user/email_taken_subject.txt", "Taken: {{ email }}")
    template_dir("email/user/email_taken_message.html", "<p>Held by you: {{ email }}</p>")

    message = notice()

    assert message.subject == "Taken: bob@example.com"
    assert html_of(message) == "<p>Held by you: bob@example.com</p>"


def test_the_templates_setting_names_other_files(settings, notice, template_dir):
    template_dir("mail/taken_subject.txt", "Address in use")
    template_dir("mail/taken.html", "<p>{{ email }} is yours</p>")
    template_dir("mail/taken.txt", "{{ email }} is yours (text)")
    settings.JWT_ALLAUTH_TEMPLATES = {
        "EMAIL_TAKEN_SUBJECT": "mail/taken_subject.txt",
        "EMAIL_TAKEN_EMAIL": "mail/taken.html",
    }

    message = notice()

    assert (message.subject, message.body) == ("Address in use", "bob@example.com is yours (text)")
