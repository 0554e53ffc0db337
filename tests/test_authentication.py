"""JWTAuthentication: answered from the token alone, the user row loaded only on demand."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from jwt_allauth.authentication import JWTAuthentication, TokenUser
from jwt_allauth.roles import STAFF_CODE, SUPER_USER_CODE, USER_CODE
from jwt_allauth.sessions.models import UserSession
from jwt_allauth.sessions.tokens import AccessToken
from tests.helpers import PASSWORD

PROBE = "/probe/authenticated/"
INVALID_TOKEN = {"detail": "Token is invalid or expired.", "code": "token_not_valid"}


def access_for(user) -> str:
    response = APIClient().post(
        "/auth/login/", {"email": user.email, "password": PASSWORD}, format="json"
    )
    return response.data["access"]


def get(url: str, access: str | None = None, **extra):
    if access is not None:
        extra["HTTP_AUTHORIZATION"] = f"Bearer {access}"
    return APIClient().get(url, **extra)


@pytest.mark.parametrize(
    ("flags", "role"),
    [({}, USER_CODE), ({"is_staff": True}, STAFF_CODE), ({"is_superuser": True}, SUPER_USER_CODE)],
)
def test_authenticated_request_costs_no_query_and_reads_the_role_from_the_token(
    user_factory, django_assert_num_queries, flags, role
):
    user = user_factory(**flags)
    access = access_for(user)

    with django_assert_num_queries(0):
        response = get(PROBE, access)

    assert response.status_code == 200
    assert response.data == {"user_id": str(user.pk), "role": role}


def test_role_comes_from_the_token_not_the_current_row(user_factory):
    user = user_factory(is_staff=True)
    access = access_for(user)
    get_user_model().objects.filter(pk=user.pk).update(is_staff=False)

    assert get(PROBE, access).data["role"] == STAFF_CODE


def test_touching_user_attributes_loads_the_row_once_and_orm_use_works(user):
    access = access_for(user)

    with CaptureQueriesContext(connection) as queries:
        response = get("/probe/user-row/", access)

    assert response.status_code == 200
    assert response.data == {
        "email": user.email,
        "email_again": user.email,
        "is_user_model": True,
        "sessions": 1,
    }
    user_table = get_user_model()._meta.db_table
    user_loads = [
        q
        for q in queries
        if q["sql"].lstrip().startswith("SELECT") and f'FROM "{user_table}"' in q["sql"]
    ]
    assert len(user_loads) == 1
    assert len(queries) == 2


def test_token_user_exposes_token_facts_without_loading(user, django_assert_num_queries):
    token = AccessToken.decode(access_for(user))

    token_user = TokenUser(token)
    with django_assert_num_queries(0):
        assert token_user.pk == user.pk
        assert token_user.id == user.pk
        assert token_user.is_authenticated is True
        assert token_user.is_anonymous is False
        assert token_user.role == USER_CODE
        assert token_user.session_id == token.session_id
    with django_assert_num_queries(1):
        assert token_user.email == user.email
        assert token_user == user


def test_deleted_user_is_401_user_not_found_when_the_row_is_needed(user):
    access = access_for(user)
    get_user_model().objects.filter(pk=user.pk).delete()

    assert get(PROBE, access).status_code == 200  # the token alone still answers
    response = get("/probe/user-row/", access)

    assert response.status_code == 401
    assert response.data == {
        "detail": "The account of this token no longer exists or is inactive.",
        "code": "user_not_found",
    }
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def test_session_check_costs_exactly_one_query(user, settings, django_assert_num_queries):
    settings.JWT_ALLAUTH_CHECK_SESSION_ON_REQUEST = True
    access = access_for(user)

    with django_assert_num_queries(1):
        response = get(PROBE, access)

    assert response.status_code == 200


def test_without_the_session_check_a_revoked_sessions_access_token_still_works(user):
    access = access_for(user)
    UserSession.objects.update(revoked_at="2020-01-01T00:00:00Z")

    assert get(PROBE, access).status_code == 200


@pytest.mark.parametrize("end", ["revoke", "delete", "deactivate_user"])
def test_session_check_rejects_an_ended_session(user, settings, end):
    settings.JWT_ALLAUTH_CHECK_SESSION_ON_REQUEST = True
    access = access_for(user)
    if end == "revoke":
        APIClient().post("/auth/logout/", HTTP_AUTHORIZATION=f"Bearer {access}")
    elif end == "delete":
        UserSession.objects.all().delete()
    else:
        get_user_model().objects.filter(pk=user.pk).update(is_active=False)

    response = get(PROBE, access)

    assert response.status_code == 401
    assert response.data == {
        "detail": "This session has ended; sign in again.",
        "code": "session_ended",
    }
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def test_missing_header_on_a_protected_view_is_401_with_www_authenticate(db):
    response = get(PROBE)

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def test_missing_header_on_a_package_view_carries_a_code(db):
    response = get("/auth/user/")

    assert response.status_code == 401
    assert response.data == {
        "detail": "Authentication credentials were not provided.",
        "code": "not_authenticated",
    }
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


@pytest.mark.parametrize("url", [PROBE, "/auth/user/"])
@pytest.mark.parametrize(
    "header",
    [
        "Bearer garbage",
        "Bearer eyJhbGciOiJIUzI1NiJ9.eyJ1c2VyX2lkIjoxfQ.c2lnbmF0dXJl",
        "Bearer tökén",
        "Bearer " + "a" * 9000,
    ],
)
def test_bad_token_is_401_token_not_valid_with_www_authenticate(db, url, header):
    response = APIClient().get(url, HTTP_AUTHORIZATION=header)

    assert response.status_code == 401
    assert response.data == INVALID_TOKEN
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


@pytest.mark.parametrize("url", [PROBE, "/auth/user/"])
@pytest.mark.parametrize("header", ["Bearer", "Bearer  ", "Bearer a b"])
def test_malformed_bearer_header_is_401_bad_authorization_header(db, url, header):
    response = APIClient().get(url, HTTP_AUTHORIZATION=header)

    assert response.status_code == 401
    assert response.data == {
        "detail": "Authorization header must contain two space-delimited values",
        "code": "bad_authorization_header",
    }
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


@pytest.mark.parametrize("header", ["Basic Zm9vOmJhcg==", "Token abc", ""])
def test_other_schemes_are_ignored_and_answer_as_unauthenticated(db, header):
    response = APIClient().get(PROBE, HTTP_AUTHORIZATION=header)

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def test_a_refresh_token_is_not_accepted_as_an_access_token(user):
    response = APIClient().post(
        "/auth/login/", {"email": user.email, "password": PASSWORD}, format="json"
    )
    refresh = response.cookies["refresh_token"].value

    response = get(PROBE, refresh)

    assert response.status_code == 401
    assert response.data == INVALID_TOKEN


def test_an_expired_access_token_is_401(user, time_machine, settings):
    from datetime import timedelta

    from django.utils import timezone

    access = access_for(user)
    time_machine.move_to(timezone.now() + timedelta(minutes=31), tick=False)

    response = get(PROBE, access)

    assert response.status_code == 401
    assert response.data == INVALID_TOKEN


def test_authenticate_returns_none_without_a_header(rf):
    assert JWTAuthentication().authenticate(rf.get("/")) is None


@pytest.mark.parametrize(
    "defaults",
    [[], ["rest_framework.authentication.SessionAuthentication"]],
    ids=["none", "session-only"],
)
@pytest.mark.parametrize("url", ["/auth/user/", "/auth/sessions/"])
def test_package_views_accept_tokens_whatever_the_drf_defaults(user, settings, defaults, url):
    settings.REST_FRAMEWORK = {"DEFAULT_AUTHENTICATION_CLASSES": defaults}

    assert get(url, access_for(user)).status_code == 200
