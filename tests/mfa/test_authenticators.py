"""mfa/authenticators/: the caller's authenticators, never their secrets."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from tests.helpers import assert_coded
from tests.helpers.mfa import (
    AUTHENTICATORS_URL,
    access_for,
    bearer,
    challenge_of,
    enrol,
    verify,
    verify_recovery,
)

pytestmark = pytest.mark.usefixtures("optional")


def listing(user):
    return APIClient().get(AUTHENTICATORS_URL, **bearer(access_for(user)))


def test_url_name():
    assert reverse("mfa_authenticators") == AUTHENTICATORS_URL


def test_lists_totp_and_recovery_codes_without_secrets(user, device):
    verify(challenge_of(user), device.code())
    verify_recovery(challenge_of(user), device.recovery_codes[0])
    response = listing(user)

    assert response.status_code == 200
    totp, codes = sorted(response.data, key=lambda a: a["type"], reverse=True)
    assert set(totp) == {"id", "type", "created_at", "last_used_at"}
    assert totp["type"] == "totp" and totp["last_used_at"] is not None
    assert set(codes) == {"id", "type", "created_at", "last_used_at", "unused_codes"}
    assert codes["type"] == "recovery_codes" and codes["unused_codes"] == 9
    assert device.secret not in response.content.decode()
    assert not any(code in response.content.decode() for code in device.recovery_codes)


def test_an_unenrolled_user_has_none(user):
    response = listing(user)

    assert (response.status_code, response.data) == (200, [])


def test_only_the_callers_own(user, device, user_factory):
    other = user_factory()
    enrol(other)

    ids = {a["id"] for a in listing(user).data}
    assert ids == set(user.authenticator_set.values_list("id", flat=True))


def test_without_a_token_it_is_401(db):
    assert_coded(APIClient().get(AUTHENTICATORS_URL), 401, "not_authenticated")


def test_post_is_405(user):
    response = APIClient().post(AUTHENTICATORS_URL, **bearer(access_for(user)))

    assert_coded(response, 405, "method_not_allowed")
