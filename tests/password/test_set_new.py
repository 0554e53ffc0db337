import pytest
from django.contrib.auth import get_user_model, password_validation
from rest_framework.test import APIClient

from jwt_allauth import exceptions
from jwt_allauth.grants.models import OneTimeGrant
from jwt_allauth.sessions.models import RevokeReason, UserSession
from tests.helpers import PASSWORD, assert_coded
from tests.helpers.password import (
    COOKIE,
    NEW_PASSWORD,
    SET_NEW_URL,
    STRONG_VALIDATORS,
    can_log_in,
    set_new,
)

DONE = "Password has been reset with the new password."


def reload(user):
    return get_user_model().objects.get(pk=user.pk)


def assert_untouched(user, sessions_alive: int = 0):
    assert reload(user).check_password(PASSWORD)
    assert OneTimeGrant.objects.get(user=user).used_at is None
    assert UserSession.objects.alive().filter(user=user).count() == sessions_alive


def test_sets_password_and_returns_a_session(user, reset_client, login, delivery):
    old_sessions = [login(user), login(user)]
    response = set_new(reset_client)
    assert response.status_code == 200
    expected = {"access", "detail"} | ({"refresh"} if delivery == "body" else set())
    assert set(response.data) == expected
    assert response.data["detail"] == DONE
    assert reload(user).check_password(NEW_PASSWORD)
    assert can_log_in(user.email, NEW_PASSWORD)
    assert not can_log_in(user.email, PASSWORD)
    reasons = set(
        UserSession.objects.exclude(revoked_at=None).values_list("revoke_reason", flat=True)
    )
    assert reasons == {RevokeReason.PASSWORD_CHANGE}
    assert UserSession.objects.filter(user=user, revoked_at=None).count() == 2  # new + login
    for session in old_sessions:
        refreshed = APIClient().post("/auth/refresh/", {"refresh": session.refresh}, format="json")
        if delivery == "cookie":  # the body field is ignored when the cookie carries it
            client = APIClient()
            client.cookies["refresh_token"] = session.refresh
            refreshed = client.post("/auth/refresh/", format="json")
        assert_coded(refreshed, 401, "session_ended")
    morsel = response.cookies[COOKIE]
    assert (morsel.value, morsel["max-age"], morsel["path"]) == ("", 0, SET_NEW_URL)


def test_new_session_is_usable(user, reset_client):
    access = set_new(reset_client).data["access"]
    me = APIClient().get("/auth/user/", HTTP_AUTHORIZATION=f"Bearer {access}")
    assert me.status_code == 200
    assert me.data["email"] == user.email


def test_replayed_cookie_is_refused(user, reset_client):
    raw = reset_client.cookies[COOKIE].value
    assert set_new(reset_client).status_code == 200
    replay = APIClient()
    replay.cookies[COOKIE] = raw
    response = set_new(replay, "yet another passphrase 7")
    assert_coded(response, 403, "grant_invalid")
    assert response.cookies[COOKIE].value == ""
    assert reload(user).check_password(NEW_PASSWORD)


def test_set_new_revokes_the_users_other_grants(user, user_factory, reset_client):
    from datetime import timedelta

    from jwt_allauth.grants.flows import issue_grant, peek_grant
    from jwt_allauth.grants.models import GrantPurpose

    invitation = issue_grant(user, GrantPurpose.SET_PASSWORD, timedelta(days=1))
    stranger = user_factory()
    theirs = issue_grant(stranger, GrantPurpose.SET_PASSWORD, timedelta(days=1))
    assert set_new(reset_client).status_code == 200
    with pytest.raises(exceptions.GrantInvalid):
        peek_grant(invitation, GrantPurpose.SET_PASSWORD)
    assert peek_grant(theirs, GrantPurpose.SET_PASSWORD).user == stranger


@pytest.mark.parametrize(
    ("cookie", "code"),
    [
        (None, "grant_missing"),
        ("", "grant_missing"),
        ("forged", "grant_invalid"),
        ("forged.dihgqt-54e740cbeef1832a91c4", "grant_invalid"),
        ("x" * 10_000, "grant_invalid"),
    ],
)
def test_missing_or_forged_cookie(user, reset_client, cookie, code):
    client = APIClient()
    if cookie is not None:
        client.cookies[COOKIE] = cookie
    assert_coded(set_new(client), 403, code)
    assert_untouched(user)


def test_bearer_token_instead_of_cookie(user, reset_client, login, delivery):
    session = login(user)
    response = set_new(APIClient(), HTTP_AUTHORIZATION=f"Bearer {session.access}")
    assert_coded(response, 403, "grant_missing")
    assert_untouched(user, sessions_alive=1)


def test_refresh_token_in_body_instead_of_cookie(user, reset_client, login, delivery):
    session = login(user)
    body = {
        "new_password1": NEW_PASSWORD,
        "new_password2": NEW_PASSWORD,
        "refresh": session.refresh,
    }
    response = APIClient().post(SET_NEW_URL, body, format="json", HTTP_X_REQUESTED_WITH="x")
    assert_coded(response, 403, "grant_missing")


def test_cross_site_form_post_without_header_is_refused(user, reset_client):
    """What a forged HTML form on another site can send: a cookie, no custom header."""
    body = {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    response = reset_client.post(SET_NEW_URL, body, HTTP_ORIGIN="https://evil.example")
    assert_coded(response, 403, "csrf_header_missing")
    json_response = reset_client.post(SET_NEW_URL, body, format="json")
    assert_coded(json_response, 403, "csrf_header_missing")
    assert_untouched(user)
    assert set_new(reset_client).status_code == 200


def test_mismatch(user, reset_client):
    response = set_new(reset_client, NEW_PASSWORD, NEW_PASSWORD + "!")
    assert response.status_code == 400
    assert response.data == {"new_password2": ["The two password fields didn't match."]}
    assert_untouched(user)


@pytest.mark.parametrize("weak", ["123", "password", "12345678901", "alice@example.com"])
def test_weak_passwords_get_the_validators_messages(user, reset_client, settings, weak):
    settings.AUTH_PASSWORD_VALIDATORS = STRONG_VALIDATORS
    with pytest.raises(Exception) as expected:
        password_validation.validate_password(weak, reload(user))
    response = set_new(reset_client, weak)
    assert response.status_code == 400
    assert response.data == {"new_password2": list(expected.value.messages)}
    assert_untouched(user)


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"new_password1": NEW_PASSWORD},
        {"new_password1": 12345678, "new_password2": 12345678},
        {"new_password1": [NEW_PASSWORD], "new_password2": [NEW_PASSWORD]},
        {"new_password1": {"a": 1}, "new_password2": None},
        {"new_password1": "x" * 10_000, "new_password2": "x" * 10_000},
        [NEW_PASSWORD, NEW_PASSWORD],
        "just a string",
    ],
)
def test_bad_input_is_400_and_writes_nothing(user, reset_client, body):
    response = reset_client.post(SET_NEW_URL, body, format="json", HTTP_X_REQUESTED_WITH="x")
    assert response.status_code == 400
    assert isinstance(response.data, dict) and response.data
    assert_untouched(user)


def test_failure_after_consuming_rolls_everything_back(
    user, reset_client, monkeypatch, login, delivery
):
    from jwt_allauth.password import flows

    login(user)

    def refuse(request, user):
        raise exceptions.InvalidCredentials()

    monkeypatch.setattr(flows, "finish_login", refuse)
    assert_coded(set_new(reset_client), 401, "incorrect_credentials")
    assert_untouched(user, sessions_alive=1)
    monkeypatch.undo()
    assert set_new(reset_client).status_code == 200


def test_deactivated_before_submit(user, reset_client):
    user.is_active = False
    user.save()
    assert_coded(set_new(reset_client), 403, "grant_invalid")
    assert not OneTimeGrant.objects.exclude(used_at=None).exists()


def test_password_change_elsewhere_kills_the_cookie(user, reset_client):
    user.set_password("changed from the admin 1")
    user.save()
    assert_coded(set_new(reset_client), 403, "grant_invalid")


def test_only_json_is_accepted(user, reset_client):
    body = {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    response = reset_client.post(SET_NEW_URL, body, HTTP_X_REQUESTED_WITH="x")
    assert_coded(response, 415, "unsupported_media_type")
    assert_untouched(user)


def test_deeply_nested_json_is_400(user, reset_client):
    body = "[" * 100_000 + "]" * 100_000
    response = reset_client.post(
        SET_NEW_URL, body, content_type="application/json", HTTP_X_REQUESTED_WITH="x"
    )
    assert_coded(response, 400, "parse_error")
    assert_untouched(user)
