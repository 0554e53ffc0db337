"""mfa/verify-recovery/: a one-time recovery code instead of the app's code."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from tests.helpers import assert_coded
from tests.helpers.mfa import (
    AUTHENTICATORS_URL,
    NOT_AN_OBJECT,
    RECOVERY_URL,
    access_for,
    assert_field_error,
    assert_session,
    bearer,
    challenge_of,
    post_raw,
    sessions_of,
    verify_recovery,
)

pytestmark = pytest.mark.usefixtures("optional")


def unused_codes(user) -> int:
    response = APIClient().get(AUTHENTICATORS_URL, **bearer(access_for(user)))
    return next(a["unused_codes"] for a in response.data if a["type"] == "recovery_codes")


def test_url_name():
    assert reverse("mfa_verify_recovery") == RECOVERY_URL


def test_a_recovery_code_opens_the_session(user, device, delivery):
    response = verify_recovery(challenge_of(user), device.recovery_codes[0])

    assert_session(response, delivery)
    assert sessions_of(user) == 1
    assert unused_codes(user) == 9


def test_a_recovery_code_works_once(user, device):
    code = device.recovery_codes[3]
    assert verify_recovery(challenge_of(user), code).status_code == 200

    assert_coded(verify_recovery(challenge_of(user), code), 400, "mfa_code_invalid")
    assert sessions_of(user) == 1


def test_other_codes_keep_working(user, device):
    for code in device.recovery_codes[:3]:
        assert verify_recovery(challenge_of(user), code).status_code == 200

    assert unused_codes(user) == 7


def test_a_wrong_code_is_400(user, device):
    assert_coded(verify_recovery(challenge_of(user), "12345678"), 400, "mfa_code_invalid")


def test_a_code_with_dashes_or_spaces_is_accepted(user, device):
    code = device.recovery_codes[0]

    assert verify_recovery(challenge_of(user), f"{code[:4]}-{code[4:]}").status_code == 200


@pytest.mark.parametrize("code", ["1234567", "123456789", "1234567a", "", None, 12345678])
def test_malformed_recovery_codes(user, device, code):
    assert_field_error(verify_recovery(challenge_of(user), code), "recovery_code")


def test_a_totp_code_is_not_a_recovery_code(user, device):
    assert_field_error(
        verify_recovery(challenge_of(user), device.code()), "recovery_code", "mfa_code_malformed"
    )


def test_a_user_without_recovery_codes_gets_400(user, device):
    user.authenticator_set.filter(type="recovery_codes").delete()

    response = verify_recovery(challenge_of(user), device.recovery_codes[0])
    assert_coded(response, 400, "mfa_code_invalid")


@pytest.mark.parametrize("body", ["[]", "null", '"x"'])
def test_a_body_that_is_not_an_object_is_400(db, body):
    assert_field_error(post_raw(RECOVERY_URL, body), NOT_AN_OBJECT)
