"""POST social/<provider>/code/: authorization code + callback_url + PKCE code_verifier."""

from __future__ import annotations

import pytest
import requests
from allauth.socialaccount.models import SocialAccount
from rest_framework.test import APIClient

from tests.helpers.social import CALLBACK, ISSUER, PROVIDER, VERIFIER, nothing_written

URL = f"/auth/social/{PROVIDER}/code/"
pytestmark = pytest.mark.django_db
REJECTED = {
    "detail": "The provider did not accept this credential.",
    "code": "invalid_social_token",
}


def post(body: dict):
    return APIClient().post(URL, body, format="json")


def code_body(code: str, **overrides) -> dict:
    return {"code": code, "callback_url": CALLBACK, "code_verifier": VERIFIER, **overrides}


def test_code_with_pkce_signs_in(idp):
    response = post(code_body(idp.issue_code(sub="sub-code")))
    assert response.status_code == 200, response.data
    assert set(response.data) == {"access"}
    assert SocialAccount.objects.get().uid == "sub-code"


def test_replayed_code_is_refused_before_the_provider_is_asked(idp):
    code = idp.issue_code()
    assert post(code_body(code)).status_code == 200
    calls = len(idp.mock.calls)
    replay = post(code_body(code))
    assert replay.status_code == 401
    assert replay.data == REJECTED
    assert len(idp.mock.calls) == calls


def test_wrong_code_verifier_is_refused(idp):
    response = post(code_body(idp.issue_code(), code_verifier="w" * 43))
    assert response.status_code == 401
    assert response.data == REJECTED
    assert nothing_written()


def test_missing_code_verifier_is_refused_when_pkce_is_required(idp):
    body = code_body(idp.issue_code())
    del body["code_verifier"]
    response = post(body)
    assert response.status_code == 400
    assert response.data == {
        "detail": "Send the code_verifier of the PKCE pair this code was requested with.",
        "code": "pkce_required",
    }
    assert nothing_written()


def test_malformed_code_verifier_is_a_field_error(idp):
    response = post(code_body(idp.issue_code(), code_verifier="short"))
    assert response.status_code == 400
    assert [e.code for e in response.data["code_verifier"]] == ["invalid"]


@pytest.mark.parametrize(
    "callback",
    [
        "https://evil.example.test/callback",
        CALLBACK + "/../steal",
        CALLBACK + "?next=https://evil.test",
    ],
)
def test_callback_url_not_on_the_list_is_refused(idp, callback):
    calls = len(idp.mock.calls)
    response = post(code_body(idp.issue_code(), callback_url=callback))
    assert response.status_code == 400
    assert response.data == {
        "detail": "This callback_url is not on the list of allowed callback URLs.",
        "code": "callback_url_not_allowed",
    }
    assert len(idp.mock.calls) == calls
    assert nothing_written()


def test_no_allow_list_refuses_every_callback(idp, settings):
    settings.JWT_ALLAUTH_SOCIAL_CALLBACK_URLS = None
    response = post(code_body(idp.issue_code()))
    assert response.status_code == 400
    assert response.data["code"] == "callback_url_not_allowed"


def test_unknown_code_is_refused(idp):
    response = post(code_body("never-issued"))
    assert response.status_code == 401
    assert response.data == REJECTED


def test_unknown_provider_is_404(idp):
    response = APIClient().post(
        "/auth/social/nope/code/", code_body(idp.issue_code()), format="json"
    )
    assert response.status_code == 404
    assert response.data["code"] == "provider_not_configured"


@pytest.mark.parametrize(
    "failure", [requests.ConnectionError("down"), requests.ReadTimeout("slow")]
)
def test_token_endpoint_down_or_slow_is_503(idp, failure):
    idp.mock.replace("POST", f"{ISSUER}/token", body=failure)
    response = post(code_body(idp.issue_code()))
    assert response.status_code == 503
    assert response.data == {
        "detail": "The provider could not be reached in time. Try again later.",
        "code": "provider_unavailable",
    }
    assert nothing_written()


def test_id_token_from_the_exchange_is_verified_too(idp, other_key):
    code = idp.issue_code()
    idp.codes[code]["id_token"] = idp.id_token(key=other_key)
    response = post(code_body(code))
    assert response.status_code == 401
    assert response.data == REJECTED
    assert nothing_written()


def test_a_single_callback_url_string_is_one_url_not_its_characters(idp, settings):
    settings.JWT_ALLAUTH_SOCIAL_CALLBACK_URLS = CALLBACK
    assert post(code_body(idp.issue_code())).status_code == 200
