"""A person resets a forgotten password with our default pages in a real browser."""

import json
import urllib.request

from tests.helpers import PASSWORD
from tests.helpers.password import NEW_PASSWORD, STRONG_VALIDATORS, can_log_in, link_in


def post_json(url: str, body: dict) -> int:
    request = urllib.request.Request(
        url, json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (loopback)
        return response.status


def mailed_link(live_server, smtp_outbox, user) -> str:
    assert post_json(f"{live_server.url}/auth/password/reset/", {"email": user.email}) == 200
    message = smtp_outbox.wait_for(user.email)
    link = link_in(message.get_body(preferencelist=("plain",)).get_content())
    assert link.startswith(live_server.url)
    return link


def test_reset_in_the_browser(user, live_server, smtp_outbox, browser_page, settings):
    settings.AUTH_PASSWORD_VALIDATORS = STRONG_VALIDATORS
    page = browser_page
    page.goto(mailed_link(live_server, smtp_outbox, user))
    assert page.url == f"{live_server.url}/auth/password/reset/default/"
    assert page.title() == "Choose a new password"

    page.get_by_label("New password", exact=True).fill("short")
    page.get_by_label("Repeat the new password").fill("different")
    page.get_by_role("button", name="Set new password").click()
    mismatch = page.locator("#new_password2-errors li")
    mismatch.wait_for()
    assert mismatch.all_inner_texts() == ["The two password fields didn't match."]
    assert page.get_attribute("#new_password2", "aria-invalid") == "true"

    page.fill("#new_password1", "12345")
    page.fill("#new_password2", "12345")
    page.click("button[type=submit]")
    page.locator("#new_password2-errors li").first.wait_for()
    assert "This password is too short." in page.locator("#new_password2-errors").inner_text()
    assert page.locator("#new_password1-errors li").count() == 0

    page.fill("#new_password1", NEW_PASSWORD)
    page.fill("#new_password2", NEW_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/auth/password/reset/complete/")
    assert page.inner_text("h1") == "Your password has been changed"

    assert can_log_in(user.email, NEW_PASSWORD)
    assert not can_log_in(user.email, PASSWORD)


def test_used_link_shows_the_failure_page_and_form_reports_it(
    user, live_server, smtp_outbox, browser_page
):
    page = browser_page
    link = mailed_link(live_server, smtp_outbox, user)
    page.goto(link)
    page.fill("#new_password1", NEW_PASSWORD)
    page.fill("#new_password2", NEW_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/password/reset/complete/")

    response = page.goto(link)
    assert response.status == 400
    assert page.inner_text("h1") == "This link can no longer be used"

    page.goto(f"{live_server.url}/auth/password/reset/default/")
    page.fill("#new_password1", "another new passphrase 9")
    page.fill("#new_password2", "another new passphrase 9")
    page.click("button[type=submit]")
    alert = page.locator("#form-error")
    alert.filter(has_text="one-time token").wait_for()
    assert page.url.endswith("/password/reset/default/")
    assert can_log_in(user.email, NEW_PASSWORD)
