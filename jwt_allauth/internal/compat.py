"""Optional apps and libraries, looked up in one place.

The core runs without ``allauth.mfa`` and without the ``mfa`` extra
(``qrcode``, ``cryptography``); the MFA feature asks here whether they exist.
The OpenAPI description needs drf-spectacular (the ``schema`` extra). Social
login needs ``allauth.socialaccount`` and the libraries of the ``social`` extra
(requests, PyJWT with cryptography).
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured

try:
    from cryptography.fernet import Fernet, InvalidToken, MultiFernet
except ImportError:  # the mfa extra is not installed
    Fernet = InvalidToken = MultiFernet = None  # type: ignore[assignment,misc]  # as below

try:
    import qrcode
except ImportError:  # the mfa extra is not installed
    qrcode = None  # type: ignore[assignment]  # None stands for the missing module

try:
    import drf_spectacular
except ImportError:  # the schema extra is not installed
    drf_spectacular = None  # type: ignore[assignment]  # None stands for the missing module

try:
    import requests
except ImportError:  # the social extra is not installed
    requests = None  # type: ignore[assignment]  # None stands for the missing module

try:
    import jwt as pyjwt
except ImportError:  # the social extra is not installed
    pyjwt = None  # type: ignore[assignment]  # None stands for the missing module

__all__ = [
    "Fernet",
    "InvalidToken",
    "MFA_APP",
    "MultiFernet",
    "SOCIAL_APP",
    "authenticator_model",
    "drf_spectacular",
    "missing_mfa_libraries",
    "mfa_installed",
    "pyjwt",
    "qrcode",
    "requests",
    "social_installed",
    "spectacular_installed",
]

MFA_APP = "allauth.mfa"
SOCIAL_APP = "allauth.socialaccount"


def mfa_installed() -> bool:
    return apps.is_installed(MFA_APP)


def social_installed() -> bool:
    """Whether social login can be routed: the app is installed and its libraries import."""
    return apps.is_installed(SOCIAL_APP) and requests is not None and pyjwt is not None


def spectacular_installed() -> bool:
    """Whether drf-spectacular can be imported (the ``schema`` extra)."""
    return drf_spectacular is not None


def missing_mfa_libraries() -> list[str]:
    """The distributions of the ``mfa`` extra that cannot be imported."""
    found = {"cryptography": Fernet is not None, "qrcode": qrcode is not None}
    return [name for name, present in found.items() if not present]


def authenticator_model() -> Any:
    """allauth.mfa's ``Authenticator``, without importing allauth.mfa's modules."""
    if not mfa_installed():
        raise ImproperlyConfigured(
            "JWT_ALLAUTH_MFA_TOTP_MODE is not 'disabled' but allauth.mfa is not in "
            "INSTALLED_APPS (system check jwt_allauth.E011)."
        )
    return apps.get_model("mfa", "Authenticator")
