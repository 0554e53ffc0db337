"""Every error jwt-allauth 1.x answers, provoked here through the API (MFA: tests/mfa).

Each case names the situation, 1.x's answer (status, and the ``code`` its body
carried, or the field and DRF code of its 400) and ours. Where they differ, the
difference is deliberate and listed in docs/upgrading.rst; a test checks that too.
1.x's answers are read from its 1.5.1 source (the module is named above each group).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from rest_framework.test import APIClient

from tests.helpers import PASSWORD
from tests.legacy_errors import Case, assert_answer, differences, differences_section

LOGIN = "/auth/login/"
REFRESH = "/auth/refresh/"
NEW = "a brand new passphrase 42"


def post(url: str, body=None, client: APIClient | None = None, **extra):
    return (client or APIClient()).post(url, body, format="json", **extra)


def bearer_of(user) -> dict[str, str]:
    from jwt_allauth.sessions.flows import open_session

    return {"HTTP_AUTHORIZATION": f"Bearer {open_session(user).access}"}


def body_mode_refresh(env) -> str:
    env.settings.JWT_ALLAUTH_REFRESH_TOKEN_AS_COOKIE = False
    response = post(LOGIN, {"email": env.user.email, "password": PASSWORD})
    return response.data["refresh"]


# login/ (1.x: login/serializers.py LoginSerializer.validate, utils.allauth_authenticate)


def login_without_password(env):
    return post(LOGIN, {"email": env.user.email})


def login_wrong_password(env):
    return post(LOGIN, {"email": env.user.email, "password": "wrong"})


def login_unknown_address(env):
    return post(LOGIN, {"email": "nobody@example.com", "password": PASSWORD})


def login_inactive_account(env):
    env.user.is_active = False
    env.user.save()
    return post(LOGIN, {"email": env.user.email, "password": PASSWORD})


def login_unverified_address(env):
    env.settings.EMAIL_VERIFICATION = True
    return post(LOGIN, {"email": env.user.email, "password": PASSWORD})


# refresh/ (1.x: token_refresh/views.py TokenRefreshView.post, serializers.py)


def refresh_without_token(env):
    env.settings.JWT_ALLAUTH_REFRESH_TOKEN_AS_COOKIE = False
    return post(REFRESH, {})


def refresh_malformed_token(env):
    env.settings.JWT_ALLAUTH_REFRESH_TOKEN_AS_COOKIE = False
    return post(REFRESH, {"refresh": "not.a.token"})


def refresh_with_access_token(env):
    env.settings.JWT_ALLAUTH_REFRESH_TOKEN_AS_COOKIE = False
    access = post(LOGIN, {"email": env.user.email, "password": PASSWORD}).data["access"]
    return post(REFRESH, {"refresh": access})


def refresh_replayed(env):
    token = body_mode_refresh(env)
    assert post(REFRESH, {"refresh": token}).status_code == 200
    return post(REFRESH, {"refresh": token})


def refresh_after_logout_all(env):
    token = body_mode_refresh(env)
    assert post("/auth/logout-all/", **bearer_of(env.user)).status_code == 200
    return post(REFRESH, {"refresh": token})


def refresh_inactive_account(env):
    token = body_mode_refresh(env)
    env.user.is_active = False
    env.user.save()
    return post(REFRESH, {"refresh": token})


def refresh_past_session_lifetime(env):
    import time_machine
    from django.utils import timezone

    env.settings.JWT_ALLAUTH_SESSION_LIFETIME = timedelta(hours=1)
    token = body_mode_refresh(env)
    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        return post(REFRESH, {"refresh": token})


# Access tokens (1.x: authentication.JWTAllAuthAuthentication, simplejwt)


def user_without_token(env):
    return APIClient().get("/auth/user/")


def user_with_bad_token(env):
    return APIClient().get("/auth/user/", HTTP_AUTHORIZATION="Bearer not.a.token")


def user_with_refresh_token_as_bearer(env):
    token = body_mode_refresh(env)
    return APIClient().get("/auth/user/", HTTP_AUTHORIZATION=f"Bearer {token}")


def user_with_revoked_session_and_session_check(env):
    env.settings.JWT_ALLAUTH_ACCESS_TOKEN_SESSION_CHECK = True
    headers = bearer_of(env.user)
    assert post("/auth/logout/", **headers).status_code == 200
    return APIClient().get("/auth/user/", **headers)


# logout/, logout-all/ (1.x: logout/views.py)


def logout_without_token(env):
    return post("/auth/logout/")


def logout_all_without_token(env):
    return post("/auth/logout-all/")


def logout_without_refresh_cookie(env):
    return post("/auth/logout/", **bearer_of(env.user))


# user/ (1.x: user_details/views.py UserDetailsView, serializers.py)


def user_patch_name_too_long(env):
    return APIClient().patch(
        "/auth/user/", {"first_name": "x" * 151}, format="json", **bearer_of(env.user)
    )


def user_put(env):
    body = {"email": env.user.email, "first_name": "Ann", "last_name": "Lee"}
    return APIClient().put("/auth/user/", body, format="json", **bearer_of(env.user))


def user_patch_email(env):
    body = {"email": "new@example.com"}
    return APIClient().patch("/auth/user/", body, format="json", **bearer_of(env.user))


# password/change/ (1.x: password_change/serializers.py PasswordChangeSerializer)


def change(env, **body):
    return post("/auth/password/change/", body, **bearer_of(env.user))


def change_without_token(env):
    return post("/auth/password/change/", {"old_password": PASSWORD})


def change_wrong_old_password(env):
    return change(env, old_password="wrong", new_password1=NEW, new_password2=NEW)


def change_mismatched(env):
    return change(env, old_password=PASSWORD, new_password1=NEW, new_password2=NEW + "!")


STRONG = [{"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"}]


def change_weak(env):
    env.settings.AUTH_PASSWORD_VALIDATORS = STRONG
    return change(env, old_password=PASSWORD, new_password1="123", new_password2="123")


def change_missing_fields(env):
    return change(env, old_password=PASSWORD)


def change_deactivated(env):
    headers = bearer_of(env.user)
    env.user.is_active = False
    env.user.save()
    body = {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW}
    return post("/auth/password/change/", body, **headers)


# password/reset/ and set-new/ (1.x: password_reset/views.py, permissions.py)


def reset_invalid_address(env):
    return post("/auth/password/reset/", {"email": "not an address"})


def reset_unknown_address(env):
    return post("/auth/password/reset/", {"email": "nobody@example.com"})


def reset_too_many_for_one_address(env):
    for _ in range(5):
        assert post("/auth/password/reset/", {"email": env.user.email}).status_code == 200
    return post("/auth/password/reset/", {"email": env.user.email})


AJAX = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}


def reset_cookie_client(env) -> APIClient:
    from django.core import mail

    from tests.helpers.password import link_in, path_of

    assert post("/auth/password/reset/", {"email": env.user.email}).status_code == 200
    client = APIClient(enforce_csrf_checks=True)
    assert client.get(path_of(link_in(mail.outbox[-1].body))).status_code == 302
    return client


def set_new(client, password2: str = NEW, **extra):
    body = {"new_password1": NEW, "new_password2": password2}
    return client.post("/auth/password/reset/set-new/", body, format="json", **extra)


def set_new_without_cookie(env):
    return set_new(APIClient(), **AJAX)


def set_new_forged_cookie(env):
    client = APIClient()
    client.cookies["password_reset_access_token"] = "forged"
    return set_new(client, **AJAX)


def set_new_spent_cookie(env):
    client = reset_cookie_client(env)
    cookie = client.cookies["password_reset_access_token"].value
    assert set_new(client, **AJAX).status_code == 200
    client.cookies["password_reset_access_token"] = cookie
    return set_new(client, **AJAX)


def set_new_without_csrf(env):
    return set_new(reset_cookie_client(env))


def set_new_mismatched(env):
    return set_new(reset_cookie_client(env), password2=NEW + "!", **AJAX)


def set_new_deactivated(env):
    client = reset_cookie_client(env)
    env.user.is_active = False
    env.user.save()
    return set_new(client, **AJAX)


# registration/ (1.x: registration/views.py RegisterView, serializers.py RegisterSerializer)


def sign_up(**fields):
    body = {"email": "new@example.com", "password1": NEW, "password2": NEW, **fields}
    return post("/auth/registration/", body)


def register_missing_email(env):
    return post("/auth/registration/", {"password1": NEW, "password2": NEW})


def register_mismatched(env):
    return sign_up(password2=NEW + "!")


def register_weak_password(env):
    env.settings.AUTH_PASSWORD_VALIDATORS = STRONG
    return sign_up(password1="123", password2="123")


def register_invalid_address(env):
    return sign_up(email="not an address")


def register_taken_address(env):
    return sign_up(email=env.user.email)


def register_without_names(env):
    return sign_up()


def register_form_body(env):
    body = {"email": "new@example.com", "password1": NEW, "password2": NEW}
    return APIClient().post("/auth/registration/", body)


def register_cross_site_form(env):
    body = {"email": "new@example.com", "password1": NEW, "password2": NEW}
    client = APIClient(enforce_csrf_checks=True)  # a browser
    return client.post("/auth/registration/", body, HTTP_ORIGIN="https://evil.example")


def register_names_1x_refused(env):
    return sign_up(first_name="Łukasz", last_name="O'Brien-Smith")


def register_admin_managed(env):
    env.settings.JWT_ALLAUTH_ADMIN_MANAGED_REGISTRATION = True
    return sign_up()


def register_permission_refused(env):
    env.settings.JWT_ALLAUTH_REGISTER_PERMISSION_CLASSES = [
        "rest_framework.permissions.IsAuthenticated"
    ]
    return sign_up()


# registration/user-register/ (1.x: registration/views.py UserRegisterView,
# permissions.RegisterUsersPermission, serializers.UserRegisterSerializer)


def invite(env, headers=None, **body):
    env.settings.JWT_ALLAUTH_INVITATIONS = True
    return post("/auth/registration/user-register/", body, **(headers or {}))


def staff(env):
    return env.user_factory(is_staff=True, role=900)


def invite_without_token(env):
    return invite(env, email="new@example.com", role=0)


def invite_by_regular_user(env):
    return invite(env, bearer_of(env.user), email="new@example.com", role=0)


def invite_taken_address(env):
    return invite(env, bearer_of(staff(env)), email=env.user.email, role=0)


def invite_invalid_address(env):
    return invite(env, bearer_of(staff(env)), email="not an address", role=0)


def invite_disabled(env):
    return post("/auth/registration/user-register/", {"email": "new@example.com"})


def set_password_without_cookie(env):
    env.settings.JWT_ALLAUTH_INVITATIONS = True
    body = {"new_password1": NEW, "new_password2": NEW}
    return post("/auth/registration/set-password/", body, **AJAX)


def verification_bad_key(env):
    env.settings.EMAIL_VERIFICATION = True
    return APIClient().get("/auth/registration/verification/nope/")


def verification_post(env):
    env.settings.EMAIL_VERIFICATION = True
    return APIClient().post("/auth/registration/verification/nope/")


CASES = [
    # login/
    Case(login_without_password, 400, "password:required", 400, "password:required"),
    Case(login_wrong_password, 401, "incorrect_credentials", 401, "incorrect_credentials"),
    Case(login_unknown_address, 401, "incorrect_credentials", 401, "incorrect_credentials"),
    Case(login_inactive_account, 401, "incorrect_credentials", 401, "incorrect_credentials"),
    Case(login_unverified_address, 403, "email_not_verified", 401, "email_not_verified"),
    # refresh/
    Case(refresh_without_token, 401, "refresh_token_missing", 400, "refresh:required"),
    Case(refresh_malformed_token, 401, "token_not_valid", 401, "token_not_valid"),
    Case(refresh_with_access_token, 401, "token_not_valid", 401, "token_not_valid"),
    Case(refresh_replayed, 401, "token_reused", 401, "token_not_valid"),
    Case(refresh_after_logout_all, 401, "session_ended", 401, "token_not_valid"),
    Case(refresh_inactive_account, 401, "user_not_found", 401, "token_not_valid"),
    Case(refresh_past_session_lifetime, 401, "token_not_valid", 401, "token_not_valid"),
    # access tokens
    Case(user_without_token, 401, "not_authenticated", 401, None),
    Case(user_with_bad_token, 401, "token_not_valid", 401, "token_not_valid"),
    Case(user_with_refresh_token_as_bearer, 401, "token_not_valid", 401, "token_not_valid"),
    Case(
        user_with_revoked_session_and_session_check,
        401,
        "session_ended",
        401,
        "token_not_valid",
    ),
    # logout/, logout-all/
    Case(logout_without_token, 401, "not_authenticated", 401, None),
    Case(logout_all_without_token, 401, "not_authenticated", 401, None),
    Case(
        logout_without_refresh_cookie,
        200,
        None,
        400,
        None,
        "``logout/`` without the refresh cookie",
    ),
    # user/
    Case(user_patch_name_too_long, 400, "first_name:max_length", 400, "first_name:max_length"),
    Case(user_put, 200, None, 405, None, "``PUT user/``"),
    Case(user_patch_email, 200, None, 200, None),
    # password/change/
    Case(change_without_token, 401, "not_authenticated", 401, None),
    Case(
        change_wrong_old_password,
        400,
        "old_password:password_incorrect",
        400,
        "old_password:invalid",
    ),
    Case(
        change_mismatched,
        400,
        "new_password2:password_mismatch",
        400,
        "new_password2:password_mismatch",
    ),
    Case(change_weak, 400, "new_password2:password_too_short", 400, "new_password2:*"),
    Case(change_missing_fields, 400, "new_password1:required", 400, "new_password1:required"),
    Case(change_deactivated, 401, "user_not_found", 401, "token_not_valid"),
    # password/reset/
    Case(reset_invalid_address, 400, "email:invalid", 400, "email:invalid"),
    Case(reset_unknown_address, 200, None, 200, None),
    Case(reset_too_many_for_one_address, 429, "throttled", 429, None),
    # password/reset/set-new/
    Case(set_new_without_cookie, 403, "grant_missing", 401, None),
    Case(set_new_forged_cookie, 403, "grant_invalid", 401, None),
    Case(set_new_spent_cookie, 403, "grant_invalid", 401, "token_not_valid"),
    Case(set_new_without_csrf, 403, "csrf_header_missing", 403, None),
    Case(
        set_new_mismatched,
        400,
        "new_password2:password_mismatch",
        400,
        "new_password2:password_mismatch",
    ),
    Case(set_new_deactivated, 403, "grant_invalid", 401, "token_not_valid"),
    # registration/
    Case(register_missing_email, 400, "email:required", 400, "email:required"),
    Case(
        register_mismatched,
        400,
        "non_field_errors:password_mismatch",
        400,
        "non_field_errors:invalid",
    ),
    Case(register_weak_password, 400, "password1:*", 400, "password1:*"),
    Case(register_invalid_address, 400, "email:invalid", 400, "email:invalid"),
    Case(register_taken_address, 400, "email:email_taken", 400, "email:invalid"),
    Case(
        register_without_names,
        201,
        None,
        400,
        "first_name:required",
        "``registration/`` without ``first_name``",
    ),
    Case(register_form_body, 201, None, 201, None),
    Case(register_cross_site_form, 403, "cross_site_form", 201, None),
    Case(
        register_names_1x_refused,
        201,
        None,
        400,
        "first_name:invalid",
        '``400 {"first_name": ["Incorrect format"]}``',
    ),
    Case(register_admin_managed, 404, None, 404, None),
    Case(register_permission_refused, 401, "not_authenticated", 401, None),
    # registration/user-register/, set-password/, verification/
    Case(invite_without_token, 401, "not_authenticated", 401, None),
    Case(invite_by_regular_user, 403, "permission_denied", 403, None),
    Case(invite_taken_address, 400, "email:email_taken", 400, "email:invalid"),
    Case(invite_invalid_address, 400, "email:invalid", 400, "email:invalid"),
    Case(invite_disabled, 404, None, 404, None),
    Case(set_password_without_cookie, 403, "grant_missing", 401, None),
    Case(
        verification_bad_key,
        400,
        None,
        404,
        None,
        "a verification link with an unknown or expired key",
    ),
    Case(verification_post, 405, None, 405, None),
]


class Env:
    def __init__(self, settings, user, user_factory) -> None:
        self.settings = settings
        self.user = user
        self.user_factory = user_factory


@pytest.fixture
def env(settings, user, user_factory, mailoutbox):
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    return Env(settings, user, user_factory)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_our_answer(env, case):
    assert_answer(case.provoke(env), case)


def test_every_deliberate_difference_is_documented():
    text = differences_section()
    assert [case.name for case in differences(CASES) if case.anchor not in text] == []


def test_the_cases_cover_both_kinds():
    assert 0 < len(differences(CASES)) < len(CASES)
