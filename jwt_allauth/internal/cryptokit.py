"""Small secrets encrypted at rest with Fernet, under keys derived from SECRET_KEY.

Values are written with the newest key (``SECRET_KEY``) and read with any of
``SECRET_KEY`` and ``SECRET_KEY_FALLBACKS``, so rotating the key the Django way
keeps them readable. A stored value without our prefix was written in the
clear (by allauth's default adapter) and is read as it is.
"""

from __future__ import annotations

import base64

from django.core.exceptions import ImproperlyConfigured
from django.utils.crypto import salted_hmac

from jwt_allauth.app_settings import app_settings
from jwt_allauth.internal.compat import Fernet, InvalidToken, MultiFernet

PREFIX = "jwt_allauth.fernet$"
KEY_SALT = "jwt_allauth.internal.cryptokit"


def _fernet(secret_key: str) -> Fernet:
    digest = salted_hmac(KEY_SALT, "fernet key", secret=secret_key, algorithm="sha256").digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def _keyring() -> MultiFernet:
    if MultiFernet is None:
        raise ImproperlyConfigured(
            "Encrypting MFA secrets needs the cryptography package: "
            "pip install 'jwt-allauth[mfa]' (system check jwt_allauth.E012)."
        )
    return MultiFernet([_fernet(key) for key in app_settings.SECRET_KEYS])


def encrypt(text: str) -> str:
    return PREFIX + _keyring().encrypt(text.encode()).decode("ascii")


def decrypt(stored: str) -> str:
    if not stored.startswith(PREFIX):
        return stored
    keyring = _keyring()
    try:
        return keyring.decrypt(stored[len(PREFIX) :].encode("ascii")).decode()
    except InvalidToken as error:
        raise ImproperlyConfigured(
            "An MFA secret cannot be decrypted: SECRET_KEY changed and the old key "
            "is not in SECRET_KEY_FALLBACKS."
        ) from error
