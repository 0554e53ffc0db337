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
