"""The registry of checks: every id documented, the test settings clean, tags."""

from __future__ import annotations

from django.apps import apps
from django.core.checks import run_checks

from tests.helpers import ids


def test_the_test_settings_pass_every_check():
    assert run_checks(tags=["jwt_allauth"]) == []


def test_checks_are_registered_under_the_jwt_allauth_tag(settings):
    settings.JWT_ACCESS_TOKEN_LIFETIME = 5
    settings.JWT_ALLAUTH_MFA_TOTP_MODE = "sometimes"

    without_mfa = [] if apps.is_installed("allauth.mfa") else ["jwt_allauth.E011"]
    expected = ["jwt_allauth.E001", "jwt_allauth.E006", *without_mfa]
    assert sorted(ids(run_checks(tags=["jwt_allauth"]))) == expected


def test_lifetime_checks_are_also_security_checks(settings):
    settings.JWT_AUTH_HTTPONLY = False

    assert "jwt_allauth.W002" in ids(run_checks(tags=["security"]))


def test_every_check_id_is_documented():
    import re
    from pathlib import Path

    import jwt_allauth

    sources = Path(jwt_allauth.__file__).parent.joinpath("checks").glob("*.py")
    raised = {
        m for p in sources for m in re.findall(r'id="(jwt_allauth\.[EW]\d{3})"', p.read_text())
    }
    docs = Path(__file__).parents[2] / "docs" / "configuration.rst"
    documented = set(re.findall(r"``(jwt_allauth\.[EW]\d{3})``", docs.read_text()))

    assert raised == documented
    assert len(raised) == 48


def test_the_test_settings_pass_every_check_of_every_app():
    assert run_checks(include_deployment_checks=False) == []
