"""Every URL name 1.x's urls.py files give reverses here too, to the view of our name."""

from __future__ import annotations

import pytest
from django.urls import resolve, reverse

from jwt_allauth.internal.compat import social_installed

# 1.x's name -> (our documented name, the arguments both take).
SHARED = {
    "rest_password_reset": ("rest_password_reset", {}),
    "rest_password_reset_set_new": ("password_reset_confirm", {}),
    "password_reset_confirm": (
        "password_reset_confirm",
        {"uidb64": "MQ", "token": "abc-123"},
    ),
    "rest_login": ("rest_login", {}),
    "token_refresh": ("token_refresh", {}),
    "rest_logout": ("rest_logout", {}),
    "rest_logout_all": ("rest_logout_all", {}),
    "rest_user_details": ("rest_user_details", {}),
    "rest_password_change": ("rest_password_change", {}),
    "default_password_reset": ("default_password_reset", {}),
    "jwt_allauth_password_reset_complete": ("jwt_allauth_password_reset_complete", {}),
    "account_confirm_email": ("account_confirm_email", {"key": "k3y"}),
    "jwt_allauth_email_verified": ("jwt_allauth_email_verified", {}),
    "jwt_allauth_mfa_setup": ("mfa_setup", {}),
    "jwt_allauth_mfa_activate": ("mfa_activate", {}),
    "jwt_allauth_mfa_verify": ("mfa_verify", {}),
    "jwt_allauth_mfa_verify_recovery": ("mfa_verify_recovery", {}),
    "jwt_allauth_mfa_deactivate": ("mfa_deactivate", {}),
    "jwt_allauth_mfa_authenticators": ("mfa_authenticators", {}),
}
OPEN_SIGNUP = {
    "rest_register": ("rest_register", {}),
    "account_email_verification_sent": ("account_email_verification_sent", {}),
}
MANAGED = {
    "rest_user_register": ("rest_user_register", {}),
    "rest_set_password": ("rest_set_password", {}),
    "jwt_allauth_default_set_password": ("default_set_password", {}),
}
SOCIAL = {
    name: (name, kwargs)
    for name, kwargs in {
        "jwt_allauth_social_accounts": {},
        "jwt_allauth_social_disconnect": {"pk": 7},
        "jwt_allauth_social_providers": {},
        "jwt_allauth_social_token_login": {"provider": "github"},
        "jwt_allauth_social_code_login": {"provider": "github"},
        "jwt_allauth_social_token_connect": {"provider": "github"},
        "jwt_allauth_social_code_connect": {"provider": "github"},
    }.items()
}


def view_of(url: str) -> type:
    match = resolve(url)
    return getattr(match.func, "view_class", None) or match.func.cls


@pytest.fixture(params=["open", "managed"])
def routed(request, settings) -> dict:
    """The 1.x names routed in each registration mode, verification on."""
    settings.EMAIL_VERIFICATION = "mandatory"
    names = {**SHARED}
    if request.param == "managed":
        settings.JWT_ALLAUTH_ADMIN_MANAGED_REGISTRATION = True
        names.update(MANAGED)
    else:
        names.update(OPEN_SIGNUP)
    if social_installed():
        names.update(SOCIAL)
    return names


def test_every_1x_name_reverses_to_our_view(routed):
    for old, (ours, kwargs) in routed.items():
        url = reverse(old, kwargs=kwargs)

        assert url == reverse(ours, kwargs=kwargs), old
        assert view_of(url) is view_of(reverse(ours, kwargs=kwargs)), old


def test_a_1x_name_resolves_to_our_documented_name(routed):
    assert resolve(reverse("jwt_allauth_mfa_verify")).url_name == "mfa_verify"
    assert resolve(reverse("rest_password_reset_set_new")).url_name == "password_reset_confirm"


def test_the_1x_mfa_names_reverse_without_allauth_mfa(monkeypatch, reload_urls):
    from jwt_allauth.internal import compat

    monkeypatch.setattr(compat, "mfa_installed", lambda: False)
    reload_urls()

    url = reverse("jwt_allauth_mfa_setup")
    assert url == reverse("mfa_setup")
    assert resolve(url).url_name == "mfa_setup"
    assert view_of(url).__name__ == "MFAUnavailableView"
