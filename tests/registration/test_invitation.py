"""Admin-managed registration: invite, follow the link, set the password once."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from rest_framework.test import APIClient

from jwt_allauth.grants.models import GrantPurpose, OneTimeGrant
from jwt_allauth.roles import STAFF_CODE, SUPER_USER_CODE, USER_CODE, get_user_role
from tests.helpers import assert_coded
from tests.helpers.password import link_in as reset_link_in
from tests.helpers.password import path_of
from tests.helpers.registration import (
    AJAX,
    COOKIE,
    INVITE_URL,
    INVITEE,
    NEW_PASSWORD,
    REGISTER_URL,
    SET_PASSWORD_PAGE,
    SET_PASSWORD_URL,
    STRONG_VALIDATORS,
    address_of,
    bearer,
    has_role_field,
    invite,
    link_in,
    log_in,
    resend,
    set_password,
    users_with,
)

DONE = "Your password has been set."

pytestmark = pytest.mark.usefixtures("admin_managed")


@pytest.fixture
def staff(user_factory):
    return user_factory(email="staff@example.com", is_staff=True, role=STAFF_CODE)


@pytest.fixture
def superuser(user_factory):
    return user_factory(
        email="root@example.com", is_staff=True, is_superuser=True, role=SUPER_USER_CODE
    )


@pytest.fixture
def invitation_link(staff) -> str:
    assert invite(bearer(staff)).status_code == 201
    return link_in(mail.outbox[-1].body)


@pytest.fixture
def invitee_client(invitation_link) -> APIClient:
    """A browser-like client (Django's CSRF check enforced) that followed the invitation link."""
    client = APIClient(enforce_csrf_checks=True)
    assert client.get(invitation_link).status_code == 302
    return client


def test_routes():
    assert reverse("rest_user_register") == INVITE_URL
    assert reverse("rest_set_password") == SET_PASSWORD_URL
    assert reverse("default_set_password") == SET_PASSWORD_PAGE


def test_not_routed_in_open_mode(db, settings, staff):
    settings.JWT_ALLAUTH_ADMIN_MANAGED_REGISTRATION = False
    for name in ("rest_user_register", "rest_set_password", "default_set_password"):
        with pytest.raises(NoReverseMatch):
            reverse(name)
    assert invite(bearer(staff)).status_code == 404
    assert reverse("rest_register") == REGISTER_URL


def test_staff_invites_with_an_empty_201(staff):
    response = invite(bearer(staff), "Invitee@Example.com", first_name="Ada", last_name="Byron")
    assert response.status_code == 201
    assert response.content == b""
    [user] = users_with(INVITEE)
    assert (user.email, user.first_name, user.last_name) == (INVITEE, "Ada", "Byron")
    assert not user.has_usable_password()
    assert get_user_role(user) == USER_CODE
    address = address_of(INVITEE)
    assert (address.primary, address.verified) == (True, False)
    [message] = mail.outbox
    assert message.to == [INVITEE]
    assert message.subject == "Your new account on example.com"
    assert link_in(message.body).startswith("/auth/registration/verification/")


@pytest.mark.parametrize(
    ("caller", "role", "allowed"),
    [
        ("staff", USER_CODE, True),
        ("staff", STAFF_CODE, True),
        ("staff", SUPER_USER_CODE, False),
        ("superuser", STAFF_CODE, True),
        ("superuser", SUPER_USER_CODE, True),
    ],
)
def test_who_may_grant_which_role(request, caller, role, allowed):
    response = invite(bearer(request.getfixturevalue(caller)), role=role)
    if not allowed:
        assert response.data == {
            "detail": "You may not grant this role.",
            "code": "role_not_allowed",
        }
        assert users_with(INVITEE) == []
        return
    assert response.status_code == 201
    [user] = users_with(INVITEE)
    assert get_user_role(user) == role
    if not has_role_field():
        assert (user.is_staff, user.is_superuser) == (role != USER_CODE, role == SUPER_USER_CODE)


def test_custom_role_values(staff):
    response = invite(bearer(staff), role=500)
    if has_role_field():
        assert response.status_code == 201
        assert users_with(INVITEE)[0].role == 500
    else:
        assert_coded(response, 400, "role_not_supported")
        assert users_with(INVITEE) == []


def test_permissions(user, staff, settings):
    assert_coded(invite(APIClient()), 401, "not_authenticated")
    assert_coded(invite(bearer(user)), 403, "permission_denied")
    settings.JWT_ALLAUTH_REGISTRATION_ALLOWED_ROLES = [SUPER_USER_CODE]
    assert_coded(invite(bearer(staff)), 403, "permission_denied")
    settings.JWT_ALLAUTH_REGISTRATION_ALLOWED_ROLES = [USER_CODE]
    assert invite(bearer(user)).status_code == 201
    assert_coded(invite(bearer(user), "other@example.com", STAFF_CODE), 400, "role_not_allowed")
    assert users_with("other@example.com") == []


def test_existing_address_is_refused(staff, user):
    response = invite(bearer(staff), user.email.upper(), role=STAFF_CODE)
    assert response.data == {"email": ["An account with this e-mail address already exists."]}
    assert response.data["email"][0].code == "email_taken"
    assert response.status_code == 400
    assert get_user_role(get_user_model().objects.get(pk=user.pk)) == USER_CODE
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({}, ["email", "role"]),
        ({"email": "bad", "role": 0}, ["email"]),
        ({"email": INVITEE, "role": "admin"}, ["role"]),
        ({"email": INVITEE, "role": 0, "first_name": "x" * 151}, ["first_name"]),
    ],
)
def test_bad_input_is_a_400_and_creates_nothing(staff, body, fields):
    response = bearer(staff).post(INVITE_URL, body, format="json")
    assert (response.status_code, sorted(response.data)) == (400, fields)
    assert users_with(INVITEE) == []


def test_link_verifies_and_drops_the_one_time_cookie(invitation_link):
    response = APIClient().get(invitation_link)
    assert (response.status_code, response["Location"]) == (302, SET_PASSWORD_PAGE)
    assert response["Referrer-Policy"] == "no-referrer"
    morsel = response.cookies[COOKIE]
    assert morsel.value
    flags = (morsel["httponly"], morsel["secure"], morsel["samesite"], morsel["max-age"])
    assert flags == (True, True, "Lax", 86400)
    assert morsel["path"] == SET_PASSWORD_URL
    assert address_of(INVITEE).verified
    grant = OneTimeGrant.objects.get(purpose=GrantPurpose.SET_PASSWORD)
    assert grant.expires_at - grant.created_at == timedelta(days=1)


def test_cookie_flags_follow_the_settings(invitation_link, settings):
    settings.PASSWORD_SET_COOKIE_HTTP_ONLY = False
    settings.PASSWORD_SET_COOKIE_SECURE = False
    settings.PASSWORD_SET_COOKIE_SAME_SITE = "Strict"
    settings.PASSWORD_SET_COOKIE_MAX_AGE = 600
    morsel = APIClient().get(invitation_link).cookies[COOKIE]
    flags = (morsel["httponly"], morsel["secure"], morsel["samesite"], morsel["max-age"])
    assert flags == ("", "", "Strict", 600)


def test_secure_flag_defaults_to_not_debug(invitation_link, settings):
    settings.DEBUG = True
    assert APIClient().get(invitation_link).cookies[COOKIE]["secure"] == ""


def test_link_redirects_to_the_configured_ui(invitation_link, settings):
    settings.PASSWORD_SET_REDIRECT = "https://app.example.com/set-password"
    response = APIClient().get(invitation_link)
    assert response["Location"] == "https://app.example.com/set-password"
    assert response.cookies[COOKIE]["path"] == SET_PASSWORD_URL


def test_link_works_once(invitation_link):
    assert APIClient().get(invitation_link).status_code == 302
    again = APIClient().get(invitation_link)
    assert again.status_code == 400
    assert COOKIE not in again.cookies


def test_set_password_signs_in_once(invitee_client, delivery):
    raw = invitee_client.cookies[COOKIE].value
    response = set_password(invitee_client)
    assert response.status_code == 200
    expected = {"access", "detail"} | ({"refresh"} if delivery == "body" else set())
    assert set(response.data) == expected
    assert response.data["detail"] == DONE
    morsel = response.cookies[COOKIE]
    assert (morsel.value, morsel["max-age"], morsel["path"]) == ("", 0, SET_PASSWORD_URL)
    assert log_in(INVITEE).status_code == 200
    invitee_client.cookies[COOKIE] = raw
    replay = set_password(invitee_client, "yet another passphrase 9")
    assert_coded(replay, 403, "grant_invalid")
    assert replay.cookies[COOKIE]["max-age"] == 0
    assert log_in(INVITEE).status_code == 200


def test_weak_or_mismatched_passwords_keep_the_cookie_alive(invitee_client, settings):
    settings.AUTH_PASSWORD_VALIDATORS = STRONG_VALIDATORS
    mismatch = set_password(invitee_client, NEW_PASSWORD, NEW_PASSWORD + "!")
    assert (mismatch.status_code, list(mismatch.data)) == (400, ["new_password2"])
    weak = set_password(invitee_client, "password")
    assert weak.data == {"new_password2": ["This password is too common."]}
    assert OneTimeGrant.objects.get().used_at is None
    assert set_password(invitee_client).status_code == 200


@pytest.mark.parametrize("case", ["missing", "forged", "bearer", "no_header"])
def test_refusals(invitee_client, staff, case):
    client = APIClient()
    extra = {}
    if case == "forged":
        client.cookies[COOKIE] = "forged-value"
    elif case == "bearer":
        client = bearer(staff)
    elif case == "no_header":
        client = invitee_client
        extra = {"HTTP_X_REQUESTED_WITH": ""}
    response = set_password(client, **extra)
    code = {
        "missing": "grant_missing",
        "forged": "grant_invalid",
        "bearer": "grant_missing",
        "no_header": "csrf_header_missing",
    }[case]
    assert_coded(response, 403, code)
    assert not users_with(INVITEE)[0].has_usable_password()


def test_cookie_expires_with_max_age(invitation_link, settings):
    settings.PASSWORD_SET_COOKIE_MAX_AGE = 600
    client = APIClient()
    client.get(invitation_link)
    with time_machine.travel(timezone.now() + timedelta(seconds=601)):
        assert_coded(set_password(client), 403, "grant_invalid")
    assert not users_with(INVITEE)[0].has_usable_password()


def test_invitation_link_expires(invitation_link):
    with time_machine.travel(timezone.now() + timedelta(days=4)):
        response = APIClient().get(invitation_link)
    assert response.status_code == 400
    assert not address_of(INVITEE).verified


def test_an_account_disabled_meanwhile_cannot_finish(invitee_client):
    get_user_model().objects.filter(email=INVITEE).update(is_active=False)
    assert_coded(set_password(invitee_client), 401, "incorrect_credentials")
    assert not users_with(INVITEE)[0].has_usable_password()
    assert OneTimeGrant.objects.get().used_at is None


def test_mandatory_verification_does_not_block_the_invitee(invitee_client, settings):
    settings.EMAIL_VERIFICATION = True
    assert set_password(invitee_client).status_code == 200


def test_resend_mails_a_pending_invitee_a_new_invitation(invitation_link):
    mail.outbox.clear()
    with time_machine.travel(timezone.now() + timedelta(minutes=4)):
        assert resend(INVITEE).status_code == 200
    [message] = mail.outbox
    assert message.subject == "Your new account on example.com"
    client = APIClient()
    assert client.get(link_in(message.body)).cookies[COOKIE].value
    assert set_password(client).status_code == 200


def test_set_password_is_throttled(invitee_client, settings):
    settings.JWT_ALLAUTH_THROTTLE_RATES = {"set_password": "1/min"}
    assert set_password(invitee_client, "a", "b").status_code == 400
    assert_coded(set_password(invitee_client), 429, "throttled")


def test_set_password_page(db):
    response = APIClient().get(SET_PASSWORD_PAGE)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'data-endpoint="{SET_PASSWORD_URL}"' in html
    assert 'data-success="/auth/registration/set-password/complete/"' in html
    assert 'autocomplete="new-password"' in html
    assert "src=" not in html and "<link" not in html
    assert response["X-Frame-Options"] == "DENY"
    complete = APIClient().get(reverse("jwt_allauth_set_password_complete"))
    assert complete.status_code == 200


def test_a_pending_invitee_cannot_log_in(invitation_link):
    assert_coded(log_in(INVITEE, NEW_PASSWORD), 401, "incorrect_credentials")
    assert_coded(log_in(INVITEE, "!"), 401, "incorrect_credentials")


def test_an_opened_but_unfinished_invitation_recovers_through_password_reset(invitee_client):
    mail.outbox.clear()
    assert APIClient().post("/auth/password/reset/", {"email": INVITEE}, format="json").data
    reset_path = path_of(reset_link_in(mail.outbox[-1].body))
    browser = APIClient()
    assert browser.get(reset_path).status_code == 302
    body = {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    assert (
        browser.post("/auth/password/reset/set-new/", body, format="json", **AJAX).status_code
        == 200
    )
    assert log_in(INVITEE).status_code == 200
