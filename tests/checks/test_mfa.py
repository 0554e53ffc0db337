"""System checks for MFA: E006 (mode), E011, E012 (what the extra needs), W004, E013."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.apps import apps

from jwt_allauth import checks
from jwt_allauth.internal import compat
from tests.helpers import ids

pytestmark = pytest.mark.skipif(not apps.is_installed("allauth.mfa"), reason="needs the mfa extra")


@pytest.fixture
def on(settings):
    settings.JWT_ALLAUTH_MFA_TOTP_MODE = "optional"


def test_silent_while_disabled(monkeypatch, settings):
    settings.MFA_ADAPTER = "allauth.mfa.adapter.DefaultMFAAdapter"
    monkeypatch.setattr(compat, "mfa_installed", lambda: False)

    assert checks.check_mfa_dependencies() == []


@pytest.mark.parametrize("mode", ["optional", "required"])
def test_silent_when_all_is_there(settings, mode):
    settings.JWT_ALLAUTH_MFA_TOTP_MODE = mode

    assert checks.check_mfa_dependencies() == []


def test_e011_allauth_mfa_missing(on, monkeypatch):
    monkeypatch.setattr(compat, "mfa_installed", lambda: False)

    assert ids(checks.check_mfa_dependencies()) == ["jwt_allauth.E011"]


def test_e012_a_library_of_the_extra_missing(on, monkeypatch):
    monkeypatch.setattr(compat, "qrcode", None)

    messages = checks.check_mfa_dependencies()
    assert ids(messages) == ["jwt_allauth.E012"]
    assert "qrcode" in messages[0].msg


def test_w004_an_adapter_that_is_not_ours(on, settings):
    settings.MFA_ADAPTER = "allauth.mfa.adapter.DefaultMFAAdapter"

    assert ids(checks.check_mfa_dependencies()) == ["jwt_allauth.W004"]


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("JWT_ALLAUTH_MFA_CHALLENGE_LIFETIME", 300),
        ("JWT_ALLAUTH_MFA_SETUP_LIFETIME", timedelta(0)),
        ("JWT_ALLAUTH_MFA_CHALLENGE_ATTEMPTS", 0),
        ("JWT_ALLAUTH_MFA_CHALLENGE_ATTEMPTS", "5"),
        ("JWT_ALLAUTH_MFA_CHALLENGE_ATTEMPTS", True),
        ("JWT_ALLAUTH_MFA_REAUTHENTICATION_TIMEOUT", 300),
        ("JWT_ALLAUTH_MFA_REAUTHENTICATION_TIMEOUT", timedelta(seconds=-1)),
    ],
)
def test_e013_bad_limits(settings, name, value):
    setattr(settings, name, value)

    assert ids(checks.check_mfa_limits()) == ["jwt_allauth.E013"]


def test_e013_silent_on_good_limits(settings):
    settings.JWT_ALLAUTH_MFA_CHALLENGE_LIFETIME = timedelta(minutes=2)
    settings.JWT_ALLAUTH_MFA_CHALLENGE_ATTEMPTS = 3
    settings.JWT_ALLAUTH_MFA_REAUTHENTICATION_TIMEOUT = timedelta(0)  # always ask

    assert checks.check_mfa_limits() == []


@pytest.mark.parametrize("mode", ["Disabled", "on", "", None, True])
def test_e006_unknown_mfa_mode(settings, mode):
    settings.JWT_ALLAUTH_MFA_TOTP_MODE = mode

    assert ids(checks.check_mfa_mode()) == ["jwt_allauth.E006"]


@pytest.mark.parametrize("mode", ["disabled", "optional", "required"])
def test_known_mfa_modes_are_silent(settings, mode):
    settings.JWT_ALLAUTH_MFA_TOTP_MODE = mode

    assert checks.check_mfa_mode() == []
