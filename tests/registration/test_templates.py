"""The mails and pages: their content, and both ways a project overrides a mail."""

from __future__ import annotations

import copy

import pytest
from django.core import mail
from rest_framework.test import APIClient

from jwt_allauth.adapter import AccountAdapter, get_adapter
from tests.helpers import PASSWORD
from tests.helpers.registration import VERIFIED_PAGE, bearer, invite, link_in, sign_up


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


def html_of(message) -> str:
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return html


def test_verification_mail(db, mandatory):
    sign_up("new@example.com")
    [message] = mail.outbox
    link = link_in(message.body)
    assert message.subject == "Confirm your e-mail address on example.com"
    assert "new@example.com" in message.body
    assert "expires in 3 days" in message.body
    html = html_of(message)
    assert f'href="http://example.com{link}"' in html
    assert "<html" not in message.body
    assert "src=" not in html and "<link" not in html


def test_invitation_mail(settings, user_factory):
    settings.JWT_ALLAUTH_ADMIN_MANAGED_REGISTRATION = True
    staff = user_factory(email="staff@example.com", is_staff=True, role=1000)
    invite(bearer(staff), "invitee@example.com")
    [message] = mail.outbox
    assert message.subject == "Your new account on example.com"
    assert "choose your password" in message.body
    assert link_in(message.body) in html_of(message)


def test_account_exists_mail(user, mandatory):
    sign_up(user.email)
    [message] = mail.outbox
    assert message.subject == "Someone tried to sign up on example.com with your address"
    assert "already exists" in message.body
    assert "already exists" in html_of(message)


def test_a_django_template_override_changes_the_mail(db, mandatory, template_dir):
    template_dir("email/signup/email_subject.txt", "Welcome aboard")
    template_dir("email/signup/email_message.html", "<p>HTML {{ activate_url }}</p>")
    template_dir("email/signup/email_message.txt", "TEXT {{ activate_url }} for {{ email }}")
    sign_up("new@example.com")
    [message] = mail.outbox
    assert message.subject == "Welcome aboard"
    assert message.body.startswith("TEXT http://example.com/auth/registration/verification/")
    assert message.body.endswith(" for new@example.com")
    assert html_of(message).startswith("<p>HTML http://example.com/auth/")


@pytest.mark.parametrize(
    ("subject_key", "body_key", "trigger"),
    [
        ("EMAIL_VERIFICATION_SUBJECT", "EMAIL_VERIFICATION", "sign_up"),
        ("ACCOUNT_EXISTS_SUBJECT", "ACCOUNT_EXISTS_EMAIL", "taken"),
        ("ADMIN_EMAIL_VERIFICATION_SUBJECT", "ADMIN_EMAIL_VERIFICATION", "invite"),
    ],
)
def test_jwt_allauth_templates_setting_changes_the_mail(
    user, settings, template_dir, subject_key, body_key, trigger
):
    template_dir("mine/subject.txt", "Custom {{ site_name }}")
    template_dir("mine/body.html", "<b>custom for {{ email }}</b>")
    settings.JWT_ALLAUTH_TEMPLATES = {subject_key: "mine/subject.txt", body_key: "mine/body.html"}
    if trigger == "invite":
        settings.JWT_ALLAUTH_ADMIN_MANAGED_REGISTRATION = True
        user.is_staff = True
        user.save()
        invite(bearer(user), "invitee@example.com")
        to = "invitee@example.com"
    else:
        settings.EMAIL_VERIFICATION = True
        to = user.email if trigger == "taken" else "new@example.com"
        sign_up(to)
    [message] = mail.outbox
    assert message.subject == "Custom example.com"
    assert html_of(message) == f"<b>custom for {to}</b>"
    assert message.body == f"custom for {to}"  # no .txt sibling: the HTML without tags


def test_the_projects_adapter_is_used_when_it_is_ours(db, mandatory, settings):
    settings.ACCOUNT_ADAPTER = "tests.registration.custom.TaggingAdapter"
    sign_up("new@example.com")
    assert mail.outbox[0].subject == "Confirm your e-mail address on Tagged Site"


def test_allauths_default_adapter_falls_back_to_ours(db, settings):
    settings.ACCOUNT_ADAPTER = "allauth.account.adapter.DefaultAccountAdapter"
    assert type(get_adapter()) is AccountAdapter


@pytest.mark.parametrize(
    "path",
    [VERIFIED_PAGE, "/auth/registration/account_email_verification_sent/", "bad-link"],
)
def test_pages_are_self_contained_and_accessible(db, mandatory, path):
    if path == "bad-link":
        path = "/auth/registration/verification/unknown/"
    html = APIClient().get(path).content.decode()
    assert '<html lang="en">' in html
    assert '<meta name="viewport"' in html
    assert html.count("<h1>") == 1
    assert "src=" not in html and "<link" not in html and "@import" not in html


def test_pages_declare_the_active_language(db, mandatory, settings):
    settings.LANGUAGE_CODE = "fr"
    html = APIClient().get(VERIFIED_PAGE).content.decode()
    assert '<html lang="fr">' in html


def test_login_after_verification_uses_the_mailed_link(db, mandatory):
    sign_up("new@example.com", password=PASSWORD)
    APIClient().get(link_in(mail.outbox[0].body))
    body = {"email": "new@example.com", "password": PASSWORD}
    assert APIClient().post("/auth/login/", body, format="json").status_code == 200


@pytest.mark.parametrize(
    ("value", "link"),
    [
        ("/forgot/", "http://example.com/forgot/"),
        ("forgot/", "http://example.com/forgot/"),
        ("https://app.example.com/forgot", "https://app.example.com/forgot"),
    ],
)
def test_account_exists_mail_links_to_the_reset_request_page(
    settings, user, mandatory, value, link
):
    """1.x's PASSWORD_RESET_REQUEST_URL: the owner is pointed at the form that takes it back."""
    settings.PASSWORD_RESET_REQUEST_URL = value
    sign_up(user.email)
    [message] = mail.outbox
    assert f"Reset your password here: {link}\n" in message.body
    assert f"Reset your password here: {link}</p>" in html_of(message)


def test_account_exists_mail_without_the_reset_request_page(user, mandatory):
    sign_up(user.email)
    [message] = mail.outbox
    assert "Reset your password here" not in message.body
    assert "Reset your password here" not in html_of(message)
