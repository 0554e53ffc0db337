"""Issue, spend and revoke one-time grants.

Every single-use capability (reset and set-password links, MFA login and setup
challenges, pending authenticator secrets) is spent one way, by a flow::

    from jwt_allauth.grants.flows import issue_grant, spend_grant
    from jwt_allauth.grants.models import GrantPurpose

    raw = issue_grant(user, GrantPurpose.SET_PASSWORD, timedelta(days=1), email=address)
        # a fresh secret (token_urlsafe(32)); only its SHA-256 is stored. Older
        # unused grants of that user and purpose die: a newer link kills older ones.
        # ``email`` (optional) records where the secret was mailed.
    with transaction.atomic():
        grant = spend_grant(raw, GrantPurpose.SET_PASSWORD)  # GrantInvalid unless live
        ...  # the work it authorizes, for grant.user; an error unspends the grant
    revoke_user_grants(user.pk, purpose=None)  # every live grant of a user

``peek_grant`` finds a live grant without spending it, for a flow that must
look first: a link page showing whether the link still works, or a code typed
against a challenge, where ``reserve_attempt`` spends one of a fixed number of
tries before the code is checked, so concurrent guesses cannot exceed the
budget. ``live_grant_of`` finds a grant by its user instead of its secret (a
pending TOTP secret); ``spend_grant`` spends such a found grant too.

A grant dies with the password it was issued under, whatever route changes
the password (this API, allauth's or Django's pages, ``changepassword``): it
records a keyed fingerprint of the password hash, compared when it is read.

Grants say nothing about ``is_active``: callers decide. The cookies that carry
them are ``jwt_allauth.grants.cookies.GrantCookie``; views that spend one extend
``jwt_allauth.grants.views.GrantSpendingView``.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from datetime import datetime, timedelta

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from jwt_allauth import exceptions
from jwt_allauth.app_settings import app_settings
from jwt_allauth.grants.models import GrantPurpose, OneTimeGrant
from jwt_allauth.internal.types import UserPk

MAX_SECRET_LENGTH = 512
FINGERPRINT_SALT = "jwt_allauth.grants.password_fingerprint"


def hash_secret(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def password_fingerprint(user: AbstractBaseUser) -> str:
    """A keyed digest of the user's password hash: changes whenever the password does."""
    password_hash = getattr(user, "password", "") or ""
    return salted_hmac(FINGERPRINT_SALT, password_hash, algorithm="sha256").hexdigest()


def issued_under_current_password(grant: OneTimeGrant) -> bool:
    """False once the password changed; grants from before fingerprints pass."""
    recorded = grant.password_fingerprint
    return not recorded or constant_time_compare(recorded, password_fingerprint(grant.user))


def issue_grant(
    user: AbstractBaseUser,
    purpose: GrantPurpose | str,
    lifetime: timedelta,
    *,
    email: str = "",
    payload: str = "",
    replace: bool = True,
) -> str:
    """Create a grant for ``user`` and return its raw secret.

    ``email``: the address the secret is mailed to, kept so that spending the
    grant can mark that address verified. ``payload``: data the grant carries
    (store it encrypted). ``replace``: older live grants of ``purpose`` die.
    """
    now = timezone.now()
    raw = secrets.token_urlsafe(32)
    with transaction.atomic():
        if replace:
            revoke_user_grants(user.pk, purpose)
        OneTimeGrant.objects.create(
            user=user,  # type: ignore[misc]  # stubs: FK pinned to AUTH_USER_MODEL
            purpose=purpose,
            email=email,
            payload=payload,
            password_fingerprint=password_fingerprint(user),
            secret_hash=hash_secret(raw),
            created_at=now,
            expires_at=now + lifetime,
        )
    return raw


def rehearse_grant(purpose: GrantPurpose | str) -> None:
    """Cost about what ``issue_grant`` costs while writing nothing.

    Lets an answer for an unknown account take as long as for a known one.
    """
    now = timezone.now()
    digest = hash_secret(secrets.token_urlsafe(32))
    with transaction.atomic():
        OneTimeGrant.objects.filter(
            user_id=None,  # type: ignore[misc]  # matches no row, on purpose
            purpose=purpose,
            used_at__isnull=True,
            expires_at__gt=now,
        ).update(expires_at=now)
        OneTimeGrant.objects.filter(secret_hash=digest).exists()


def _live(raw: object, purpose: GrantPurpose | str) -> QuerySet[OneTimeGrant]:
    if not isinstance(raw, str) or not raw or len(raw) > MAX_SECRET_LENGTH:
        raise exceptions.GrantInvalid()
    return OneTimeGrant.objects.filter(
        secret_hash=hash_secret(raw),
        purpose=purpose,
        used_at__isnull=True,
        expires_at__gt=timezone.now(),
    )


def peek_grant(raw: object, purpose: GrantPurpose | str) -> OneTimeGrant:
    """The live grant behind ``raw`` without spending it."""
    grant = _live(raw, purpose).select_related("user").first()
    if grant is None or not issued_under_current_password(grant):
        raise exceptions.GrantInvalid()
    return grant


def spend_grant(
    key: str | OneTimeGrant,
    purpose: GrantPurpose | str,
    *,
    error: type[exceptions.CodedError] = exceptions.GrantInvalid,
    check: Callable[[OneTimeGrant], bool] | None = None,
) -> OneTimeGrant:
    """Spend the live grant ``key`` names (its secret, or the grant found) and return it.

    Raises ``error`` when there is none, when ``check`` refuses it, or when a
    concurrent caller spent it first: the spend is one conditional UPDATE
    (unused and unexpired), so the database decides the race. Call it inside
    ``transaction.atomic()`` with the work it authorizes: if that work fails,
    the grant is unspent again.
    """
    if isinstance(key, OneTimeGrant):
        grant = key
    else:
        try:
            grant = peek_grant(key, purpose)
        except exceptions.GrantInvalid as invalid:
            raise error() from invalid
    if grant.purpose != purpose or (check is not None and not check(grant)):
        raise error()
    now = timezone.now()
    live = OneTimeGrant.objects.filter(pk=grant.pk, used_at__isnull=True, expires_at__gt=now)
    if not live.update(used_at=now):
        raise error()
    return grant


def reserve_attempt(
    grant: OneTimeGrant,
    budget: int,
    *,
    exhausted: exceptions.CodedError,
    error: type[exceptions.CodedError] = exceptions.GrantInvalid,
) -> None:
    """Count one more try against a live grant, before the code tried is checked.

    Raises ``exhausted`` once ``budget`` tries were made, ``error`` when the
    grant was spent or expired meanwhile. Call it outside the transaction
    that spends the grant, so the count survives a rollback; being one
    UPDATE, concurrent tries cannot exceed the budget.
    """
    now = timezone.now()
    live = OneTimeGrant.objects.filter(pk=grant.pk, used_at__isnull=True, expires_at__gt=now)
    if live.filter(attempts__lt=budget).update(attempts=F("attempts") + 1):
        return
    if live.filter(attempts__gte=budget).exists():
        raise exhausted
    raise error()


def live_grant_of(user_id: UserPk, purpose: GrantPurpose | str) -> OneTimeGrant | None:
    """The newest live grant of a user for ``purpose``, found without its secret."""
    grants = OneTimeGrant.objects.filter(
        user_id=user_id, purpose=purpose, used_at__isnull=True, expires_at__gt=timezone.now()
    )
    grant = grants.select_related("user").order_by("-created_at").first()
    return grant if grant is not None and issued_under_current_password(grant) else None


def revoke_user_grants(user_id: UserPk, purpose: GrantPurpose | str | None = None) -> int:
    """End every live grant of a user (of one purpose, or all); returns how many."""
    now = timezone.now()
    grants = OneTimeGrant.objects.filter(user_id=user_id, used_at__isnull=True, expires_at__gt=now)
    if purpose is not None:
        grants = grants.filter(purpose=purpose)
    return grants.update(expires_at=now)


# 1.x's stored-token purposes (keys of JWT_ALLAUTH_TOKEN_RETENTION) and the grants that
# do their work here. A link and the capability it was exchanged for are one grant here.
# 1.x's EMAIL_CONFIRMATION and INVITATION are allauth's confirmations (not stored by
# us), its mfa_login_attempt a throttle counter: they name nothing in this table.
LEGACY_GRANT_PURPOSES: dict[str, GrantPurpose] = {
    "PASS_RESET": GrantPurpose.PASSWORD_RESET,
    "PASS_RESET_ACCESS": GrantPurpose.PASSWORD_RESET,
    "PASS_SET": GrantPurpose.SET_PASSWORD,
    "PASS_SET_ACCESS": GrantPurpose.SET_PASSWORD,
    "mfa_login_challenge": GrantPurpose.MFA_LOGIN,
    "mfa_setup_challenge": GrantPurpose.MFA_SETUP,
    "mfa_setup_secret": GrantPurpose.TOTP_PENDING,
}


def retention_purpose(name: object) -> GrantPurpose | None:
    """The grant purpose a ``JWT_ALLAUTH_TOKEN_RETENTION`` key names (1.x's or ours)."""
    if name in LEGACY_GRANT_PURPOSES:
        return LEGACY_GRANT_PURPOSES[name]
    return GrantPurpose(name) if name in GrantPurpose.values else None


def grant_retentions() -> dict[str, timedelta]:
    """Configured retention per purpose; where two keys name one purpose, the longer wins.

    Malformed entries are skipped here (check ``jwt_allauth.E034`` reports them).
    """
    configured = app_settings.TOKEN_RETENTION
    retentions: dict[str, timedelta] = {}
    if not isinstance(configured, dict):
        return retentions
    for name, keep in configured.items():
        purpose = retention_purpose(name)
        if purpose is None or not isinstance(keep, timedelta) or keep <= timedelta(0):
            continue
        retentions[purpose.value] = max(keep, retentions.get(purpose.value, keep))
    return retentions


def purgeable_grants(before: datetime | None = None) -> QuerySet[OneTimeGrant]:
    """Grants expired before ``before`` (default: now), or, for a purpose with a
    retention (1.x's ``JWT_ALLAUTH_TOKEN_RETENTION``), created longer than it ago.

    Deleting a grant only ever ends it sooner: a missing row is an invalid secret.
    """
    now = before or timezone.now()
    retentions = grant_retentions()
    doomed = Q(expires_at__lte=now) & ~Q(purpose__in=list(retentions))
    for purpose, keep in retentions.items():
        doomed |= Q(purpose=purpose, created_at__lt=now - keep)
    return OneTimeGrant.objects.filter(doomed)


def purge_grants(before: datetime | None = None) -> int:
    """Delete :func:`purgeable_grants`; returns how many."""
    deleted, _ = purgeable_grants(before).delete()
    return deleted
