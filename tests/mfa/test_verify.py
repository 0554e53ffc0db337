"""mfa/verify/: a login challenge and a TOTP code in, the session out; nothing else gets in."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse

from jwt_allauth.grants.models import GrantPurpose, OneTimeGrant
from jwt_allauth.sessions.tokens import AccessToken
from tests.helpers import assert_coded
from tests.helpers.mfa import (
    NOT_AN_OBJECT,
    VERIFY_URL,
    assert_field_error,
    assert_session,
    challenge_of,
    enrol,
    log_in,
    post,
    post_raw,
    sessions_of,
    verify,
)

pytestmark = pytest.mark.usefixtures("optional")


def test_url_name():
    assert reverse("mfa_verify") == VERIFY_URL


def test_login_of_an_enrolled_user_is_a_challenge_not_tokens(user, device):
    response = log_in(user)

    assert response.status_code == 200
    assert response.data == {
        "mfa_required": True,
        "challenge_id": response.data["challenge_id"],
        "types": ["recovery_codes", "totp"],
    }
    assert "refresh_token" not in response.cookies
    assert sessions_of(user) == 0


def test_the_right_code_opens_the_session(user, device, delivery):
    response = verify(challenge_of(user), device.code())

    assert_session(response, delivery)
    assert str(AccessToken.decode(response.data["access"]).user_id) == str(user.pk)
    assert sessions_of(user) == 1


def test_a_user_without_totp_gets_tokens_at_once(user_factory, delivery):
    response = log_in(user_factory())

    assert_session(response, delivery)


def test_a_challenge_works_once(user, device, clock):
    challenge = challenge_of(user)
    assert verify(challenge, device.code()).status_code == 200
    clock.shift(30)

    assert_coded(verify(challenge, device.code()), 400, "mfa_challenge_invalid")
    assert sessions_of(user) == 1


def test_a_code_accepted_once_is_refused_on_another_challenge(user, device):
    code = device.code()
    assert verify(challenge_of(user), code).status_code == 200

    assert_coded(verify(challenge_of(user), code), 400, "mfa_code_invalid")
    assert sessions_of(user) == 1


def test_a_reused_code_is_refused_even_when_the_cache_forgot_it(user, device):
    """Several workers with per-process caches: the database remembers the step."""
    code = device.code()
    assert verify(challenge_of(user), code).status_code == 200
    cache.clear()

    assert_coded(verify(challenge_of(user), code), 400, "mfa_code_invalid")


def test_an_older_step_is_refused_after_a_newer_one(settings, user, device, clock):
    settings.MFA_TOTP_TOLERANCE = 1
    old_code = device.code()
    clock.shift(30)
    assert verify(challenge_of(user), device.code()).status_code == 200
    cache.clear()

    assert_coded(verify(challenge_of(user), old_code), 400, "mfa_code_invalid")


def test_the_next_step_is_accepted(user, device, clock):
    assert verify(challenge_of(user), device.code()).status_code == 200
    clock.shift(30)

    assert verify(challenge_of(user), device.code()).status_code == 200


def test_a_wrong_code_leaves_the_challenge_usable(user, device):
    challenge = challenge_of(user)
    assert_coded(verify(challenge, device.other_code()), 400, "mfa_code_invalid")

    assert verify(challenge, device.code()).status_code == 200


def test_an_expired_challenge_is_refused(user, device, clock):
    challenge = challenge_of(user)
    clock.shift(5 * 60 + 1)

    assert_coded(verify(challenge, device.code()), 400, "mfa_challenge_invalid")
    assert sessions_of(user) == 0


def test_the_lifetime_is_a_setting(settings, user, device, clock):
    settings.JWT_ALLAUTH_MFA_CHALLENGE_LIFETIME = timedelta(minutes=20)
    challenge = challenge_of(user)
    clock.shift(10 * 60)

    assert verify(challenge, device.code()).status_code == 200


@pytest.mark.parametrize("challenge_id", ["", "nope", "x" * 513, None, 42, ["a"]])
def test_unknown_or_malformed_challenges_are_4xx(user, device, challenge_id):
    response = verify(challenge_id, device.code())

    assert response.status_code == 400
    if "challenge_id" in response.data:
        assert_field_error(response, "challenge_id")
    else:
        assert response.data["code"] == "mfa_challenge_invalid"
    assert sessions_of(user) == 0


def test_a_setup_challenge_is_refused_at_verify(settings, user_factory):
    settings.JWT_ALLAUTH_MFA_TOTP_MODE = "required"
    newcomer = user_factory()
    setup_challenge = log_in(newcomer).data["setup_challenge_id"]

    assert_coded(verify(setup_challenge, "123456"), 400, "mfa_challenge_invalid")
    assert OneTimeGrant.objects.get(purpose=GrantPurpose.MFA_SETUP).attempts == 0


@pytest.mark.parametrize(
    "code", ["12345", "1234567", "12345a", "abcdef", "", "１２３４５６", 123456, None, [1]]
)
def test_malformed_codes_are_400_and_cost_nothing(user, device, code):
    challenge = challenge_of(user)

    assert_field_error(verify(challenge, code), "code")
    assert OneTimeGrant.objects.get(purpose=GrantPurpose.MFA_LOGIN).attempts == 0
    assert verify(challenge, device.code()).status_code == 200


def test_spaces_and_dashes_in_a_code_are_ignored(user, device):
    code = device.code()

    assert verify(challenge_of(user), f"{code[:3]} {code[3:]}").status_code == 200


@pytest.mark.parametrize("body", ["[]", "null", "42", '"abc"', "true", '["a", "b"]'])
def test_a_body_that_is_not_an_object_is_400(user, device, body):
    response = post_raw(VERIFY_URL, body)

    assert_field_error(response, NOT_AN_OBJECT)


def test_missing_fields_are_400(user, device):
    assert_field_error(post(VERIFY_URL, {"code": device.code()}), "challenge_id", "required")
    assert_field_error(post(VERIFY_URL, {"challenge_id": "x"}), "code", "required")


def test_malformed_json_is_a_parse_error(user, device):
    assert_coded(post_raw(VERIFY_URL, '{"challenge_id": '), 400, "parse_error")


def test_an_authenticator_removed_meanwhile_fails_the_code(user, device):
    challenge = challenge_of(user)
    user.authenticator_set.all().delete()

    assert_coded(verify(challenge, device.code()), 400, "mfa_code_invalid")


def test_a_user_deactivated_meanwhile_gets_no_session(user, device):
    challenge = challenge_of(user)
    user.is_active = False
    user.save()

    assert_coded(verify(challenge, device.code()), 401, "incorrect_credentials")
    assert sessions_of(user) == 0


def test_two_live_challenges_of_one_user_both_work(user_factory, clock):
    """Two devices signing in at once do not cancel each other."""
    alice = user_factory()
    device = enrol(alice)
    first, second = challenge_of(alice), challenge_of(alice)
    assert verify(first, device.code()).status_code == 200
    clock.shift(30)

    assert verify(second, device.code()).status_code == 200


def test_last_used_at_is_recorded(user, device):
    totp = user.authenticator_set.get(type="totp")
    assert totp.last_used_at is None
    verify(challenge_of(user), device.code())
    totp.refresh_from_db()

    assert totp.last_used_at is not None
