"""Which registration routes exist under which settings."""

from __future__ import annotations

import pytest
from django.urls import NoReverseMatch, reverse

ALL = {
    "rest_register",
    "account_confirm_email",
    "rest_resend_email",
    "account_email_verification_sent",
    "jwt_allauth_email_verified",
    "rest_user_register",
    "rest_set_password",
    "default_set_password",
    "jwt_allauth_set_password_complete",
}
VERIFYING = {"account_confirm_email", "rest_resend_email", "account_email_verification_sent"}
MANAGED = {
    "account_confirm_email",
    "rest_resend_email",
    "rest_user_register",
    "rest_set_password",
    "default_set_password",
    "jwt_allauth_set_password_complete",
}


def routed() -> set[str]:
    names = set()
    for name in ALL:
        kwargs = {"key": "k"} if name == "account_confirm_email" else {}
        try:
            reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            continue
        names.add(name)
    return names


@pytest.mark.parametrize(
    ("verification", "managed", "redirect", "expected"),
    [
        (False, False, None, {"rest_register"}),
        (True, False, None, {"rest_register", "jwt_allauth_email_verified"} | VERIFYING),
        ("optional", False, None, {"rest_register", "jwt_allauth_email_verified"} | VERIFYING),
        (True, False, "https://app.example.com/", {"rest_register"} | VERIFYING),
        (False, True, None, MANAGED),
        (True, True, None, MANAGED | VERIFYING | {"jwt_allauth_email_verified"}),
    ],
)
def test_routes_follow_the_settings(
    settings, reload_urls, verification, managed, redirect, expected
):
    settings.EMAIL_VERIFICATION = verification
    settings.JWT_ALLAUTH_ADMIN_MANAGED_REGISTRATION = managed
    settings.EMAIL_VERIFIED_REDIRECT = redirect
    reload_urls()  # the settings fixture already triggers it; harmless to ask again
    assert routed() == expected


def test_routes_come_back_after_a_test_changed_them():
    assert routed() == {"rest_register"}
