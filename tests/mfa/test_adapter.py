"""MFAAdapter: secrets encrypted at rest, readable across SECRET_KEY rotation, our issuer."""

from __future__ import annotations

import pytest
from allauth.core import context
from allauth.mfa.adapter import get_adapter
from allauth.mfa.models import Authenticator
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from jwt_allauth.internal import cryptokit
from jwt_allauth.mfa.adapter import MFAAdapter, totp_issuer
from tests.helpers.mfa import challenge_of, enrol, verify

SECRET = "JBSWY3DPEHPK3PXP"


def test_allauth_uses_our_adapter():
    assert isinstance(get_adapter(), MFAAdapter)


def test_round_trip_and_no_plaintext():
    stored = cryptokit.encrypt(SECRET)

    assert stored.startswith(cryptokit.PREFIX) and SECRET not in stored
    assert cryptokit.decrypt(stored) == SECRET
    assert cryptokit.encrypt(SECRET) != stored  # a fresh IV each time


def test_a_rotated_key_still_reads_old_values(settings):
    stored = cryptokit.encrypt(SECRET)
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-brand-new-secret-key-" + "y" * 40

    assert cryptokit.decrypt(stored) == SECRET


def test_a_lost_key_is_a_configuration_error(settings):
    stored = cryptokit.encrypt(SECRET)
    settings.SECRET_KEY = "a-brand-new-secret-key-" + "y" * 40

    with pytest.raises(ImproperlyConfigured):
        cryptokit.decrypt(stored)


def test_values_written_in_the_clear_are_read_as_they_are():
    """Authenticators created before switching MFA_ADAPTER keep working."""
    assert cryptokit.decrypt(SECRET) == SECRET


def test_recovery_code_seeds_are_encrypted_too(user):
    enrol(user)
    seed = Authenticator.objects.get(user=user, type="recovery_codes").data["seed"]

    assert seed.startswith(cryptokit.PREFIX)


def test_a_secret_stored_in_the_clear_still_verifies(settings, clock, user_factory):
    settings.JWT_ALLAUTH_MFA_TOTP_MODE = "optional"
    settings.MFA_ADAPTER = "allauth.mfa.adapter.DefaultMFAAdapter"
    bob = user_factory()
    device = enrol(bob)
    assert Authenticator.objects.get(user=bob, type="totp").data["secret"] == device.secret
    settings.MFA_ADAPTER = "jwt_allauth.mfa.adapter.MFAAdapter"

    assert verify(challenge_of(bob), device.code()).status_code == 200


@pytest.mark.django_db
def test_issuer_for_our_api_and_for_allauths_pages(settings):
    request = RequestFactory().get("/")
    settings.JWT_ALLAUTH_TOTP_ISSUER = "Acme"
    assert totp_issuer(request) == "Acme"
    settings.JWT_ALLAUTH_TOTP_ISSUER = ""
    assert totp_issuer(request) == "example.com"  # the Site's name
    with context.request_context(request):
        assert MFAAdapter().get_totp_issuer() == "example.com"


def test_without_cryptography_encryption_refuses_to_fall_back(monkeypatch):
    stored = cryptokit.encrypt(SECRET)
    monkeypatch.setattr(cryptokit, "MultiFernet", None)

    with pytest.raises(ImproperlyConfigured):
        cryptokit.encrypt(SECRET)
    with pytest.raises(ImproperlyConfigured):
        cryptokit.decrypt(stored)
    assert cryptokit.decrypt(SECRET) == SECRET
