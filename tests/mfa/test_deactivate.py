"""mfa/deactivate/: the password removes TOTP and recovery codes; never in required mode."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from jwt_allauth.grants.models import GrantPurpose, OneTimeGrant
from tests.helpers import PASSWORD, assert_coded
from tests.helpers.mfa import (
    DEACTIVATE_URL,
    NOT_AN_OBJECT,
    access_for,
    assert_field_error,
    assert_session,
    authenticator_types,
    bearer,
    challenge_of,
    log_in,
    post,
    verify,
)

pytestmark = pytest.mark.usefixtures("optional")
OFF = {"detail": "Two-factor authentication has been turned off."}


def deactivate(user, password=PASSWORD):
    return post(DEACTIVATE_URL, {"password": password}, **bearer(access_for(user)))


def test_url_name():
    assert reverse("mfa_deactivate") == DEACTIVATE_URL


def test_the_password_turns_mfa_off(user, device, delivery):
    response = deactivate(user)

    assert response.status_code == 200
    assert response.data == OFF
    assert authenticator_types(user) == []
    assert_session(log_in(user), delivery)


def test_live_login_challenges_die_with_it(user, device):
    challenge = challenge_of(user)
    deactivate(user)

    assert_coded(verify(challenge, device.code()), 400, "mfa_challenge_invalid")
    live = OneTimeGrant.objects.filter(expires_at__gt=timezone.now(), used_at__isnull=True)
    assert not live.filter(purpose=GrantPurpose.MFA_LOGIN).exists()


@pytest.mark.parametrize("password", ["wrong", " ", 12345])
def test_a_wrong_password_changes_nothing(user, device, password):
    assert_coded(deactivate(user, password), 400, "password_incorrect")
    assert authenticator_types(user) == ["recovery_codes", "totp"]


@pytest.mark.parametrize("body", [{}, {"password": ""}, {"password": None}, ["x"]])
def test_a_missing_password_is_400(user, device, body):
    response = post(DEACTIVATE_URL, body, **bearer(access_for(user)))

    assert_field_error(response, NOT_AN_OBJECT if isinstance(body, list) else "password")
    assert authenticator_types(user) == ["recovery_codes", "totp"]


def test_refused_in_required_mode(settings, user, device):
    settings.JWT_ALLAUTH_MFA_TOTP_MODE = "required"

    assert_coded(deactivate(user), 403, "mfa_deactivation_forbidden")
    assert authenticator_types(user) == ["recovery_codes", "totp"]


def test_nothing_to_deactivate_is_400(user):
    assert_coded(deactivate(user), 400, "mfa_not_enabled")


def test_without_a_token_it_is_401(db):
    assert_coded(post(DEACTIVATE_URL, {"password": PASSWORD}), 401, "not_authenticated")


def test_recovery_codes_stay_while_another_authenticator_needs_them(user, device):
    from allauth.mfa.models import Authenticator

    Authenticator.objects.create(user=user, type="webauthn", data={"name": "key"})
    deactivate(user)

    assert authenticator_types(user) == ["recovery_codes", "webauthn"]
