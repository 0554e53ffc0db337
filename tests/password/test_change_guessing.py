"""password/change/ with a stolen access token is no oracle for the old password."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from jwt_allauth.sessions.flows import open_session
from tests.helpers import PASSWORD
from tests.helpers.password import CHANGE_URL, NEW_PASSWORD, STRONG_VALIDATORS

WRONG_OLD = {"old_password": ["Your old password was entered incorrectly."]}
SAVED = {"detail": "New password has been saved."}


@pytest.fixture
def access(user) -> str:
    return str(open_session(user).access)


def change(access: str, old: str, new1: str = NEW_PASSWORD, new2: str | None = None, **extra):
    body = {"old_password": old, "new_password1": new1, "new_password2": new2 or new1}
    bearer = f"Bearer {access}"
    return APIClient().post(CHANGE_URL, body, format="json", HTTP_AUTHORIZATION=bearer, **extra)


def log_in(email: str, password: str):
    body = {"email": email, "password": password}
    return APIClient().post("/auth/login/", body, format="json")


def password_is(user, password: str) -> bool:
    user.refresh_from_db()
    return user.check_password(password)


def assert_throttled(response, window: int) -> None:
    assert response.status_code == 429
    assert set(response.data) == {"detail", "code"}
    assert response.data["code"] == "throttled"
    assert 0 < int(response["Retry-After"]) <= window + window // 60


@pytest.mark.parametrize(
    ("new1", "new2"),
    [
        ("a passphrase of mine", "another passphrase"),  # mismatch
        ("alice12", "alice12"),  # too weak for the validators
    ],
)
def test_a_guess_with_invalid_new_passwords_answers_the_same_whether_right_or_wrong(
    user, access, settings, new1, new2
):
    settings.AUTH_PASSWORD_VALIDATORS = STRONG_VALIDATORS
    settings.JWT_ALLAUTH_THROTTLE_RATES = {"login_failures": "2/hour"}

    right = change(access, PASSWORD, new1, new2)
    wrongs = [change(access, f"guess {n}", new1, new2) for n in range(5)]

    assert right.status_code == 400
    assert set(right.data) <= {"new_password1", "new_password2"}
    assert all((w.status_code, w.data) == (right.status_code, right.data) for w in wrongs)
    assert password_is(user, PASSWORD)
    # Nothing was checked, so nothing was counted against the account.
    assert log_in(user.email, PASSWORD).status_code == 200


def test_a_wrong_guess_with_valid_new_passwords_is_an_old_password_error(user, access):
    response = change(access, "not it")

    assert (response.status_code, response.data) == (400, WRONG_OLD)
    assert password_is(user, PASSWORD)


def test_wrong_old_passwords_spend_the_account_budget_then_429(user, access, settings):
    settings.JWT_ALLAUTH_THROTTLE_RATES = {"login_failures": "3/hour"}
    for n in range(3):
        assert (change(access, f"guess {n}").data) == WRONG_OLD

    assert_throttled(change(access, PASSWORD), 3600)
    assert password_is(user, PASSWORD)
    assert_throttled(log_in(user.email, PASSWORD), 3600)


def test_failed_logins_and_wrong_old_passwords_share_one_budget(user, access, settings):
    settings.JWT_ALLAUTH_THROTTLE_RATES = {"login_failures": "3/hour"}
    for n in range(2):
        assert log_in(user.email, f"guess {n}").status_code == 401
    assert change(access, "guess 2").data == WRONG_OLD

    assert_throttled(change(access, PASSWORD), 3600)


def test_the_right_old_password_within_budget_changes_it(user, access, settings):
    settings.JWT_ALLAUTH_THROTTLE_RATES = {"login_failures": "3/hour"}
    for n in range(2):
        change(access, f"guess {n}")

    response = change(access, PASSWORD)

    assert (response.status_code, response.data) == (200, SAVED)
    assert password_is(user, NEW_PASSWORD)


def test_the_endpoint_is_throttled_per_user(user, user_factory, access, settings):
    settings.JWT_ALLAUTH_THROTTLE_RATES = {"password_change": "2/hour", "login_failures": None}
    for n in range(2):
        assert change(access, PASSWORD, "x", "y").status_code == 400

    assert_throttled(change(access, PASSWORD), 3600)
    other = str(open_session(user_factory()).access)
    assert change(other, PASSWORD).status_code == 200


def test_password_change_default_rate_is_ten_an_hour(user, access, settings):
    settings.JWT_ALLAUTH_THROTTLE_RATES = {"login_failures": None}
    for n in range(10):
        assert change(access, PASSWORD, "x", "y").status_code == 400

    assert_throttled(change(access, PASSWORD), 3600)
