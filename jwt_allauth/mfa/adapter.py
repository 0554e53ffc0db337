"""allauth's MFA adapter, with secrets encrypted at rest and our issuer.

Point allauth at it so allauth's own pages and admin read the same records::

    MFA_ADAPTER = "jwt_allauth.mfa.adapter.MFAAdapter"

System check ``jwt_allauth.W004`` reports an ``MFA_ADAPTER`` that does not derive
from it.
"""

from __future__ import annotations

from allauth.core import context
from allauth.mfa.adapter import DefaultMFAAdapter
from django.contrib.sites.shortcuts import get_current_site
from django.http import HttpRequest

from jwt_allauth.app_settings import app_settings
from jwt_allauth.internal import cryptokit


def totp_issuer(request: HttpRequest | None) -> str:
    """``JWT_ALLAUTH_TOTP_ISSUER``, or the current site's name when it is empty."""
    return app_settings.TOTP_ISSUER or get_current_site(request).name


class MFAAdapter(DefaultMFAAdapter):  # type: ignore[misc]  # allauth ships no types
    """Encrypts TOTP secrets and recovery-code seeds (see ``internal/cryptokit.py``)."""

    def encrypt(self, text: str) -> str:
        return cryptokit.encrypt(text)

    def decrypt(self, encrypted_text: str) -> str:
        return cryptokit.decrypt(encrypted_text)

    def get_totp_issuer(self) -> str:
        return totp_issuer(context.request)
