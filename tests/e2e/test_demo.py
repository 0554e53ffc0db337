"""Every account flow of the demo's front end, clicked through in Chromium.

Each test is a person using the page: labelled inputs, buttons by their text, mails
read from the demo's /dev/mails/ page, TOTP codes computed from the secret the page
shows. Each uses its own account, so they do not depend on one another.
"""

from __future__ import annotations

import re
import time
import uuid
from typing import Any

import pyotp

from tests.browsing import InBrowserThread
from tests.e2e.conftest import DEMO_PASSWORD

PASSWORD = "Correct-Horse-7-Battery"
NEW_PASSWORD = "Staple-Orbit-42-Lantern"
TOTP_PERIOD = 30


def check(locator: InBrowserThread) -> Any:
    """Playwright's ``expect`` on a proxied locator, run in the browser thread."""
    from playwright.sync_api import expect

    return InBrowserThread(locator._run, expect(locator._target))


def new_email() -> str:
    return f"user-{uuid.uuid4().hex[:10]}@example.com"


def form(page: InBrowserThread, name: str) -> InBrowserThread:
    return page.get_by_role("form", name=name, exact=True)


def log_in(page: InBrowserThread, email: str, password: str) -> None:
    login = form(page, "Log in")
    login.get_by_label("Email").fill(email)
    login.get_by_label("Password", exact=True).fill(password)
    login.get_by_role("button", name="Log in").click()


def assert_signed_in(page: InBrowserThread, email: str) -> None:
    check(page.get_by_text(f"Signed in as {email}")).to_be_visible()


def assert_signed_out(page: InBrowserThread) -> None:
    check(form(page, "Log in")).to_be_visible()
    check(page.get_by_text("Signed in as")).to_be_hidden()


def click_link_in_mail(page: InBrowserThread, email: str, subject: re.Pattern) -> None:
    """Open the newest mail to ``email`` whose subject matches, and follow its link."""
    page.goto("/dev/mails/")
    mail = page.get_by_role("article").filter(has_text=email).filter(has_text=subject).first
    mail.get_by_role("link").first.click()


def sign_up(page: InBrowserThread, email: str) -> None:
    page.goto("/")
    signup = form(page, "Sign up")
    signup.get_by_label("Email").fill(email)
    signup.get_by_label("Password", exact=True).fill(PASSWORD)
    signup.get_by_label("Repeat the password").fill(PASSWORD)
    signup.get_by_role("button", name="Sign up").click()
    check(page.get_by_role("status")).to_contain_text(f"sent a verification link to {email}")


def verify(page: InBrowserThread, email: str) -> None:
    click_link_in_mail(page, email, re.compile("confirm|verif", re.IGNORECASE))
    check(page.get_by_role("status")).to_contain_text("Your e-mail address is verified")


def sign_up_verified(page: InBrowserThread) -> str:
    email = new_email()
    sign_up(page, email)
    verify(page, email)
    return email


def test_demo_account_stays_signed_in_across_reloads_until_logout(open_browser):
    page = open_browser()
    page.goto("/")
    assert_signed_out(page)
    log_in(page, "demo@example.com", DEMO_PASSWORD)
    assert_signed_in(page, "demo@example.com")

    page.get_by_role("button", name="Call the example API").click()
    check(page.get_by_text("Hello from a view protected by an access token.")).to_be_visible()

    page.reload()  # the access token was in memory only: the refresh cookie brings it back
    assert_signed_in(page, "demo@example.com")
    check(page.locator("#mfa-status")).to_have_text("Two-factor authentication is off.")

    page.get_by_role("button", name="Log out", exact=True).click()
    check(page.get_by_role("status")).to_have_text("You are signed out.")
    page.reload()
    assert_signed_out(page)


def test_sign_up_verify_edit_profile_and_change_password(open_browser):
    page = open_browser()
    email = new_email()
    sign_up(page, email)

    log_in(page, email, PASSWORD)
    check(form(page, "Log in").locator(".error")).to_contain_text("(email_not_verified)")

    verify(page, email)
    log_in(page, email, PASSWORD)
    assert_signed_in(page, email)

    profile = form(page, "Profile")
    profile.get_by_label("First name").fill("Ada")
    profile.get_by_label("Last name").fill("Lovelace")
    profile.get_by_role("button", name="Save profile").click()
    check(page.get_by_role("status")).to_have_text("Profile saved.")
    page.reload()
    check(form(page, "Profile").get_by_label("First name")).to_have_value("Ada")
    check(form(page, "Profile").get_by_label("Last name")).to_have_value("Lovelace")

    change = form(page, "Change password")
    change.get_by_label("Current password").fill("not-my-password")
    change.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    change.get_by_label("Repeat the new password").fill(NEW_PASSWORD)
    change.get_by_role("button", name="Change password").click()
    check(change.locator(".error")).to_contain_text("old_password:")
    change.get_by_label("Current password").fill(PASSWORD)
    change.get_by_role("button", name="Change password").click()
    check(page.get_by_role("status")).to_have_text("New password has been saved.")

    page.get_by_role("button", name="Log out", exact=True).click()
    log_in(page, email, PASSWORD)
    check(form(page, "Log in").locator(".error")).to_contain_text("(incorrect_credentials)")
    log_in(page, email, NEW_PASSWORD)
    assert_signed_in(page, email)


def reset_password_by_mail(page, email: str) -> None:
    """Ask for a reset link in the SPA, open it from the mailbox, set NEW_PASSWORD."""
    reset = form(page, "Forgot your password?")
    reset.get_by_label("Email").fill(email)
    reset.get_by_role("button", name="Send reset link").click()
    check(page.get_by_role("status")).to_contain_text("See the Mailbox (dev) page.")
    click_link_in_mail(page, email, re.compile("password", re.IGNORECASE))
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Repeat the new password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Set new password").click()
    page.wait_for_url(re.compile(r"/auth/password/reset/complete/$"))


def test_forgotten_password_is_reset_through_the_mailed_link(open_browser):
    page = open_browser()
    email = sign_up_verified(page)
    reset_password_by_mail(page, email)

    page.goto("/")  # the reset opened a session: its refresh cookie signs the page in
    assert_signed_in(page, email)
    page.get_by_role("button", name="Log out", exact=True).click()
    log_in(page, email, PASSWORD)
    check(form(page, "Log in").locator(".error")).to_contain_text("(incorrect_credentials)")
    log_in(page, email, NEW_PASSWORD)
    assert_signed_in(page, email)


def enrol_totp(page: InBrowserThread) -> tuple[pyotp.TOTP, list[str]]:
    """Set up TOTP from the signed-in page; the authenticator and the recovery codes.

    The activation spends the current 30-second step's code.
    """
    page.get_by_role("button", name="Set up two-factor authentication").click()
    qr_code = page.get_by_role("img", name="QR code of the authenticator secret")
    check(qr_code).to_be_visible()
    assert qr_code.evaluate("image => image.complete && image.naturalWidth > 0") is True
    secret = page.locator("#mfa-secret").inner_text()
    assert re.fullmatch(r"[A-Z2-7]{16,}", secret)
    totp = pyotp.TOTP(secret)
    page.get_by_label("Code from your app", exact=True).fill(totp.now())
    page.get_by_role("button", name="Activate").click()
    check(page.locator("#mfa-codes li")).to_have_count(10)
    recovery_codes = page.locator("#mfa-codes li").all_inner_texts()
    check(page.locator("#mfa-status")).to_contain_text("Two-factor authentication is on.")
    return totp, recovery_codes


def next_step_code(totp: pyotp.TOTP) -> str:
    """A code is accepted once per 30-second step: the next step's code is newer than
    the activation's, and the demo accepts one step of clock drift."""
    return totp.at(time.time() + TOTP_PERIOD)


def test_totp_enrolment_then_login_with_a_code_and_with_a_recovery_code(open_browser):
    page = open_browser()
    email = sign_up_verified(page)
    log_in(page, email, PASSWORD)
    assert_signed_in(page, email)

    totp, recovery_codes = enrol_totp(page)

    page.get_by_role("button", name="Log out", exact=True).click()
    log_in(page, email, PASSWORD)
    check(page.get_by_role("status")).to_contain_text("Enter the code from your authenticator")
    assert_not_signed_in_yet(page)
    page.get_by_label("Authentication code", exact=True).fill(next_step_code(totp))
    page.get_by_role("button", name="Verify code").click()
    assert_signed_in(page, email)

    page.get_by_role("button", name="Log out", exact=True).click()
    log_in(page, email, PASSWORD)
    page.get_by_label("Recovery code", exact=True).fill(recovery_codes[0])
    page.get_by_role("button", name="Use recovery code").click()
    assert_signed_in(page, email)
    check(page.locator("#mfa-status")).to_contain_text("Unused recovery codes: 9.")

    turn_off = form(page, "Turn it off")
    turn_off.get_by_label("Password").fill(PASSWORD)
    turn_off.get_by_role("button", name="Turn off two-factor authentication").click()
    check(page.locator("#mfa-status")).to_have_text("Two-factor authentication is off.")


def assert_not_signed_in_yet(page: InBrowserThread) -> None:
    check(page.get_by_role("form", name="Enter a code from your app")).to_be_visible()
    check(page.get_by_text("Signed in as")).to_be_hidden()


def test_sessions_are_listed_revoked_and_logged_out_everywhere(open_browser):
    laptop = open_browser()
    email = sign_up_verified(laptop)
    log_in(laptop, email, PASSWORD)
    assert_signed_in(laptop, email)
    phone = open_browser()
    phone.goto("/")
    log_in(phone, email, PASSWORD)
    assert_signed_in(phone, email)

    laptop.get_by_role("button", name="Reload sessions").click()
    rows = laptop.locator("#sessions-body tr")
    check(rows).to_have_count(2)
    check(rows.filter(has_text="(this device)")).to_have_count(1)
    rows.filter(has_not_text="(this device)").get_by_role("button", name="Revoke").click()
    check(laptop.get_by_role("status")).to_have_text("Session revoked.")
    check(rows).to_have_count(1)
    check(rows).to_contain_text("(this device)")

    phone.reload()  # its refresh cookie names the revoked session
    assert_signed_out(phone)

    log_in(phone, email, PASSWORD)
    assert_signed_in(phone, email)
    laptop.get_by_role("button", name="Log out everywhere").click()
    check(laptop.get_by_role("status")).to_have_text("You are signed out on every device.")
    assert_signed_out(laptop)
    phone.reload()
    assert_signed_out(phone)


def test_verification_mail_is_sent_again_and_its_link_verifies(open_browser):
    page = open_browser()
    email = new_email()
    sign_up(page, email)

    resend = form(page, "No verification mail?")
    resend.get_by_label("Email").fill(email)
    resend.get_by_role("button", name="Send the link again").click()
    check(page.get_by_role("status")).to_have_text(
        "If this address awaits verification, a new link has been sent to it."
    )
    page.goto("/dev/mails/")
    mails = page.get_by_role("article").filter(has_text=email)
    check(mails).to_have_count(2)  # the sign-up's and the new one, newest first

    verify(page, email)
    log_in(page, email, PASSWORD)
    assert_signed_in(page, email)


def test_wrong_totp_code_shows_the_error_then_a_right_code_signs_in(open_browser):
    page = open_browser()
    email = sign_up_verified(page)
    log_in(page, email, PASSWORD)
    totp, _ = enrol_totp(page)
    page.get_by_role("button", name="Log out", exact=True).click()

    log_in(page, email, PASSWORD)
    right = next_step_code(totp)
    accepted = {totp.at(time.time() + step * TOTP_PERIOD) for step in (-1, 0, 1, 2)}
    wrong = next(code for code in ("000000", "111111", "222222") if code not in accepted)
    code_form = form(page, "Enter a code from your app")
    code_form.get_by_label("Authentication code", exact=True).fill(wrong)
    code_form.get_by_role("button", name="Verify code").click()
    check(code_form.locator(".error")).to_have_text("Incorrect code. (mfa_code_invalid)")
    assert_not_signed_in_yet(page)

    code_form.get_by_label("Authentication code", exact=True).fill(right)
    code_form.get_by_role("button", name="Verify code").click()
    assert_signed_in(page, email)


def test_password_reset_of_a_totp_user_opens_no_session(open_browser):
    """The mailed link is no second factor: set-new answers an MFA challenge, which the
    package's default form does not continue; the user then signs in with the new
    password and a code."""
    page = open_browser()
    email = sign_up_verified(page)
    log_in(page, email, PASSWORD)
    totp, _ = enrol_totp(page)
    page.get_by_role("button", name="Log out", exact=True).click()

    reset_password_by_mail(page, email)

    page.goto("/")
    assert_signed_out(page)
    log_in(page, email, PASSWORD)
    check(form(page, "Log in").locator(".error")).to_contain_text("(incorrect_credentials)")
    log_in(page, email, NEW_PASSWORD)
    assert_not_signed_in_yet(page)
    page.get_by_label("Authentication code", exact=True).fill(next_step_code(totp))
    page.get_by_role("button", name="Verify code").click()
    assert_signed_in(page, email)
