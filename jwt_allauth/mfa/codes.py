"""Checking codes with allauth.mfa's own TOTP and recovery-code classes.

allauth remembers an accepted TOTP code in the cache for one period. We also
record, on the authenticator row and under its row lock, the last time step
accepted, and refuse any step not newer (RFC 6238, section 5.2): that holds
with a per-process or dummy cache, across clock tolerance, and under
concurrent requests.
"""

from __future__ import annotations

from allauth.core.internal.cryptokit import compare_user_code
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from allauth.mfa.utils import decrypt
from django.contrib.auth.base_user import AbstractBaseUser
from django.utils import timezone

from jwt_allauth import exceptions

LAST_STEP_KEY = "jwt_allauth_last_step"


def matching_step(secret: str, code: str) -> int | None:
    """The time step (within allauth's tolerance) whose code is ``code``."""
    step: int
    for step in yield_hotp_counters_from_time():
        if compare_user_code(actual=code, expected=format_hotp_value(hotp_value(secret, step))):
            return step
    return None


def accept_totp(user: AbstractBaseUser, code: str) -> Authenticator:
    """The user's TOTP authenticator if ``code`` is right and new; call inside a transaction."""
    authenticator = _locked(user, Authenticator.Type.TOTP)
    if authenticator is None or not TOTP(authenticator).validate_code(code):
        raise exceptions.MFACodeInvalid()
    step = matching_step(decrypt(authenticator.data["secret"]), code)
    if step is not None:  # None: allauth's DEBUG-only bypass code
        if step <= authenticator.data.get(LAST_STEP_KEY, -1):
            raise exceptions.MFACodeInvalid()
        authenticator.data[LAST_STEP_KEY] = step
    authenticator.last_used_at = timezone.now()
    authenticator.save(update_fields=["data", "last_used_at"])
    return authenticator


def accept_recovery_code(user: AbstractBaseUser, code: str) -> Authenticator:
    """The user's recovery codes after spending ``code``; call inside a transaction.

    allauth's ``validate_code`` re-reads the row ``FOR UPDATE``, so of two
    concurrent uses of one code only one finds it unused.
    """
    authenticator = _locked(user, Authenticator.Type.RECOVERY_CODES)
    if authenticator is None:
        raise exceptions.MFACodeInvalid()
    wrapper = RecoveryCodes(authenticator)
    if not wrapper.validate_code(code):
        raise exceptions.MFACodeInvalid()
    wrapper.instance.record_usage()
    return wrapper.instance


def activate_totp(user: AbstractBaseUser, secret: str, step: int) -> Authenticator:
    """Store a TOTP authenticator whose activation code (``step``) is already used."""
    authenticator = TOTP.activate(user, secret).instance
    authenticator.data[LAST_STEP_KEY] = step
    authenticator.save(update_fields=["data"])
    return authenticator


def issue_recovery_codes(user: AbstractBaseUser) -> list[str]:
    """The user's unused recovery codes, generated first if the user has none."""
    unused: list[str] = RecoveryCodes.activate(user).get_unused_codes()
    return unused


def _locked(user: AbstractBaseUser, kind: str) -> Authenticator | None:
    return Authenticator.objects.select_for_update().filter(user_id=user.pk, type=kind).first()
