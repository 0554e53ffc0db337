"""Role permissions decide from the token's ``role`` claim, without touching the database."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from rest_framework.test import APIClient

from jwt_allauth import roles
from jwt_allauth.permissions import (
    HasRole,
    IsStaffRole,
    IsSuperUserRole,
    request_role,
    role_permission,
)
from jwt_allauth.roles import STAFF_CODE, SUPER_USER_CODE, USER_CODE, get_user_role
from jwt_allauth.sessions.tokens import AccessToken
from tests.helpers import PASSWORD

HAS_ROLE_FIELD = "role" in {f.name for f in get_user_model()._meta.get_fields()}
needs_role_field = pytest.mark.skipif(
    not HAS_ROLE_FIELD, reason="needs the custom user model (JWT_ALLAUTH_TEST_USER=custom)"
)


def access_for(user) -> str:
    response = APIClient().post(
        "/auth/login/", {"email": user.email, "password": PASSWORD}, format="json"
    )
    return response.data["access"]


def get(url: str, access: str):
    return APIClient().get(url, HTTP_AUTHORIZATION=f"Bearer {access}")


def test_codes_keep_their_published_values():
    assert (roles.USER_CODE, roles.SUPER_USER_CODE, roles.STAFF_CODE) == (0, 900, 1000)


@pytest.mark.parametrize(
    ("flags", "role"),
    [
        ({}, USER_CODE),
        ({"is_staff": True}, STAFF_CODE),
        ({"is_superuser": True}, SUPER_USER_CODE),
        ({"is_superuser": True, "is_staff": True}, SUPER_USER_CODE),
    ],
)
def test_role_is_derived_from_django_flags(user_factory, flags, role):
    user = user_factory(**flags)

    assert get_user_role(user) == role
    assert AccessToken.decode(access_for(user))["role"] == role


@pytest.mark.parametrize(
    ("user", "role"),
    [
        (SimpleNamespace(role=STAFF_CODE), STAFF_CODE),
        (SimpleNamespace(role=USER_CODE, is_superuser=True), USER_CODE),
        (SimpleNamespace(role="editor"), "editor"),
        (SimpleNamespace(role=None, is_staff=True), STAFF_CODE),
        (SimpleNamespace(), USER_CODE),
        (AnonymousUser(), USER_CODE),
    ],
)
def test_a_role_field_wins_over_the_flags_and_none_falls_back(user, role):
    assert get_user_role(user) == role


@needs_role_field
def test_role_field_on_the_custom_user_model_goes_into_the_token(user_factory):
    plain_flags_staff_role = user_factory(role=STAFF_CODE)
    access = access_for(plain_flags_staff_role)

    assert AccessToken.decode(access)["role"] == STAFF_CODE
    assert get("/probe/staff/", access).status_code == 200
    assert get("/probe/superuser/", access).status_code == 403


@needs_role_field
def test_role_field_can_demote_a_superuser(user_factory):
    access = access_for(user_factory(is_superuser=True, role=USER_CODE))

    assert get("/probe/superuser/", access).status_code == 403
    assert get("/probe/plain-role/", access).status_code == 200


@pytest.mark.parametrize(
    ("flags", "staff", "superuser", "plain"),
    [
        ({}, 403, 403, 200),
        ({"is_staff": True}, 200, 403, 403),
        ({"is_superuser": True}, 200, 200, 403),
    ],
)
def test_probe_views_admit_by_role(
    user_factory, django_assert_num_queries, flags, staff, superuser, plain
):
    access = access_for(user_factory(**flags))

    with django_assert_num_queries(0):
        assert get("/probe/staff/", access).status_code == staff
        assert get("/probe/superuser/", access).status_code == superuser
        assert get("/probe/plain-role/", access).status_code == plain


def test_refused_role_body_is_403_permission_denied(user):
    response = get("/probe/staff/", access_for(user))

    assert response.status_code == 403
    assert response.data == {"detail": "You do not have permission to perform this action."}


def test_permission_follows_the_token_not_the_row_until_a_new_token(user_factory):
    user = user_factory(is_staff=True)
    access = access_for(user)
    get_user_model().objects.filter(pk=user.pk).update(is_staff=False)

    assert get("/probe/staff/", access).status_code == 200
    assert get("/probe/staff/", access_for(user)).status_code == 403


@pytest.mark.parametrize("url", ["/probe/staff/", "/probe/superuser/", "/probe/plain-role/"])
def test_anonymous_callers_are_401(db, url):
    response = APIClient().get(url)

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def fake_request(role=None, user=None):
    token = None if role is None else {"role": role}
    user = user or SimpleNamespace(is_authenticated=True)
    return SimpleNamespace(auth=token, user=user)


@pytest.mark.parametrize(
    ("permission", "role", "allowed"),
    [
        (IsStaffRole, STAFF_CODE, True),
        (IsStaffRole, SUPER_USER_CODE, True),
        (IsStaffRole, USER_CODE, False),
        (IsStaffRole, "1000", False),
        (IsSuperUserRole, SUPER_USER_CODE, True),
        (IsSuperUserRole, STAFF_CODE, False),
        (IsSuperUserRole, USER_CODE, False),
        (role_permission(STAFF_CODE), STAFF_CODE, True),
        (role_permission(STAFF_CODE), SUPER_USER_CODE, False),
        (role_permission(USER_CODE, 42), 42, True),
        (role_permission(USER_CODE, 42), USER_CODE, True),
        (role_permission(USER_CODE, 42), 43, False),
        (role_permission(), USER_CODE, False),
        (HasRole, STAFF_CODE, False),
    ],
)
def test_permission_classes_check_the_token_role(permission, role, allowed):
    assert permission().has_permission(fake_request(role), view=None) is allowed


def test_role_permission_builds_a_has_role_class():
    permission = role_permission(STAFF_CODE, 7)

    assert issubclass(permission, HasRole)
    assert permission.allowed_roles == (STAFF_CODE, 7)


def test_unauthenticated_user_is_refused_whatever_the_token_says():
    request = fake_request(SUPER_USER_CODE, user=AnonymousUser())

    assert IsSuperUserRole().has_permission(request, view=None) is False


def test_without_a_token_role_the_user_decides():
    """Session-authenticated requests (no token) use the user's own role."""
    staff = SimpleNamespace(is_authenticated=True, is_staff=True)

    assert request_role(fake_request(user=staff)) == STAFF_CODE
    assert IsStaffRole().has_permission(fake_request(user=staff), view=None) is True
