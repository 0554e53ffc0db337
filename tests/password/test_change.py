import pytest
from django.contrib.auth import get_user_model, password_validation
from rest_framework.test import APIClient

from jwt_allauth.sessions.models import RevokeReason, UserSession
from tests.helpers import PASSWORD
from tests.helpers.password import CHANGE_URL, NEW_PASSWORD, STRONG_VALIDATORS, can_log_in

SAVED = {"detail": "New password has been saved."}


def change(session, **body):
    payload = {
        "old_password": PASSWORD,
        "new_password1": NEW_PASSWORD,
        "new_password2": NEW_PASSWORD,
    }
    payload.update(body)
    payload = {k: v for k, v in payload.items() if v is not None}
    return APIClient().post(
        CHANGE_URL, payload, format="json", HTTP_AUTHORIZATION=f"Bearer {session.access}"
    )


def password_is(user, password):
    return get_user_model().objects.get(pk=user.pk).check_password(password)


def alive(session) -> bool:
    from jwt_allauth.sessions.tokens import AccessToken

    sid = AccessToken.decode(session.access).session_id
    return UserSession.objects.alive().filter(pk=sid).exists()


@pytest.mark.parametrize("logout", [True, False])
def test_change_and_other_sessions(user, login, settings, logout):
    settings.LOGOUT_ON_PASSWORD_CHANGE = logout
    caller, other = login(user), login(user)
    response = change(caller)
    assert (response.status_code, response.data) == (200, SAVED)
    assert password_is(user, NEW_PASSWORD)
    assert can_log_in(user.email, NEW_PASSWORD)
    assert alive(caller)
    assert alive(other) is not logout
    if logout:
        assert UserSession.objects.get(revoked_at__isnull=False).revoke_reason == (
            RevokeReason.PASSWORD_CHANGE
        )
    me = APIClient().get("/auth/user/", HTTP_AUTHORIZATION=f"Bearer {caller.access}")
    assert me.status_code == 200


def test_default_is_logout_on_change(user, login):
    caller, other = login(user), login(user)
    assert change(caller).status_code == 200
    assert (alive(caller), alive(other)) == (True, False)


def test_wrong_old_password(user, login):
    response = change(login(user), old_password="not it at all")
    assert response.status_code == 400
    assert response.data == {"old_password": ["Your old password was entered incorrectly."]}
    assert password_is(user, PASSWORD)


def test_old_password_required_by_default(user, login):
    response = change(login(user), old_password=None)
    assert response.status_code == 400
    assert response.data == {"old_password": ["This field is required."]}


def test_old_password_not_needed_when_disabled(user, login, settings):
    settings.OLD_PASSWORD_FIELD_ENABLED = False
    response = change(login(user), old_password="ignored, wrong anyway")
    assert (response.status_code, response.data) == (200, SAVED)
    assert password_is(user, NEW_PASSWORD)


def test_change_kills_outstanding_reset_links(user, login, request_link, open_link):
    path = request_link(user.email)
    assert change(login(user)).status_code == 200
    response = open_link(path)[1]
    assert response.status_code == 400


def test_unauthenticated(db):
    response = APIClient().post(CHANGE_URL, {}, format="json")
    assert response.status_code == 401
    assert response.data["code"] == "not_authenticated"


def test_mismatch_and_weak(user, login, settings):
    settings.AUTH_PASSWORD_VALIDATORS = STRONG_VALIDATORS
    session = login(user)
    mismatch = change(session, new_password2="something else entirely")
    assert mismatch.status_code == 400
    assert mismatch.data == {"new_password2": ["The two password fields didn't match."]}
    with pytest.raises(Exception) as expected:
        password_validation.validate_password("alice12", user)
    weak = change(session, new_password1="alice12", new_password2="alice12")
    assert weak.status_code == 400
    assert weak.data == {"new_password2": list(expected.value.messages)}
    assert password_is(user, PASSWORD)


@pytest.mark.parametrize(
    "body",
    [
        {"new_password1": 1, "new_password2": 1},
        {"old_password": ["x"]},
        {"new_password1": "y" * 10_000, "new_password2": "y" * 10_000},
    ],
)
def test_bad_types(user, login, body):
    response = change(login(user), **body)
    assert response.status_code == 400
    assert set(response.data) <= {"old_password", "new_password1", "new_password2"}
    assert password_is(user, PASSWORD)


@pytest.mark.parametrize("body", [[1, 2], "text", None])
def test_non_object_body(user, login, body):
    session = login(user)
    response = APIClient().post(
        CHANGE_URL, body, format="json", HTTP_AUTHORIZATION=f"Bearer {session.access}"
    )
    assert response.status_code == 400
    assert password_is(user, PASSWORD)


def test_change_reads_a_form_body_too(user, login):
    session = login(user)
    body = {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    response = APIClient().post(CHANGE_URL, body, HTTP_AUTHORIZATION=f"Bearer {session.access}")
    assert response.status_code == 200, response.data
    assert password_is(user, NEW_PASSWORD)
