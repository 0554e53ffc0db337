from datetime import timedelta

import pytest
import time_machine
from django.db import transaction
from django.utils import timezone

from jwt_allauth import exceptions
from jwt_allauth.grants.flows import (
    hash_secret,
    issue_grant,
    peek_grant,
    purge_grants,
    reserve_attempt,
    revoke_user_grants,
    spend_grant,
)
from jwt_allauth.grants.models import GrantPurpose, OneTimeGrant

RESET = GrantPurpose.PASSWORD_RESET
SET = GrantPurpose.SET_PASSWORD
HOUR = timedelta(hours=1)


def assert_invalid(call, *args):
    with pytest.raises(exceptions.GrantInvalid) as caught:
        call(*args)
    assert caught.value.detail["code"] == "grant_invalid"
    assert caught.value.status_code == 403


def test_issue_stores_only_the_hash(user):
    raw = issue_grant(user, RESET, HOUR)
    grant = OneTimeGrant.objects.get()
    assert len(raw) >= 43
    assert grant.secret_hash == hash_secret(raw) != raw
    assert not OneTimeGrant.objects.filter(secret_hash=raw).exists()
    assert (grant.user_id, grant.purpose, grant.used_at) == (user.pk, RESET, None)
    assert grant.expires_at - grant.created_at == HOUR


def test_peek_does_not_spend(user):
    raw = issue_grant(user, RESET, HOUR)
    assert peek_grant(raw, RESET).user == user
    assert peek_grant(raw, RESET).used_at is None


def test_spend_is_single_use(user):
    raw = issue_grant(user, RESET, HOUR)
    assert spend_grant(raw, RESET).user == user
    assert OneTimeGrant.objects.get().used_at is not None
    assert_invalid(spend_grant, raw, RESET)
    assert_invalid(peek_grant, raw, RESET)


def test_spend_rolls_back_with_the_work(user):
    raw = issue_grant(user, RESET, HOUR)
    with pytest.raises(RuntimeError), transaction.atomic():
        spend_grant(raw, RESET)
        raise RuntimeError("the authorized work failed")
    assert spend_grant(raw, RESET).user == user


def test_spend_answers_with_the_callers_error(user):
    raw = issue_grant(user, RESET, HOUR)
    with pytest.raises(exceptions.MFAChallengeInvalid):
        spend_grant(raw, SET, error=exceptions.MFAChallengeInvalid)
    with pytest.raises(exceptions.MFAChallengeInvalid):
        spend_grant("not-a-grant", RESET, error=exceptions.MFAChallengeInvalid)
    spend_grant(raw, RESET)
    with pytest.raises(exceptions.MFAChallengeInvalid):
        spend_grant(raw, RESET, error=exceptions.MFAChallengeInvalid)


def test_a_refusing_check_leaves_the_grant_unspent(user):
    raw = issue_grant(user, RESET, HOUR)
    seen = []
    assert_invalid(lambda: spend_grant(raw, RESET, check=lambda grant: seen.append(grant)))
    assert seen[0].user == user
    assert OneTimeGrant.objects.get().used_at is None
    assert spend_grant(raw, RESET, check=lambda grant: True).user == user


def test_a_found_grant_is_spent_once_and_for_its_purpose(user):
    raw = issue_grant(user, RESET, HOUR)
    found = peek_grant(raw, RESET)
    assert_invalid(spend_grant, found, SET)
    assert spend_grant(found, RESET) is found
    assert_invalid(spend_grant, found, RESET)
    assert_invalid(spend_grant, raw, RESET)


def test_purpose_must_match(user):
    raw = issue_grant(user, RESET, HOUR)
    assert_invalid(peek_grant, raw, SET)
    assert_invalid(spend_grant, raw, SET)


def test_expiry(user):
    raw = issue_grant(user, SET, HOUR)
    with time_machine.travel(timezone.now() + HOUR - timedelta(seconds=1)):
        assert peek_grant(raw, SET).user == user
    with time_machine.travel(timezone.now() + HOUR):
        assert_invalid(peek_grant, raw, SET)
        assert_invalid(spend_grant, raw, SET)


def test_newer_grant_kills_older_of_same_purpose_only(user, user_factory):
    other_user = user_factory()
    other = issue_grant(other_user, RESET, HOUR)
    setter = issue_grant(user, SET, HOUR)
    first = issue_grant(user, RESET, HOUR)
    second = issue_grant(user, RESET, HOUR)
    assert_invalid(peek_grant, first, RESET)
    assert peek_grant(second, RESET).user == user
    assert peek_grant(setter, SET).user == user
    assert peek_grant(other, RESET).user == other_user


@pytest.mark.parametrize(
    ("purpose", "reset_alive", "set_alive"), [(RESET, False, True), (None, False, False)]
)
def test_revoke_user_grants(user, user_factory, purpose, reset_alive, set_alive):
    other_user = user_factory()
    other = issue_grant(other_user, RESET, HOUR)
    reset = issue_grant(user, RESET, HOUR)
    setter = issue_grant(user, SET, HOUR)
    spend_grant(issue_grant(user_factory(), SET, HOUR), SET)
    assert revoke_user_grants(user.pk, purpose) == (1 if purpose else 2)
    for raw, kind, alive in ((reset, RESET, reset_alive), (setter, SET, set_alive)):
        if alive:
            assert peek_grant(raw, kind).user == user
        else:
            assert_invalid(peek_grant, raw, kind)
    assert peek_grant(other, RESET).user == other_user


@pytest.mark.parametrize("raw", [None, "", 42, ["x"], "x" * 10_000, "not-a-grant"])
def test_garbage_is_invalid(db, raw):
    assert_invalid(peek_grant, raw, RESET)
    assert_invalid(spend_grant, raw, RESET)


def test_purge_deletes_only_expired(user):
    issue_grant(user, RESET, HOUR)
    live = issue_grant(user, SET, HOUR * 3)
    with time_machine.travel(timezone.now() + HOUR * 2):
        assert purge_grants() == 1
        assert peek_grant(live, SET).user == user


def test_deleting_the_user_deletes_grants(user):
    issue_grant(user, RESET, HOUR)
    user.delete()
    assert not OneTimeGrant.objects.exists()


def test_issue_records_the_address_it_is_mailed_to(user):
    raw = issue_grant(user, SET, HOUR, email="new@example.com")
    assert peek_grant(raw, SET).email == "new@example.com"
    assert peek_grant(issue_grant(user, RESET, HOUR), RESET).email == ""


def test_reserve_attempt_counts_up_to_the_budget_of_a_live_grant(user):
    raw = issue_grant(user, GrantPurpose.MFA_LOGIN, HOUR)
    grant = peek_grant(raw, GrantPurpose.MFA_LOGIN)
    exhausted = exceptions.MFAChallengeExhausted()
    for _ in range(2):
        reserve_attempt(grant, 2, exhausted=exhausted)
    with pytest.raises(exceptions.MFAChallengeExhausted) as caught:
        reserve_attempt(grant, 2, exhausted=exhausted)
    assert caught.value is exhausted
    assert OneTimeGrant.objects.get().attempts == 2
    spend_grant(grant, GrantPurpose.MFA_LOGIN)
    with pytest.raises(exceptions.MFAChallengeInvalid):
        reserve_attempt(grant, 3, exhausted=exhausted, error=exceptions.MFAChallengeInvalid)
