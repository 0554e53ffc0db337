"""Forged, confused, malformed and oversized tokens and bodies: always a coded 4xx, no write."""

from __future__ import annotations

import base64
import json
from datetime import timedelta

import jwt
import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from rest_framework.test import APIClient

from jwt_allauth import exceptions
from jwt_allauth.sessions.models import UserSession
from tests.helpers import new_refresh
from tests.helpers.sessions import (
    LOGOUT_URL,
    PROBE,
    REFRESH_URL,
    T0,
    VERIFY_URL,
    bearer,
    claims,
    error,
    probe,
    session_rows,
)

INVALID = error(exceptions.InvalidToken)
MISSING = error(exceptions.RefreshTokenMissing)


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unsigned(payload: dict, alg: str = "none", signature: str = "") -> str:
    header = b64(json.dumps({"alg": alg, "typ": "JWT"}).encode())
    return f"{header}.{b64(json.dumps(payload).encode())}.{signature}"


def signed(payload: dict, key: str | None = None) -> str:
    return jwt.encode(payload, key or django_settings.SECRET_KEY, algorithm="HS256")


def with_payload(raw: str, **changes) -> str:
    """Same header and signature, payload edited: what a tamperer can do without the key."""
    header, _, signature = raw.split(".")
    return f"{header}.{b64(json.dumps({**claims(raw), **changes}).encode())}.{signature}"


def flip_signature(raw: str) -> str:
    header, payload, signature = raw.split(".")
    middle = len(signature) // 2
    swapped = "A" if signature[middle] != "A" else "B"
    return f"{header}.{payload}.{signature[:middle]}{swapped}{signature[middle + 1 :]}"


def forgeries(raw: str, other_user_id) -> dict[str, str]:
    """Ways to bend a genuine token ``raw`` without knowing the signing key."""
    payload = claims(raw)
    return {
        "payload_tampered": with_payload(raw, user_id=other_user_id),
        "type_tampered": with_payload(raw, token_type="access"),
        "exp_extended": with_payload(raw, exp=payload["exp"] + 10**6),
        "signature_flipped": flip_signature(raw),
        "signature_dropped": raw.rsplit(".", 1)[0] + ".",
        "alg_none": unsigned(payload),
        "alg_none_keeping_signature": unsigned(payload, signature=raw.rsplit(".", 1)[1]),
        "alg_none_uppercase": unsigned(payload, alg="None"),
        "alg_hs512_other_key": jwt.encode(payload, "k" * 64, algorithm="HS512"),
        "other_key": signed(payload, key="another-secret-" + "y" * 40),
        "garbage": "not.a.token",
        "two_parts": "abc.def",
        "binary_noise": b64(bytes(range(256))),
        "ten_kilobytes": "a" * 10_240,
        "ten_kilobyte_jwt": signed({**payload, "padding": "p" * 10_240}),
    }


FORGERY_NAMES = sorted(forgeries(signed({"exp": 0}), 0))


@pytest.fixture
def victim(user, user_factory, login):
    """A logged-in session, and a second user whose id a forger would like to claim."""
    session = login(user)
    return session, user_factory()


def send_refresh(raw, delivery: str):
    client = APIClient()
    if delivery == "cookie":
        client.cookies["refresh_token"] = raw
        return client.post(REFRESH_URL, format="json")
    return client.post(REFRESH_URL, {"refresh": raw}, format="json")


@pytest.mark.parametrize("name", FORGERY_NAMES)
def test_forged_refresh_tokens_are_refused_and_change_nothing(victim, delivery, name):
    session, other = victim
    forged = forgeries(session.refresh, other.pk)[name]
    before = session_rows()

    response = send_refresh(forged, delivery)

    assert (response.status_code, response.data) == (401, INVALID)
    assert session_rows() == before
    # The genuine token was not burnt by the attempt.
    assert send_refresh(session.refresh, delivery).status_code == 200


@pytest.mark.parametrize("name", FORGERY_NAMES)
def test_forged_access_tokens_are_refused(victim, name):
    session, other = victim

    response = probe(forgeries(session.access, other.pk)[name])

    assert (response.status_code, response.data) == (401, INVALID)
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_refresh_token_is_not_an_access_token(user, login, delivery):
    session = login(user)
    before = session_rows()

    response = probe(session.refresh)

    assert (response.status_code, response.data) == (401, INVALID)
    assert session_rows() == before


def test_access_token_is_not_a_refresh_token(user, login, delivery):
    session = login(user)
    before = session_rows()

    response = send_refresh(session.access, delivery)

    assert (response.status_code, response.data) == (401, INVALID)
    assert session_rows() == before
    assert send_refresh(session.refresh, delivery).status_code == 200


@pytest.mark.parametrize(
    "edit",
    [
        pytest.param({"sid": "not-a-uuid"}, id="sid_not_uuid"),
        pytest.param({"sid": "00000000-0000-0000-0000-000000000000"}, id="sid_unknown"),
        pytest.param({"sid": None}, id="sid_missing"),
        pytest.param({"jti": None}, id="jti_missing"),
        pytest.param({"user_id": None}, id="user_missing"),
        pytest.param({"sid": ["a"]}, id="sid_list"),
    ],
)
def test_validly_signed_refresh_with_bad_claims_is_refused(victim, delivery, edit):
    """Defence in depth should the key leak into a test or a bug mint odd tokens."""
    session, _ = victim
    payload = {key: value for key, value in {**claims(session.refresh), **edit}.items() if value}
    before = session_rows()

    response = send_refresh(signed(payload), delivery)

    assert (response.status_code, response.data) == (401, INVALID)
    assert session_rows() == before


def test_refresh_naming_another_users_session_is_refused(user, user_factory, login, delivery):
    """A token whose ``sid`` belongs to someone else must not rotate that session."""
    mine, theirs = login(user), login(user_factory())
    payload = {**claims(mine.refresh), "sid": claims(theirs.refresh)["sid"]}
    before = session_rows()

    response = send_refresh(signed(payload), delivery)

    assert (response.status_code, response.data) == (401, INVALID)
    assert session_rows() == before


def test_refresh_of_a_purged_session_is_refused(user, login, delivery):
    session = login(user)
    UserSession.objects.all().delete()

    response = send_refresh(session.refresh, delivery)

    assert (response.status_code, response.data) == (401, INVALID)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, MISSING),
        ("", MISSING),
        ([], MISSING),
        ({}, MISSING),
        (False, MISSING),
        (0, MISSING),
        (12345, INVALID),
        (1.5, INVALID),
        (True, INVALID),
        (["a.b.c"], INVALID),
        ({"token": "a.b.c"}, INVALID),
    ],
)
def test_non_string_refresh_values(user, login, delivery, value, expected):
    login(user)
    before = session_rows()

    response = APIClient().post(REFRESH_URL, {"refresh": value}, format="json")

    assert (response.status_code, response.data) == (401, expected)
    assert session_rows() == before


def test_a_refresh_token_inside_a_list_is_not_accepted(user, login, delivery):
    session = login(user)

    response = APIClient().post(REFRESH_URL, {"refresh": [session.refresh]}, format="json")

    assert (response.status_code, response.data) == (401, INVALID)


@pytest.mark.parametrize(
    "body", ["[]", "null", "42", '"a.b.c"', "true", "[1, 2]", "[" * 100 + "]" * 100]
)
def test_json_bodies_that_are_not_objects(user, login, delivery, body):
    login(user)
    before = session_rows()

    response = APIClient().generic("POST", REFRESH_URL, body, content_type="application/json")

    assert (response.status_code, response.data) == (401, MISSING)
    assert session_rows() == before


@pytest.mark.parametrize("url", [REFRESH_URL, LOGOUT_URL, VERIFY_URL, "/auth/login/"])
@pytest.mark.parametrize(
    "body",
    [
        '{"refresh": ',
        "{'refresh': 1}",
        b'{"refresh": "\xff\xfe"}',
        "[" * 5000,
        "[" * 5000 + "]" * 5000,
        '{"refresh": ' + "[" * 5000 + "]" * 5000 + "}",
        "[" * 101 + "]" * 101,  # past our limit, which every Python's decoder would take
    ],
    ids=[
        *("truncated", "single_quotes", "not_utf8"),
        *("deep_open", "deep_array", "deep_field", "past_our_limit"),
    ],
)
def test_malformed_json_is_a_coded_400(user, login, delivery, url, body):
    session = login(user)  # logout/ is [Authenticated]: the body is read only after that
    before = session_rows()

    response = APIClient().generic(
        "POST", url, body, content_type="application/json", **bearer(session.access)
    )

    assert response.status_code == 400
    assert set(response.data) == {"detail", "code"}
    assert response.data["code"] == "parse_error"
    assert session_rows() == before


@pytest.mark.parametrize("url", [REFRESH_URL, LOGOUT_URL, VERIFY_URL])
def test_unsupported_media_type_is_a_coded_415(user, login, delivery, url):
    access = login(user).access
    response = APIClient().generic(
        "POST", url, "refresh", content_type="text/plain", **bearer(access)
    )

    assert response.status_code == 415
    assert response.data["code"] == "unsupported_media_type"
    assert set(response.data) == {"detail", "code"}


def test_get_on_refresh_is_a_coded_405():
    response = APIClient().get(REFRESH_URL)

    assert response.status_code == 405
    assert response.data["code"] == "method_not_allowed"
    assert set(response.data) == {"detail", "code"}


@pytest.mark.parametrize(
    ("header", "code"),
    [
        ("Bearer", "bad_authorization_header"),
        ("Bearer a b", "bad_authorization_header"),
        ("Bearer \u00e9\u00e9.\u00e9.\u00e9", "token_not_valid"),
        ("Bearer " + "a" * 10_240, "token_not_valid"),
        ("Bearer null", "token_not_valid"),
    ],
)
def test_malformed_authorization_headers(header, code):
    response = APIClient().get(PROBE, HTTP_AUTHORIZATION=header)

    assert response.status_code == 401
    assert set(response.data) == {"detail", "code"}
    assert response.data["code"] == code


def test_token_verify_url_name():
    assert reverse("token_verify") == VERIFY_URL


def verify(payload, **extra):
    return APIClient().post(VERIFY_URL, payload, format="json", **extra)


def test_token_verify_accepts_valid_access_and_refresh(user, login, delivery):
    session = login(user)

    for raw in (session.access, session.refresh):
        response = verify({"token": raw})
        assert (response.status_code, response.data) == (200, {})


@pytest.mark.parametrize("name", FORGERY_NAMES)
def test_token_verify_refuses_forgeries(victim, name):
    session, other = victim
    for raw in (session.access, session.refresh):
        forged = forgeries(raw, other.pk)[name]
        response = verify({"token": forged})
        if name in ("ten_kilobytes", "ten_kilobyte_jwt"):
            assert response.status_code == 400
            assert set(response.data) == {"token"}
        else:
            assert (response.status_code, response.data) == (401, INVALID)


def test_token_verify_refuses_expired_tokens(user, login, settings, frozen, delivery):
    settings.JWT_REFRESH_TOKEN_LIFETIME = timedelta(days=1)
    session = login(user)

    frozen.move_to(T0 + timedelta(days=1, seconds=1))

    for raw in (session.access, session.refresh):
        assert verify({"token": raw}).data == INVALID


def test_token_verify_does_not_look_at_the_session(user, login, refresh, delivery):
    """Documented choice: verify checks signature, expiry and type only (no query)."""
    session = login(user)
    newest = new_refresh(refresh(session.refresh), delivery)
    refresh(session.refresh)  # replay: the session is now revoked

    assert verify({"token": newest}).status_code == 200
    assert verify({"token": session.refresh}).status_code == 200


@pytest.mark.parametrize(
    ("payload", "code"),
    [
        ({}, "required"),
        ({"token": ""}, "blank"),
        ({"token": None}, "null"),
        ({"token": ["a"]}, "invalid"),
        ({"token": {"a": 1}}, "invalid"),
        ({"token": "a" * 10_240}, "max_length"),
    ],
)
def test_token_verify_field_errors(payload, code):
    response = verify(payload)

    assert response.status_code == 400
    assert set(response.data) == {"token"}
    assert [e.code for e in response.data["token"]] == [code]


@pytest.mark.parametrize(("body", "code"), [("[]", "invalid"), ("null", "null"), ("42", "invalid")])
def test_token_verify_non_object_bodies(body, code):
    response = APIClient().generic("POST", VERIFY_URL, body, content_type="application/json")

    assert response.status_code == 400
    assert [e.code for e in response.data["non_field_errors"]] == [code]
    assert set(response.data) == {"non_field_errors"}


def test_token_verify_with_a_number_is_refused():
    assert verify({"token": 12345}).data == INVALID


def test_refused_requests_never_touch_a_live_session(user, login, delivery):
    """All the junk above, in a row, leaves the genuine refresh token usable."""
    session = login(user)
    before = session_rows()
    for junk in ("", "x", "a.b.c", session.access, "a" * 10_240):
        send_refresh(junk, delivery)
        APIClient().post(LOGOUT_URL, {"refresh": junk}, format="json")

    assert session_rows() == before
    assert send_refresh(session.refresh, delivery).status_code == 200
