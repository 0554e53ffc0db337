"""A new password ends every one-time grant obtained under the old one.

The attack: an MFA login challenge obtained with a stolen password still
completes after the owner changed the password; so do setup challenges and
pending setup secrets. Whatever route changes the password (password/change/,
a reset, allauth's or Django's own pages, ``manage.py changepassword``), the
grants of the old password die; only the grant being spent is used.
"""

from __future__ import annotations

import pyotp
import pytest
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

from jwt_allauth.grants.models import OneTimeGrant
from tests.helpers import PASSWORD, assert_coded
from tests.helpers.mfa import (
    ACTIVATE_URL,
    SETUP_URL,
    access_for,
    authenticator_types,
    bearer,
    challenge_of,
    enrol,
    log_in,
    post,
    verify,
    verify_recovery,
)
from tests.helpers.password import CHANGE_URL, NEW_PASSWORD, link_in, path_of, set_new

pytestmark = pytest.mark.usefixtures("optional")


def change_password(user, access: str | None = None):
    """password/change/, by default from another session than the one under test."""
    body = {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    response = post(CHANGE_URL, body, **bearer(access or access_for(user)))
    assert response.status_code == 200, response.data


def set_password_elsewhere(user, access: str | None = None):
    """What Django's admin, allauth's pages or ``changepassword`` do: no API involved."""
    fresh = get_user_model().objects.get(pk=user.pk)
    fresh.set_password(NEW_PASSWORD)
    fresh.save()


CHANGES = {"password/change/": change_password, "elsewhere": set_password_elsewhere}


def live_grants(user) -> list[str]:
    from django.utils import timezone

    grants = OneTimeGrant.objects.filter(
        user=user, used_at__isnull=True, expires_at__gt=timezone.now()
    )
    return sorted(grants.values_list("purpose", flat=True))


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_a_login_challenge_of_the_old_password_dies(user, change):
    device = enrol(user)
    challenge = challenge_of(user)  # the attacker, with the stolen password
    change(user)  # the owner

    assert_coded(verify(challenge, device.code()), 400, "mfa_challenge_invalid")
    assert_coded(verify_recovery(challenge, device.recovery_codes[0]), 400, "mfa_challenge_invalid")
    assert authenticator_types(user) == ["recovery_codes", "totp"]


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_a_setup_challenge_of_the_old_password_dies(settings, user, change):
    settings.JWT_ALLAUTH_MFA_TOTP_MODE = "required"
    challenge = log_in(user).data["setup_challenge_id"]
    setup = post(SETUP_URL, {"setup_challenge_id": challenge})
    app = pyotp.parse_uri(setup.data["provisioning_uri"])
    change(user)

    response = post(ACTIVATE_URL, {"setup_challenge_id": challenge, "code": app.now()})
    assert response.status_code == 400, response.data
    assert response.data["code"] in {"mfa_challenge_invalid", "mfa_setup_missing"}
    assert_coded(post(SETUP_URL, {"setup_challenge_id": challenge}), 400, "mfa_challenge_invalid")
    assert authenticator_types(user) == []


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_a_pending_secret_of_the_old_password_dies(user, change):
    access = access_for(user)
    app = pyotp.parse_uri(post(SETUP_URL, **bearer(access)).data["provisioning_uri"])
    change(user, access)  # the caller's session lives on

    assert_coded(
        post(ACTIVATE_URL, {"code": app.now()}, **bearer(access)), 400, "mfa_setup_missing"
    )
    assert authenticator_types(user) == []


def test_password_change_ends_every_grant_of_the_user(user, user_factory, mailoutbox):
    other = user_factory()
    enrol(user)
    enrol(other)
    challenge_of(user)
    challenge_of(other)
    APIClient().post("/auth/password/reset/", {"email": user.email}, format="json")
    assert live_grants(user) == ["mfa_login", "password_reset"]
    change_password(user)

    assert live_grants(user) == []
    assert live_grants(other) == ["mfa_login"]


def test_a_reset_ends_the_old_challenges_and_gives_a_new_one(user, mailoutbox):
    device = enrol(user)
    old = challenge_of(user)
    APIClient().post("/auth/password/reset/", {"email": user.email}, format="json")
    client = APIClient()
    client.get(path_of(link_in(mailoutbox[-1].body)))
    response = set_new(client)

    assert response.status_code == 200, response.data
    new = response.data["challenge_id"]
    assert_coded(verify(old, device.code()), 400, "mfa_challenge_invalid")
    assert verify(new, device.code()).status_code == 200
