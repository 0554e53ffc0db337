"""manage.py jwt_allauth_purge_grants and 1.x's JWT_ALLAUTH_TOKEN_RETENTION."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from jwt_allauth import checks
from jwt_allauth.grants.flows import issue_grant
from jwt_allauth.grants.models import GrantPurpose, OneTimeGrant

COMMAND = "jwt_allauth_purge_grants"
HOUR = timedelta(hours=1)
RESET = GrantPurpose.PASSWORD_RESET
SET = GrantPurpose.SET_PASSWORD
MFA = GrantPurpose.MFA_LOGIN


def issued(user, purpose, *, ago: timedelta, lifetime: timedelta) -> str:
    """A grant of ``purpose`` issued ``ago`` with ``lifetime``; returns its purpose."""
    with time_machine.travel(timezone.now() - ago):
        issue_grant(user, purpose, lifetime, replace=False)
    return str(purpose)


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(COMMAND, *args, stdout=out)
    return out.getvalue()


def left() -> list[str]:
    return sorted(OneTimeGrant.objects.values_list("purpose", flat=True))


def test_without_retention_expired_grants_go(user):
    issued(user, RESET, ago=3 * HOUR, lifetime=HOUR)  # expired 2 h ago
    issued(user, SET, ago=HOUR, lifetime=3 * HOUR)  # live
    assert run() == "1 grant(s) deleted.\n"
    assert left() == [SET]


def test_dry_run_only_counts(user):
    issued(user, RESET, ago=3 * HOUR, lifetime=HOUR)
    assert run("--dry-run") == "1 grant(s) would be deleted.\n"
    assert left() == [RESET]


def test_1x_retention_shortens_a_purpose(settings, user):
    """1.x's PASS_RESET: reset rows older than the retention go, live or not."""
    settings.JWT_ALLAUTH_TOKEN_RETENTION = {"PASS_RESET": HOUR}
    issued(user, RESET, ago=2 * HOUR, lifetime=3 * HOUR)  # live, but past retention
    issued(user, SET, ago=2 * HOUR, lifetime=3 * HOUR)  # live, no retention
    assert run() == "1 grant(s) deleted.\n"
    assert left() == [SET]


def test_retention_keeps_expired_rows_longer(settings, user):
    """Our own purpose name works too; a longer retention keeps expired rows (audit)."""
    settings.JWT_ALLAUTH_TOKEN_RETENTION = {"set_password": timedelta(days=2)}
    issued(user, SET, ago=5 * HOUR, lifetime=HOUR)  # expired, kept
    issued(user, RESET, ago=5 * HOUR, lifetime=HOUR)  # expired, no retention
    issued(user, SET, ago=timedelta(days=3), lifetime=HOUR)  # past retention
    assert run() == "2 grant(s) deleted.\n"
    assert left() == [SET]


def test_both_1x_names_of_one_purpose_keep_the_longer(settings, user):
    settings.JWT_ALLAUTH_TOKEN_RETENTION = {"PASS_RESET": HOUR, "PASS_RESET_ACCESS": 4 * HOUR}
    issued(user, RESET, ago=2 * HOUR, lifetime=3 * HOUR)
    assert run() == "0 grant(s) deleted.\n"
    issued(user, MFA, ago=2 * HOUR, lifetime=HOUR)
    settings.JWT_ALLAUTH_TOKEN_RETENTION = {"mfa_login_challenge": 3 * HOUR}
    assert run() == "0 grant(s) deleted.\n"
    assert left() == [MFA, RESET]


@pytest.mark.parametrize(
    "value",
    [["PASS_RESET"], {"PASS_RESET": 3600}, {"PASS_RESET": timedelta(0)}, {1: HOUR}],
)
def test_e034_retention_malformed(settings, value):
    settings.JWT_ALLAUTH_TOKEN_RETENTION = value
    messages = checks.check_legacy_token_retention()
    assert [m.id for m in messages] == ["jwt_allauth.E034"]


def test_w022_retention_of_a_purpose_not_stored_here(settings):
    settings.JWT_ALLAUTH_TOKEN_RETENTION = {"EMAIL_CONFIRMATION": HOUR, "PASS_SET": HOUR}
    messages = checks.check_legacy_token_retention()
    assert [m.id for m in messages] == ["jwt_allauth.W022"]
    assert "'EMAIL_CONFIRMATION'" in messages[0].msg
    assert "PASS_SET" not in messages[0].msg


def test_retention_checks_silent_when_unset_or_valid(settings):
    assert checks.check_legacy_token_retention() == []
    settings.JWT_ALLAUTH_TOKEN_RETENTION = {"PASS_SET_ACCESS": HOUR, "totp_pending": HOUR}
    assert checks.check_legacy_token_retention() == []
