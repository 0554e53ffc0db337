"""The schema documents the refusals of issue 10: duplicate cookies, unencodable text,
NUL in passwords, MFA code and id lengths, non-string names, the JSON 404 of sessions/."""

from __future__ import annotations

import pytest

from tests.test_schema import error_codes, generate_schema, operation

pytest.importorskip("drf_spectacular")


@pytest.mark.parametrize("route", ["refresh/", "logout/"])
def test_a_refresh_cookie_sent_twice_is_documented_in_cookie_mode(delivery, route):
    responses = operation(generate_schema(), route)["responses"]

    assert ("duplicate_cookie" in error_codes(responses["400"])) is (delivery == "cookie")


@pytest.mark.parametrize("route", ["password/reset/set-new/", "registration/set-password/"])
def test_a_grant_cookie_sent_twice_is_documented(settings, route):
    settings.JWT_ALLAUTH_ADMIN_MANAGED_REGISTRATION = True

    responses = operation(generate_schema(), route)["responses"]

    assert "duplicate_cookie" in error_codes(responses["400"])


def request_component(schema: dict, route: str, method: str = "post") -> dict:
    body = operation(schema, route, method)["requestBody"]["content"]["application/json"]
    name = body["schema"]["$ref"].rsplit("/", 1)[1]
    return schema["components"]["schemas"][name]["properties"]


@pytest.mark.parametrize(
    ("route", "fields"),
    [
        ("login/", ["password"]),
        ("password/change/", ["old_password", "new_password1", "new_password2"]),
        ("password/reset/set-new/", ["new_password1", "new_password2"]),
        ("registration/", ["password1", "password2"]),
        ("mfa/deactivate/", ["password"]),
    ],
)
def test_a_nul_in_a_password_is_documented(settings, route, fields):
    settings.JWT_ALLAUTH_MFA_TOTP_MODE = "optional"

    properties = request_component(generate_schema(), route)

    for field in fields:
        assert "NUL" in properties[field]["description"], field
        assert properties[field]["maxLength"] == 4096


def test_the_nul_400_is_real(user, settings):
    from rest_framework.test import APIClient

    body = {"email": user.email, "password": "correct horse\x00battery staple"}
    response = APIClient().post("/auth/login/", body, format="json")

    assert (response.status_code, response.json()) == (
        400,
        {"password": ["Null characters are not allowed."]},
    )


@pytest.mark.parametrize(
    ("route", "field", "digits_setting", "digits"),
    [
        ("mfa/verify/", "code", "MFA_TOTP_DIGITS", 8),
        ("mfa/activate/", "code", "MFA_TOTP_DIGITS", 7),
        ("mfa/verify-recovery/", "recovery_code", "MFA_RECOVERY_CODE_DIGITS", 10),
    ],
)
def test_mfa_code_lengths_follow_the_settings(settings, route, field, digits_setting, digits):
    settings.JWT_ALLAUTH_MFA_TOTP_MODE = "optional"
    setattr(settings, digits_setting, digits)

    code = request_component(generate_schema(), route)[field]

    assert (code["type"], code["minLength"], code["maxLength"]) == ("string", digits, 64)
    assert f"{digits} digits" in code["description"]


@pytest.mark.parametrize(
    ("route", "field"),
    [
        ("mfa/verify/", "challenge_id"),
        ("mfa/verify-recovery/", "challenge_id"),
        ("mfa/setup/", "setup_challenge_id"),
        ("mfa/activate/", "setup_challenge_id"),
    ],
)
def test_challenge_id_lengths_are_documented(settings, route, field):
    settings.JWT_ALLAUTH_MFA_TOTP_MODE = "optional"

    challenge_id = request_component(generate_schema(), route)[field]

    assert (challenge_id["minLength"], challenge_id["maxLength"]) == (1, 512)
    assert "a field error" in challenge_id["description"]


def test_session_ids_that_are_no_uuid_are_documented_as_not_found():
    delete = operation(generate_schema(), "sessions/{session_id}/", "delete")

    (parameter,) = [p for p in delete["parameters"] if p["in"] == "path"]
    assert parameter["schema"] == {"type": "string", "format": "uuid"}
    assert "session_not_found" in parameter["description"]
