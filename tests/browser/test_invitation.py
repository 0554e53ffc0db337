"""A person accepts an invitation with our default pages in a real browser."""

import json
import urllib.request

from tests.helpers import PASSWORD
from tests.helpers.registration import NEW_PASSWORD, STRONG_VALIDATORS, link_in, log_in


def post_json(url: str, body: dict, token: str | None = None) -> tuple[int, bytes]:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url, json.dumps(body).encode(), headers=headers)
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (loopback)
        return response.status, response.read()


def invitation_link(live_server, smtp_outbox, staff, email: str) -> str:
    login = {"email": staff.email, "password": PASSWORD}
    status, body = post_json(f"{live_server.url}/auth/login/", login)
    access = json.loads(body)["access"]
    invitation = {"email": email, "role": 0, "first_name": "Grace"}
    url = f"{live_server.url}/auth/registration/user-register/"
    assert post_json(url, invitation, access) == (201, b"")
    message = smtp_outbox.wait_for(email)
    path = link_in(message.get_body(preferencelist=("plain",)).get_content())
    return live_server.url + path


def test_accept_invitation_in_the_browser(
    user_factory, live_server, smtp_outbox, browser_page, settings
):
    settings.JWT_ALLAUTH_ADMIN_MANAGED_REGISTRATION = True
    settings.AUTH_PASSWORD_VALIDATORS = STRONG_VALIDATORS
    staff = user_factory(email="staff@example.com", is_staff=True, role=1000)
    page = browser_page
    page.goto(invitation_link(live_server, smtp_outbox, staff, "grace@example.com"))
    assert page.url == f"{live_server.url}/auth/registration/set-password/default/"
    assert page.title() == "Choose your password"

    page.get_by_label("Password", exact=True).fill("short")
    page.get_by_label("Repeat the password").fill("different")
    page.get_by_role("button", name="Set password").click()
    mismatch = page.locator("#new_password2-errors li")
    mismatch.wait_for()
    assert mismatch.all_inner_texts() == ["The two password fields didn't match."]
    assert page.get_attribute("#new_password2", "aria-invalid") == "true"

    page.fill("#new_password1", "grace@example.com")
    page.fill("#new_password2", "grace@example.com")
    page.click("button[type=submit]")
    page.locator("#new_password2-errors li").first.wait_for()
    assert "too similar" in page.locator("#new_password2-errors").inner_text()

    page.fill("#new_password1", NEW_PASSWORD)
    page.fill("#new_password2", NEW_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/auth/registration/set-password/complete/")
    assert page.inner_text("h1") == "Your password is set"

    assert log_in("grace@example.com", NEW_PASSWORD).status_code == 200


def test_a_used_invitation_shows_the_failure_page(
    user_factory, live_server, smtp_outbox, browser_page, settings
):
    settings.JWT_ALLAUTH_ADMIN_MANAGED_REGISTRATION = True
    staff = user_factory(email="staff@example.com", is_staff=True, role=1000)
    page = browser_page
    link = invitation_link(live_server, smtp_outbox, staff, "grace@example.com")
    page.goto(link)
    page.fill("#new_password1", NEW_PASSWORD)
    page.fill("#new_password2", NEW_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/set-password/complete/")

    response = page.goto(link)
    assert response.status == 400
    assert page.inner_text("h1") == "This link can no longer be used"

    page.goto(f"{live_server.url}/auth/registration/set-password/default/")
    page.fill("#new_password1", "another new passphrase 9")
    page.fill("#new_password2", "another new passphrase 9")
    page.click("button[type=submit]")
    page.locator("#form-error").filter(has_text="one-time token").wait_for()
    assert log_in("grace@example.com", NEW_PASSWORD).status_code == 200
