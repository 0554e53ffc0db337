"""Helpers for walking MFA as a client would, with real codes from pyotp."""

from __future__ import annotations

from importlib.util import find_spec

import pytest

# Without the mfa extra (dev.py matrix noextras) there is no MFA to test.
MFA_EXTRA = ("pyotp", "qrcode", "cryptography")


collect_ignore_glob = [] if all(find_spec(name) for name in MFA_EXTRA) else ["test_*.py"]
if not collect_ignore_glob:  # without the extra, tests/settings.py leaves allauth.mfa out
    from tests.helpers.mfa import T0, Device, enrol


@pytest.fixture
def clock(time_machine):
    """Time stopped at the start of a TOTP step; ``clock.shift(30)`` goes to the next."""
    time_machine.move_to(T0, tick=False)
    return time_machine


@pytest.fixture
def optional(settings, clock):
    settings.JWT_ALLAUTH_MFA_TOTP_MODE = "optional"


@pytest.fixture
def required(settings, clock):
    settings.JWT_ALLAUTH_MFA_TOTP_MODE = "required"


@pytest.fixture
def device(user) -> Device:
    """``user`` (alice) enrolled with TOTP and recovery codes."""
    return enrol(user)
