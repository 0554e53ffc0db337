"""POST social/<provider>/start/: a server-issued, single-use, client-bound state and nonce."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from rest_framework.test import APIClient

from tests.helpers.social import (
    CALLBACK,
    CLIENT_ID,
    ISSUER,
    PROVIDER,
    VERIFIER,
    nothing_written,
    s256,
)

START = f"/auth/social/{PROVIDER}/start/"
CODE = f"/auth/social/{PROVIDER}/code/"
TOKEN = f"/auth/social/{PROVIDER}/token/"
pytestmark = pytest.mark.django_db
STATE_INVALID = {
    "detail": "This sign-in was not started here, was already used or has expired. Start again.",
    "code": "state_invalid",
}


def post(url: str, body: dict):
    return APIClient().post(url, body, format="json")


def start(**body) -> dict:
    response = post(START, body)
    assert response.status_code == 201, response.data
    return response.data


def code_body(code: str, flow: dict | None = None, **overrides) -> dict:
    body = {"code": code, "callback_url": CALLBACK, "code_verifier": VERIFIER}
    if flow:
        body.update(state=flow["state"], state_secret=flow["state_secret"])
    return {**body, **overrides}


def test_start_answers_state_secret_nonce_and_the_authorization_url(idp):
    flow = start(callback_url=CALLBACK, code_challenge=s256(VERIFIER))
    assert set(flow) == {"state", "state_secret", "nonce", "expires_in", "authorization_url"}
    assert len({flow["state"], flow["state_secret"], flow["nonce"]}) == 3
    assert flow["expires_in"] == 600
    url = urlsplit(flow["authorization_url"])
    assert f"{url.scheme}://{url.netloc}{url.path}" == f"{ISSUER}/authorize"
    query = {k: v[0] for k, v in parse_qs(url.query).items()}
    assert query["client_id"] == CLIENT_ID
    assert query["redirect_uri"] == CALLBACK
    assert query["response_type"] == "code"
    assert query["state"] == flow["state"]
    assert query["nonce"] == flow["nonce"]
    assert query["code_challenge"] == s256(VERIFIER)
    assert query["code_challenge_method"] == "S256"
    assert flow["state_secret"] not in flow["authorization_url"]


def test_start_without_callback_has_no_authorization_url(idp):
    flow = start()
    assert flow["authorization_url"] is None


def test_start_refuses_a_callback_not_on_the_list(idp):
    response = post(START, {"callback_url": "https://evil.example.test/cb"})
    assert response.status_code == 400
    assert response.data["code"] == "callback_url_not_allowed"


def test_start_unknown_provider_is_404(idp):
    response = post("/auth/social/nope/start/", {})
    assert response.status_code == 404
    assert response.data["code"] == "provider_not_configured"


def test_state_is_stored_hashed_not_in_clear(idp, monkeypatch):
    from django.core.cache import cache

    from jwt_allauth.social import state

    written = []

    class Recorder:
        def set(self, key, value, *args, **kwargs):
            written.append(f"{key} {value!r}")
            return cache.set(key, value, *args, **kwargs)

        def __getattr__(self, name):
            return getattr(cache, name)

    monkeypatch.setattr(state, "cache", Recorder())
    flow = start()
    assert len(written) == 1
    assert flow["state"] not in written[0] and flow["state_secret"] not in written[0]
    assert flow["nonce"] in written[0]


def test_code_with_its_state_signs_in(idp):
    flow = start(callback_url=CALLBACK, code_challenge=s256(VERIFIER))
    response = post(CODE, code_body(idp.issue_code(nonce=flow["nonce"]), flow))
    assert response.status_code == 200, response.data


def test_replayed_state_is_refused_before_the_code_is_spent(idp):
    flow = start()
    assert post(CODE, code_body(idp.issue_code(nonce=flow["nonce"]), flow)).status_code == 200
    calls = len(idp.mock.calls)
    code = idp.issue_code(nonce=flow["nonce"])
    replay = post(CODE, code_body(code, flow))
    assert replay.status_code == 400
    assert replay.data == STATE_INVALID
    assert len(idp.mock.calls) == calls
    assert post(CODE, code_body(code)).status_code == 200  # the code itself was not spent


def test_other_clients_state_is_refused(idp):
    flow = start()
    stolen = {**flow, "state_secret": start()["state_secret"]}
    response = post(CODE, code_body(idp.issue_code(), stolen))
    assert response.status_code == 400
    assert response.data == STATE_INVALID
    assert nothing_written()
    # The thief's attempt does not burn the owner's state.
    owner = post(CODE, code_body(idp.issue_code(nonce=flow["nonce"]), flow))
    assert owner.status_code == 200


@pytest.mark.parametrize("state", ["unknown-state-value", "x" * 43])
def test_unknown_state_is_refused(idp, state):
    flow = {"state": state, "state_secret": "s" * 43}
    response = post(CODE, code_body(idp.issue_code(), flow))
    assert response.status_code == 400
    assert response.data == STATE_INVALID
    assert nothing_written()


def test_expired_state_is_refused(idp, settings):
    from django.core.cache import cache

    settings.JWT_ALLAUTH_SOCIAL_STATE_LIFETIME = timedelta(minutes=2)
    flow = start()
    assert flow["expires_in"] == 120
    cache.clear()  # what the cache does once the timeout passes
    response = post(CODE, code_body(idp.issue_code(), flow))
    assert response.status_code == 400
    assert response.data == STATE_INVALID


def test_state_of_another_provider_is_refused(idp, social_app):
    from allauth.socialaccount.models import SocialApp
    from django.contrib.sites.models import Site

    other = SocialApp.objects.create(
        provider="openid_connect",
        provider_id="other",
        name="Other",
        client_id="other-client",
        secret="x",
        settings={"server_url": ISSUER},
    )
    other.sites.add(Site.objects.get_current())
    flow = post("/auth/social/other/start/", {}).data
    response = post(CODE, code_body(idp.issue_code(), flow))
    assert response.status_code == 400
    assert response.data == STATE_INVALID


def test_state_bound_to_its_callback_url(idp, settings):
    settings.JWT_ALLAUTH_SOCIAL_CALLBACK_URLS = [CALLBACK, CALLBACK + "/other"]
    flow = start(callback_url=CALLBACK + "/other")
    response = post(CODE, code_body(idp.issue_code(), flow))
    assert response.status_code == 400
    assert response.data == STATE_INVALID


def test_state_bound_to_its_code_challenge(idp):
    flow = start(code_challenge=s256("w" * 43))
    response = post(CODE, code_body(idp.issue_code(), flow))
    assert response.status_code == 400
    assert response.data == STATE_INVALID
    assert nothing_written()


def test_state_without_its_secret_is_a_field_error(idp):
    flow = start()
    body = code_body(idp.issue_code(), state=flow["state"])
    response = post(CODE, body)
    assert response.status_code == 400
    assert [e.code for e in response.data["state_secret"]] == ["required"]


def test_code_flow_nonce_must_be_the_issued_one(idp):
    flow = start()
    response = post(CODE, code_body(idp.issue_code(nonce="attacker-nonce"), flow))
    assert response.status_code == 401
    assert response.data["code"] == "invalid_social_token"
    assert nothing_written()


def test_state_is_optional_by_default(idp):
    assert post(CODE, code_body(idp.issue_code())).status_code == 200


def test_state_required_by_setting(idp, settings):
    settings.JWT_ALLAUTH_SOCIAL_REQUIRE_STATE = True
    response = post(CODE, code_body(idp.issue_code()))
    assert response.status_code == 400
    assert response.data == {
        "detail": "Start this sign-in with the start endpoint and send its state.",
        "code": "state_required",
    }
    assert nothing_written()
    flow = start()
    assert post(CODE, code_body(idp.issue_code(nonce=flow["nonce"]), flow)).status_code == 200


def test_id_token_with_the_server_nonce_signs_in_once(idp):
    flow = start()
    body = {"state": flow["state"], "state_secret": flow["state_secret"]}
    first = post(TOKEN, {"id_token": idp.id_token(nonce=flow["nonce"]), **body})
    assert first.status_code == 200, first.data
    replay = post(TOKEN, {"id_token": idp.id_token(nonce=flow["nonce"]), **body})
    assert replay.status_code == 400
    assert replay.data == STATE_INVALID


def test_id_token_with_another_nonce_than_the_issued_one_is_refused(idp):
    flow = start()
    body = {"state": flow["state"], "state_secret": flow["state_secret"]}
    response = post(TOKEN, {"id_token": idp.id_token(nonce="other"), **body})
    assert response.status_code == 401
    assert response.data["code"] == "invalid_social_token"
    assert nothing_written()


def test_id_token_nonce_field_must_agree_with_the_state(idp):
    flow = start()
    body = {"state": flow["state"], "state_secret": flow["state_secret"], "nonce": "mine"}
    response = post(TOKEN, {"id_token": idp.id_token(nonce="mine"), **body})
    assert response.status_code == 400
    assert response.data == STATE_INVALID


def test_connect_code_spends_the_state_too(idp, user):
    from allauth.socialaccount.models import SocialAccount

    from tests.helpers.mfa import access_for

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {access_for(user)}")
    url = f"/auth/social/{PROVIDER}/connect/code/"
    flow = start()
    linked = client.post(url, code_body(idp.issue_code(nonce=flow["nonce"]), flow), format="json")
    assert linked.status_code == 201, linked.data
    assert SocialAccount.objects.get().user == user
    replay = client.post(url, code_body(idp.issue_code(nonce=flow["nonce"]), flow), format="json")
    assert replay.status_code == 400
    assert replay.data == STATE_INVALID
