"""End to end over a real SMTP server: request, receive, follow the link, set, log in."""

from rest_framework.test import APIClient

from tests.helpers import PASSWORD
from tests.helpers.password import NEW_PASSWORD, RESET_URL, can_log_in, link_in, path_of, set_new


def text_part(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def test_reset_over_smtp(user, smtp_outbox):
    response = APIClient().post(RESET_URL, {"email": user.email}, format="json")
    assert response.status_code == 200
    message = smtp_outbox.wait_for(user.email)
    assert message["Subject"] == "Reset your password on example.com"
    assert message.get_body(preferencelist=("html",)).get_content_type() == "text/html"
    client = APIClient()
    followed = client.get(path_of(link_in(text_part(message))))
    assert (followed.status_code, followed["Location"]) == (302, "/auth/password/reset/default/")
    result = set_new(client)
    assert result.status_code == 200
    assert set(result.data) == {"access", "detail"}
    assert can_log_in(user.email, NEW_PASSWORD)
    assert not can_log_in(user.email, PASSWORD)


def test_unknown_address_receives_nothing(user, smtp_outbox):
    client = APIClient()
    assert client.post(RESET_URL, {"email": "nobody@example.com"}, format="json").status_code == 200
    assert client.post(RESET_URL, {"email": user.email}, format="json").status_code == 200
    assert smtp_outbox.wait_for(user.email)["To"] == user.email
    assert [m["To"] for m in smtp_outbox.messages] == [user.email]


def test_wait_for_fails_when_nothing_arrives(smtp_outbox):
    import pytest

    with pytest.raises(AssertionError, match="no mail to a@example.com within 0.2s"):
        smtp_outbox.wait_for("a@example.com", timeout=0.2)
