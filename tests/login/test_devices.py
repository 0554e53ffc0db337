"""Lockout as denial of service: a device that signed in before keeps its own budget."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail, signing
from django.utils import timezone
from rest_framework.test import APIClient

from jwt_allauth.internal.devices import SALT
from jwt_allauth.throttling import account_identity
from tests.helpers import PASSWORD

pytestmark = pytest.mark.django_db

COOKIE = "jwt_allauth_device"


def attempt(email: str, password: str, client: APIClient | None = None, ip: str = "192.0.2.1"):
    body = {"email": email, "password": password}
    return (client or APIClient()).post("/auth/login/", body, format="json", REMOTE_ADDR=ip)


def attacker_spends_the_shared_budget(email: str, times: int = 3) -> None:
    for n in range(times):
        assert attempt(email, f"guess {n}", ip=f"198.51.100.{n}").status_code == 401
    assert attempt(email, PASSWORD, ip="198.51.100.99").status_code == 429


def device_of_owner(user) -> APIClient:
    """A client that signed in as ``user`` once and kept its cookies, as a browser does."""
    client = APIClient()
    assert attempt(user.email, PASSWORD, client).status_code == 200
    assert client.cookies[COOKIE].value
    return client


def with_cookie(value: str) -> APIClient:
    client = APIClient()
    client.cookies[COOKIE] = value
    return client


def assert_throttled(response) -> None:
    assert response.status_code == 429
    assert set(response.data) == {"detail", "code"}
    assert response.data["code"] == "throttled"


@pytest.fixture(autouse=True)
def small_budgets(settings):
    settings.JWT_ALLAUTH_THROTTLE_RATES = {
        "login": None,
        "login_failures": "3/hour",
        "login_device_failures": "3/hour",
    }


def test_a_successful_login_sets_a_signed_httponly_device_cookie(user):
    response = attempt(user.email, PASSWORD)

    morsel = response.cookies[COOKIE]
    assert morsel["httponly"] is True
    assert morsel["path"] == "/auth/"
    assert morsel["max-age"] == 90 * 24 * 3600
    assert morsel["samesite"] == "Lax"
    payload = signing.loads(morsel.value, salt=SALT)
    assert payload["a"] == account_identity(user.email)
    assert user.email not in morsel.value


def test_a_failed_or_throttled_login_sets_no_device_cookie(user):
    assert COOKIE not in attempt(user.email, "wrong").cookies
    attacker_spends_the_shared_budget(user.email, times=2)

    assert COOKIE not in attempt(user.email, PASSWORD).cookies


def test_the_owner_with_a_device_cookie_signs_in_while_the_shared_budget_is_spent(user):
    laptop = device_of_owner(user)
    attacker_spends_the_shared_budget(user.email)

    assert_throttled(attempt(user.email, PASSWORD))  # a new device is locked out
    assert attempt(user.email, PASSWORD, laptop).status_code == 200


def test_failures_with_the_device_cookie_count_in_the_devices_own_budget(user):
    laptop = device_of_owner(user)
    for n in range(3):
        assert attempt(user.email, f"typo {n}", laptop).status_code == 401

    assert_throttled(attempt(user.email, PASSWORD, laptop))
    assert attempt(user.email, PASSWORD).status_code == 200  # the shared budget is untouched


def test_two_devices_have_two_budgets(user):
    laptop, phone = device_of_owner(user), device_of_owner(user)
    for n in range(3):
        attempt(user.email, f"typo {n}", laptop)

    assert attempt(user.email, PASSWORD, phone).status_code == 200


@pytest.mark.parametrize(
    "forge",
    [
        lambda user: "not-a-signed-value",
        lambda user: signing.dumps({"a": account_identity(user.email), "d": "x"}, salt="other"),
        lambda user: signing.dumps({"a": account_identity(user.email), "d": "x"}, key="k" * 50),
        lambda user: signing.dumps({"a": account_identity(user.email)}, salt=SALT),
        lambda user: signing.dumps([account_identity(user.email), "x"], salt=SALT),
    ],
    ids=["garbage", "other-salt", "other-key", "no-device", "not-a-dict"],
)
def test_a_forged_device_cookie_counts_in_the_shared_budget(user, forge):
    forged = forge(user)
    for n in range(3):
        assert attempt(user.email, f"guess {n}", with_cookie(forged)).status_code == 401

    assert_throttled(attempt(user.email, PASSWORD))
    assert_throttled(attempt(user.email, PASSWORD, with_cookie(forged)))


def test_another_accounts_device_cookie_counts_in_the_shared_budget(user, user_factory):
    mallory = user_factory(email="mallory@example.com")
    own_device = device_of_owner(mallory)
    for n in range(3):
        assert attempt(user.email, f"guess {n}", own_device).status_code == 401

    assert_throttled(attempt(user.email, PASSWORD))
    assert_throttled(attempt(user.email, PASSWORD, own_device))
    assert attempt(mallory.email, PASSWORD, own_device).status_code == 200


def test_an_expired_device_cookie_counts_in_the_shared_budget(user, settings, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    laptop = device_of_owner(user)
    time_machine.shift(timedelta(days=91))
    attacker_spends_the_shared_budget(user.email)

    assert_throttled(attempt(user.email, PASSWORD, laptop))


def test_the_cookie_lifetime_and_name_are_settings(user, settings):
    settings.JWT_ALLAUTH_DEVICE_COOKIE_NAME = "seen_here"
    settings.JWT_ALLAUTH_DEVICE_COOKIE_LIFETIME = timedelta(days=7)
    response = attempt(user.email, PASSWORD)

    assert COOKIE not in response.cookies
    assert response.cookies["seen_here"]["max-age"] == 7 * 24 * 3600


def test_no_device_cookie_when_its_lifetime_is_none(user, settings):
    laptop = device_of_owner(user)
    settings.JWT_ALLAUTH_DEVICE_COOKIE_LIFETIME = None

    assert COOKIE not in attempt(user.email, PASSWORD).cookies
    attacker_spends_the_shared_budget(user.email)
    assert_throttled(attempt(user.email, PASSWORD, laptop))


def test_the_owners_device_can_still_ask_for_a_reset_link(user, settings):
    settings.JWT_ALLAUTH_THROTTLE_RATES = {"password_reset_email": "2/hour"}
    laptop = device_of_owner(user)
    for n in range(2):
        response = APIClient().post(
            "/auth/password/reset/", {"email": user.email}, format="json", REMOTE_ADDR=f"10.0.0.{n}"
        )
        assert response.status_code == 200
    stranger = APIClient().post("/auth/password/reset/", {"email": user.email}, format="json")
    assert_throttled(stranger)
    mail.outbox.clear()

    response = laptop.post("/auth/password/reset/", {"email": user.email}, format="json")

    assert response.status_code == 200
    assert [m.to for m in mail.outbox] == [[user.email]]


def test_the_device_cookie_reaches_the_password_endpoints_too(user):
    """Its path covers login/, password/reset/ and password/change/."""
    cookie = attempt(user.email, PASSWORD).cookies[COOKIE]
    for url in ("/auth/login/", "/auth/password/reset/", "/auth/password/change/"):
        assert url.startswith(cookie["path"])


def test_the_owners_device_can_still_change_the_password(user):
    laptop = device_of_owner(user)
    access = attempt(user.email, PASSWORD, laptop).data["access"]
    attacker_spends_the_shared_budget(user.email)
    new = "a new one 42"
    body = {"old_password": PASSWORD, "new_password1": new, "new_password2": new}

    stranger = APIClient().post(
        "/auth/password/change/", body, format="json", HTTP_AUTHORIZATION=f"Bearer {access}"
    )
    own = laptop.post(
        "/auth/password/change/", body, format="json", HTTP_AUTHORIZATION=f"Bearer {access}"
    )

    assert_throttled(stranger)
    assert own.status_code == 200


def test_a_device_cookie_minted_with_an_old_password_dies_with_it(user):
    """Someone who once knew the password cannot keep budgets of their own after a change."""
    thiefs_device = device_of_owner(user)
    laptop = device_of_owner(user)
    access = attempt(user.email, PASSWORD, laptop).data["access"]
    new = "a new one 42"
    body = {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    changed = laptop.post(
        "/auth/password/change/", body, format="json", HTTP_AUTHORIZATION=f"Bearer {access}"
    )
    assert changed.status_code == 200
    assert changed.cookies[COOKIE].value  # the caller's device gets a new cookie
    for n in range(3):
        assert attempt(user.email, f"guess {n}", thiefs_device).status_code == 401

    assert_throttled(attempt(user.email, new, thiefs_device))
    assert_throttled(attempt(user.email, new))
    assert attempt(user.email, new, laptop).status_code == 200


def test_an_inactive_users_device_cookie_counts_in_the_shared_budget(user):
    laptop = device_of_owner(user)
    type(user).objects.filter(pk=user.pk).update(is_active=False)
    for n in range(3):
        assert attempt(user.email, f"guess {n}", laptop).status_code == 401

    assert_throttled(attempt(user.email, PASSWORD))


@pytest.mark.parametrize("order", ["planted last", "planted first"])
def test_a_planted_second_device_cookie_does_not_shadow_the_owners(user, order):
    owners = device_of_owner(user).cookies[COOKIE].value
    cookies = [f"{COOKIE}={owners}", f"{COOKIE}=planted-by-a-sibling-subdomain"]
    header = "; ".join(cookies if order == "planted last" else reversed(cookies))
    attacker_spends_the_shared_budget(user.email)

    body = {"email": user.email, "password": PASSWORD}
    response = APIClient().post("/auth/login/", body, format="json", HTTP_COOKIE=header)

    assert response.status_code == 200, response.data
