"""JWT_ALLAUTH_MFA_TOTP_MODE: every mode against every endpoint, and login in each mode."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tests.helpers import assert_coded
from tests.helpers.mfa import (
    ACTIVATE_URL,
    AUTHENTICATORS_URL,
    DEACTIVATE_URL,
    NOT_AN_OBJECT,
    RECOVERY_URL,
    SETUP_URL,
    VERIFY_URL,
    access_for,
    assert_field_error,
    assert_session,
    bearer,
    log_in,
)

ENDPOINTS = [
    ("post", SETUP_URL),
    ("post", ACTIVATE_URL),
    ("post", VERIFY_URL),
    ("post", RECOVERY_URL),
    ("post", DEACTIVATE_URL),
    ("get", AUTHENTICATORS_URL),
]
# What each endpoint answers to an empty JSON object from an authenticated caller
# whose account has no authenticator, once MFA is on.
ANSWERS_WHEN_ON = {  # a 400 names its first field
    SETUP_URL: (200, None),
    ACTIVATE_URL: (400, "code"),
    VERIFY_URL: (400, "challenge_id"),
    RECOVERY_URL: (400, "challenge_id"),
    DEACTIVATE_URL: (400, "password"),
    AUTHENTICATORS_URL: (200, None),
}


def call(method: str, url: str, **extra):
    client = APIClient()
    if method == "get":
        return client.get(url, **extra)
    return client.post(url, {}, format="json", **extra)


@pytest.mark.parametrize(("method", "url"), ENDPOINTS)
@pytest.mark.parametrize("authenticated", [True, False])
def test_disabled_mode_closes_every_endpoint(settings, user, method, url, authenticated):
    settings.JWT_ALLAUTH_MFA_TOTP_MODE = "disabled"
    extra = bearer(access_for(user)) if authenticated else {}

    assert_coded(call(method, url, **extra), 403, "mfa_disabled")


def test_disabled_is_the_default(user):
    assert_coded(call("post", SETUP_URL, **bearer(access_for(user))), 403, "mfa_disabled")


def test_disabled_mode_answers_before_reading_the_token(settings, db):
    settings.JWT_ALLAUTH_MFA_TOTP_MODE = "disabled"
    response = call("post", SETUP_URL, HTTP_AUTHORIZATION="Bearer not-a-token")

    assert_coded(response, 403, "mfa_disabled")


@pytest.mark.parametrize("mode", ["optional", "required"])
@pytest.mark.parametrize(("method", "url"), ENDPOINTS)
def test_optional_and_required_modes_open_every_endpoint(settings, user, mode, method, url):
    settings.JWT_ALLAUTH_MFA_TOTP_MODE = mode
    response = call(method, url, **bearer(access_for(user)))

    status, code = ANSWERS_WHEN_ON[url]
    if url == DEACTIVATE_URL and mode == "required":
        status, code = 403, "mfa_deactivation_forbidden"
    assert response.status_code == status, response.data
    if status == 400:
        assert code in response.data, response.data
        assert all(isinstance(errors, list) for errors in response.data.values())
    elif code:
        assert_coded(response, status, code)


def test_disabled_mode_lets_enrolled_users_in_with_the_password(settings, user, device, delivery):
    """MFA switched off is off for everyone; the authenticators stay for later."""
    settings.JWT_ALLAUTH_MFA_TOTP_MODE = "disabled"

    assert_session(log_in(user), delivery)
    assert user.authenticator_set.count() == 2


def test_optional_mode_challenges_only_enrolled_users(settings, user, device, user_factory):
    settings.JWT_ALLAUTH_MFA_TOTP_MODE = "optional"

    assert set(log_in(user).data) == {"mfa_required", "challenge_id", "types"}
    assert set(log_in(user_factory()).data) == {"access"}


def test_required_mode_sends_unenrolled_users_to_setup(settings, user, device, user_factory):
    settings.JWT_ALLAUTH_MFA_TOTP_MODE = "required"

    assert set(log_in(user).data) == {"mfa_required", "challenge_id", "types"}
    response = log_in(user_factory())
    assert response.status_code == 200
    assert set(response.data) == {"mfa_setup_required", "setup_challenge_id"}
    assert response.data["mfa_setup_required"] is True
    assert "refresh_token" not in response.cookies


def test_an_unknown_mode_is_treated_as_required(settings, user_factory):
    settings.JWT_ALLAUTH_MFA_TOTP_MODE = "sometimes"

    assert set(log_in(user_factory()).data) == {"mfa_setup_required", "setup_challenge_id"}


@pytest.mark.parametrize("url", [SETUP_URL, ACTIVATE_URL, VERIFY_URL, RECOVERY_URL, DEACTIVATE_URL])
@pytest.mark.parametrize("body", ["[]", "null", "7", '"text"', '[{"code": "123456"}]'])
def test_json_that_is_not_an_object_is_a_coded_400(settings, user, url, body):
    settings.JWT_ALLAUTH_MFA_TOTP_MODE = "optional"
    response = APIClient().generic(
        "POST", url, body, content_type="application/json", **bearer(access_for(user))
    )

    assert_field_error(response, NOT_AN_OBJECT)


@pytest.mark.parametrize("url", [SETUP_URL, VERIFY_URL])
def test_a_form_body_is_read_like_json(settings, user, url):
    settings.JWT_ALLAUTH_MFA_TOTP_MODE = "optional"
    body = {"code": "123456"}
    form = APIClient().post(url, body, **bearer(access_for(user)))
    as_json = APIClient().post(url, body, format="json", **bearer(access_for(user)))

    assert form.status_code == as_json.status_code != 415
    assert form.data.keys() == as_json.data.keys()
