import copy

import pytest
from rest_framework.test import APIClient

from tests.helpers.password import RESET_URL, link_in


@pytest.fixture
def template_dir(tmp_path, settings):
    """A project template directory searched before the app's templates."""
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [str(tmp_path)]
    settings.TEMPLATES = templates

    def write(name: str, text: str) -> None:
        target = tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)

    return write


def send(user, mailoutbox):
    assert APIClient().post(RESET_URL, {"email": user.email}, format="json").status_code == 200
    return mailoutbox[-1]


def test_default_mail(user, mailoutbox):
    message = send(user, mailoutbox)
    assert message.subject == "Reset your password on example.com"
    assert '<a href="http://example.com/auth/password/reset/confirm/' in message.alternatives[0][0]
    assert "<" not in message.body
    assert link_in(message.body)


def test_django_template_override(user, mailoutbox, template_dir):
    template_dir("email/password/reset_email_subject.txt", "Project subject for {{ email }}")
    template_dir("email/password/reset_email_message.html", "<p>HTML {{ password_reset_url }}</p>")
    template_dir("email/password/reset_email_message.txt", "TEXT {{ password_reset_url }}")
    message = send(user, mailoutbox)
    assert message.subject == f"Project subject for {user.email}"
    assert message.body.startswith("TEXT http://example.com/auth/password/reset/confirm/")
    assert message.alternatives[0][0].startswith("<p>HTML http://example.com/auth/")


def test_jwt_allauth_templates_override(user, mailoutbox, template_dir, settings):
    template_dir("mysite/reset_subject.txt", "Custom subject")
    template_dir("mysite/reset.html", "<b>Custom</b> {{ password_reset_url }}")
    settings.JWT_ALLAUTH_TEMPLATES = {
        "PASS_RESET_SUBJECT": "mysite/reset_subject.txt",
        "PASS_RESET_EMAIL": "mysite/reset.html",
    }
    message = send(user, mailoutbox)
    assert message.subject == "Custom subject"
    assert message.alternatives[0][0].startswith("<b>Custom</b> http://example.com/")
    assert message.body.startswith("Custom http://example.com/auth/password/reset/confirm/")


def test_page_templates_can_be_overridden(db, client, template_dir):
    template_dir("jwt_allauth/password/reset_complete.html", "All done, project style")
    response = client.get("/auth/password/reset/complete/")
    assert response.content.decode() == "All done, project style"
