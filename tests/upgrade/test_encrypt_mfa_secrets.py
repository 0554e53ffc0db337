"""``jwt_allauth_encrypt_mfa_secrets``: 1.x's clear secrets encrypted, codes unchanged."""

from __future__ import annotations

from io import StringIO

import pyotp
import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.core.management import CommandError, call_command

from jwt_allauth.internal import cryptokit

SECRET = "54KPVHXODUS377JQUVUOWJDXBKS54JVY"
SEED = "2ef6540f97344cadce0bfddc63859f72c3fc24b438a0b76ef5d289abe42c06e2fe6a6dc3d12e6c34"


@pytest.fixture
def stored_by_1x(user):
    """bob's two rows as 1.5.1 wrote them: secret and seed in the clear."""
    totp = Authenticator.objects.create(user=user, type="totp", data={"secret": SECRET})
    codes = Authenticator.objects.create(
        user=user, type="recovery_codes", data={"seed": SEED, "used_mask": 5}
    )
    return totp, codes


def run(*args: str) -> str:
    out = StringIO()
    call_command("jwt_allauth_encrypt_mfa_secrets", *args, stdout=out)
    return out.getvalue().strip()


def test_clear_secrets_are_encrypted_and_still_give_the_same_codes(stored_by_1x):
    totp, codes = stored_by_1x
    unused_before = RecoveryCodes(codes).get_unused_codes()

    assert run() == "Encrypted the secrets of 2 authenticator(s)."

    totp.refresh_from_db()
    codes.refresh_from_db()
    assert totp.data["secret"].startswith(cryptokit.PREFIX)
    assert cryptokit.decrypt(totp.data["secret"]) == SECRET
    assert TOTP(totp).validate_code(pyotp.TOTP(SECRET).now())
    assert codes.data["seed"].startswith(cryptokit.PREFIX)
    assert codes.data["used_mask"] == 5
    assert RecoveryCodes(codes).get_unused_codes() == unused_before
    assert run() == "Encrypted the secrets of 0 authenticator(s)."


def test_dry_run_only_counts(stored_by_1x):
    assert run("--dry-run") == "Would encrypt the secrets of 2 authenticator(s)."
    assert Authenticator.objects.get(type="totp").data == {"secret": SECRET}


def test_refused_with_an_adapter_that_could_not_read_the_result(settings, stored_by_1x):
    settings.MFA_ADAPTER = "allauth.mfa.adapter.DefaultMFAAdapter"

    with pytest.raises(CommandError, match="MFA_ADAPTER is not"):
        run()
    assert Authenticator.objects.get(type="totp").data == {"secret": SECRET}


def test_migrated_recovery_codes_are_encrypted_one_by_one(user):
    codes = Authenticator.objects.create(
        user=user, type="recovery_codes", data={"migrated_codes": ["12345678", "87654321"]}
    )

    assert run() == "Encrypted the secrets of 1 authenticator(s)."

    codes.refresh_from_db()
    stored = codes.data["migrated_codes"]
    assert all(code.startswith(cryptokit.PREFIX) for code in stored)
    assert RecoveryCodes(codes).get_unused_codes() == ["12345678", "87654321"]
