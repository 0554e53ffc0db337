"""POST /auth/registration/ under each EMAIL_VERIFICATION mode, with bad input and overrides."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from allauth.account.signals import user_signed_up
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import NoReverseMatch, reverse
from rest_framework.test import APIClient

from jwt_allauth.registration import flows
from jwt_allauth.sessions.models import UserSession
from tests.helpers import PASSWORD, assert_coded
from tests.helpers.registration import (
    NEW_PASSWORD,
    REGISTER_URL,
    SENT,
    STRONG_VALIDATORS,
    address_of,
    link_in,
    log_in,
    sign_up,
    user_of,
    users_with,
)

TAKEN = {"email": ["An account with this e-mail address already exists."]}  # 1.x's shape


def session_keys(delivery: str) -> set[str]:
    return {"access", "email"} | ({"refresh"} if delivery == "body" else set())


def test_url_name_is_rest_register():
    assert reverse("rest_register") == REGISTER_URL


def test_without_verification_signs_in_at_once(db, delivery):
    response = sign_up("New.Person@Example.com", first_name="Ada", last_name="Lovelace")
    assert response.status_code == 201
    assert set(response.data) == session_keys(delivery)
    assert response.data["email"] == "new.person@example.com"
    user = user_of(response.data["access"])
    assert (user.email, user.first_name, user.last_name) == (
        "new.person@example.com",
        "Ada",
        "Lovelace",
    )
    assert user.check_password(NEW_PASSWORD)
    address = address_of("new.person@example.com")
    assert (address.user_id, address.primary, address.verified) == (user.pk, True, False)
    assert UserSession.objects.filter(user=user).count() == 1
    assert mail.outbox == []
    if delivery == "cookie":
        assert response.cookies["refresh_token"].value
    me = APIClient(HTTP_AUTHORIZATION=f"Bearer {response.data['access']}").get("/auth/user/")
    assert me.status_code == 200


def test_mandatory_verification_sends_a_link_and_no_session(db, mandatory):
    response = sign_up("new@example.com")
    assert response.status_code == 201
    assert response.data == {**SENT, "email": "new@example.com"}
    assert "refresh_token" not in response.cookies
    [user] = users_with("new@example.com")
    assert UserSession.objects.count() == 0
    assert not address_of("new@example.com").verified
    [message] = mail.outbox
    assert message.to == ["new@example.com"]
    assert link_in(message.body).startswith("/auth/registration/verification/")
    assert user.check_password(NEW_PASSWORD)


def test_login_waits_for_verification_without_leaking_to_a_guesser(db, mandatory):
    sign_up("new@example.com")
    assert_coded(log_in("new@example.com"), 403, "email_not_verified")
    assert_coded(log_in("new@example.com", "wrong password"), 401, "incorrect_credentials")
    assert_coded(log_in("nobody@example.com"), 401, "incorrect_credentials")


def test_optional_verification_signs_in_and_sends_a_link(db, settings, delivery):
    settings.EMAIL_VERIFICATION = "optional"
    response = sign_up("new@example.com")
    assert response.status_code == 201
    assert set(response.data) == session_keys(delivery)
    assert len(mail.outbox) == 1
    assert link_in(mail.outbox[0].body)
    assert log_in("new@example.com").status_code == 200


@pytest.mark.parametrize("verification", [False, "optional"])
def test_taken_address_is_an_error_where_sessions_are_handed_out(user, settings, verification):
    settings.EMAIL_VERIFICATION = verification
    response = sign_up(user.email.upper())
    assert response.status_code == 400
    assert response.data == TAKEN
    assert users_with(user.email) == [user]
    assert mail.outbox == []
    assert user.__class__.objects.get(pk=user.pk).check_password(PASSWORD)


def test_taken_address_with_mandatory_verification_looks_like_a_sign_up(user, mandatory):
    fresh = sign_up("someone.new@example.com")
    mail.outbox.clear()
    taken = sign_up(user.email.upper(), first_name="Mallory")
    assert (taken.status_code, taken.data) == (fresh.status_code, {**SENT, "email": user.email})
    assert users_with(user.email) == [user]
    unchanged = user.__class__.objects.get(pk=user.pk)
    assert unchanged.check_password(PASSWORD)
    assert unchanged.first_name == user.first_name
    assert not EmailAddress.objects.filter(user=user).exists()
    [message] = mail.outbox
    assert message.to == [user.email]
    assert message.subject == "Someone tried to sign up on example.com with your address"
    assert "/verification/" not in message.body


def test_an_allauth_secondary_address_counts_as_taken(user):
    EmailAddress.objects.create(user=user, email="second@example.com", verified=True)
    assert sign_up("Second@example.com").data == TAKEN


def test_account_exists_mails_are_rate_limited_per_address(user, mandatory):
    for _ in range(3):
        assert sign_up(user.email).status_code == 201
    assert len(mail.outbox) == 1


def test_concurrent_sign_up_losing_the_unique_race(user, monkeypatch, settings):
    """The check says free, the insert says taken: the answer is the taken answer."""
    email_field = get_user_model()._meta.get_field(get_user_model().get_email_field_name())
    if not email_field.unique:
        pytest.skip("the user model does not make e-mail addresses unique")
    monkeypatch.setattr(flows, "claim_address", lambda email: None)
    assert sign_up(user.email).data == TAKEN
    settings.EMAIL_VERIFICATION = True
    assert sign_up(user.email).data == {**SENT, "email": user.email}
    assert users_with(user.email) == [user]


def test_sign_up_sends_allauths_signal(db):
    received = []

    def receiver(sender, request, user, **kwargs):
        received.append(user.email)

    user_signed_up.connect(receiver)
    try:
        sign_up("new@example.com")
    finally:
        user_signed_up.disconnect(receiver)
    assert received == ["new@example.com"]


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        (
            {"email": "not-an-address", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
            {"email": ["invalid"]},
        ),
        (
            {"email": "a@example.com", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD + "x"},
            {"non_field_errors": ["password_mismatch"]},
        ),
        ({"email": "a@example.com"}, {"password1": ["required"], "password2": ["required"]}),
        ({}, {"email": ["required"], "password1": ["required"], "password2": ["required"]}),
        (
            {"email": ["a@example.com"], "password1": 5, "password2": {}},
            {"email": ["invalid"], "password1": ["invalid"], "password2": ["invalid"]},
        ),
        (
            {"email": "a@example.com", "password1": "x" * 5000, "password2": "x" * 5000},
            {"password1": ["max_length"], "password2": ["max_length"]},
        ),
        (
            {
                "email": "a@example.com",
                "password1": NEW_PASSWORD,
                "password2": NEW_PASSWORD,
                "first_name": "x" * 151,
            },
            {"first_name": ["max_length"]},
        ),
    ],
)
def test_bad_input_is_a_400_and_creates_nothing(db, settings, body, errors):
    settings.EMAIL_VERIFICATION = True
    response = APIClient().post(REGISTER_URL, body, format="json")
    assert response.status_code == 400
    assert {field: [e.code for e in errs] for field, errs in response.data.items()} == errors
    assert get_user_model().objects.count() == 0
    assert EmailAddress.objects.count() == 0
    assert mail.outbox == []


def test_malformed_json_is_a_400(db):
    response = APIClient().generic(
        "POST", REGISTER_URL, "{not json", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.data["code"] == "parse_error"


def test_password_validators_apply_with_their_messages(db, settings):
    settings.AUTH_PASSWORD_VALIDATORS = STRONG_VALIDATORS
    response = sign_up("jane.doe@example.com", password="12345678")
    assert response.status_code == 400
    assert response.data == {
        "password1": [
            "This password is too common.",
            "This password is entirely numeric.",
        ]
    }
    similar = sign_up("jane.doe@example.com", password="jane.doe@example.com")
    email_field = get_user_model()._meta.get_field("email")
    expected = f"The password is too similar to the {email_field.verbose_name}."
    assert similar.data == {"password1": [expected]}
    assert get_user_model().objects.count() == 0


def test_session_failure_creates_nothing(db, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("session store down")

    monkeypatch.setattr(flows, "finish_login", broken)
    with pytest.raises(RuntimeError):
        sign_up("new@example.com")
    assert users_with("new@example.com") == []


@pytest.mark.parametrize(
    "name", ["JWT_ALLAUTH_REGISTER_PERMISSION_CLASSES", "REGISTER_PERMISSION_CLASSES"]
)
def test_permission_classes_setting(db, settings, name, user, login, delivery):
    setattr(settings, name, ["rest_framework.permissions.IsAuthenticated"])
    assert_coded(sign_up("new@example.com"), 401, "not_authenticated")
    client = APIClient(HTTP_AUTHORIZATION=f"Bearer {login(user).access}")
    assert sign_up("new@example.com", client=client).status_code == 201


def test_permission_classes_in_the_rest_auth_dict(db, settings):
    settings.REST_AUTH = {"REGISTER_PERMISSION_CLASSES": ["rest_framework.permissions.IsAdminUser"]}
    assert_coded(sign_up("new@example.com"), 401, "not_authenticated")


@pytest.mark.parametrize("name", ["JWT_ALLAUTH_REGISTER_SERIALIZER", "REGISTER_SERIALIZER"])
def test_serializer_setting(db, settings, name):
    setattr(settings, name, "tests.registration.custom.NicknameRegisterSerializer")
    missing = sign_up("new@example.com")
    assert (missing.status_code, list(missing.data)) == (400, ["nickname"])
    response = sign_up("new@example.com", nickname="adder")
    assert response.status_code == 201
    assert user_of(response.data["access"]).last_name == "adder"


def test_jwt_allauth_serializer_name_wins(db, settings):
    settings.JWT_ALLAUTH_REGISTER_SERIALIZER = (
        "tests.registration.custom.NicknameRegisterSerializer"
    )
    settings.REGISTER_SERIALIZER = "jwt_allauth.registration.serializers.RegisterSerializer"
    assert list(sign_up("new@example.com").data) == ["nickname"]


def test_not_routed_in_admin_managed_mode(db, admin_managed):
    with pytest.raises(NoReverseMatch):
        reverse("rest_register")
    assert sign_up("new@example.com").status_code == 404
    assert get_user_model().objects.count() == 0


def test_throttled_per_client(db, settings):
    settings.JWT_ALLAUTH_THROTTLE_RATES = {"register": "2/min"}
    for index in range(2):
        assert sign_up(f"n{index}@example.com").status_code == 201
    assert_coded(sign_up("n3@example.com"), 429, "throttled")
    assert users_with("n3@example.com") == []


def test_a_cross_site_form_cannot_register(db):
    """A cross-site HTML form cannot sign a browser into an account it created."""
    body = {"email": "new@example.com", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    browser = APIClient(enforce_csrf_checks=True)
    response = browser.post(REGISTER_URL, body, HTTP_ORIGIN="https://evil.example")
    assert_coded(response, 403, "cross_site_form")
    assert users_with("new@example.com") == []
    same_site = browser.post(REGISTER_URL, body, HTTP_ORIGIN="http://testserver")
    assert same_site.status_code == 201, same_site.data


WEAK_ERRORS = {"password1": ["This password is too common."]}


def test_a_replaced_serializer_keeps_the_password_policy(db, settings):
    """AUTH_PASSWORD_VALIDATORS run in the sign-up flow, whatever serializer reads the body."""
    settings.AUTH_PASSWORD_VALIDATORS = STRONG_VALIDATORS
    settings.JWT_ALLAUTH_REGISTER_SERIALIZER = (
        "tests.registration.custom.ShapeOnlyRegisterSerializer"
    )
    response = sign_up("new@example.com", password="password")
    assert (response.status_code, response.data) == (400, WEAK_ERRORS)
    assert users_with("new@example.com") == []


def test_a_weak_password_answers_alike_for_a_taken_address(db, settings, user, mandatory):
    """The policy runs before the taken-address branch, so its answer tells nothing."""
    settings.AUTH_PASSWORD_VALIDATORS = STRONG_VALIDATORS
    settings.JWT_ALLAUTH_REGISTER_SERIALIZER = (
        "tests.registration.custom.ShapeOnlyRegisterSerializer"
    )
    taken = sign_up(user.email, password="password")
    free = sign_up("new@example.com", password="password")
    assert (taken.status_code, taken.data) == (free.status_code, free.data) == (400, WEAK_ERRORS)
    assert len(mail.outbox) == 0
