"""User-derived claims: dotted attribute paths resolved and made JSON-safe."""

from __future__ import annotations

import datetime
import decimal
import uuid
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

from jwt_allauth.sessions.claims import build_user_claims, resolve_attribute, to_claim_value
from jwt_allauth.sessions.tokens import AccessToken, RefreshToken
from tests.helpers import PASSWORD
from tests.testapp.models import Organization, Profile

HAS_ORGANIZATION = "organization" in {f.name for f in get_user_model()._meta.get_fields()}


def log_in(user) -> tuple[AccessToken, RefreshToken]:
    response = APIClient().post(
        "/auth/login/", {"email": user.email, "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200, response.data
    access = AccessToken.decode(response.data["access"])
    return access, RefreshToken.decode(response.cookies["refresh_token"].value)


def test_resolve_attribute_on_none_is_none():
    assert resolve_attribute(None, "organization.id") is None


def test_resolve_attribute_follows_the_path():
    obj = SimpleNamespace(a=SimpleNamespace(b=SimpleNamespace(c=3)))

    assert resolve_attribute(obj, "a.b.c") == 3
    assert resolve_attribute(obj, "a.b") is obj.a.b


@pytest.mark.parametrize("path", ["missing", "a.missing", "a.b.c.d", "a.none.c"])
def test_resolve_attribute_missing_attribute_or_none_on_the_way_is_none(path):
    obj = SimpleNamespace(a=SimpleNamespace(b=SimpleNamespace(c=3), none=None))

    assert resolve_attribute(obj, path) is None


def test_resolve_attribute_missing_reverse_relation_is_none(user):
    """``user.profile`` raises RelatedObjectDoesNotExist when no Profile row exists."""
    with pytest.raises(Profile.DoesNotExist):
        user.profile  # noqa: B018

    assert resolve_attribute(user, "profile") is None
    assert resolve_attribute(user, "profile.organization.id") is None


def test_resolve_attribute_through_relations(user):
    organization = Organization.objects.create(name="Acme")
    Profile.objects.create(user=user, organization=organization)
    user = get_user_model().objects.get(pk=user.pk)

    assert resolve_attribute(user, "profile.organization.id") == organization.pk
    assert resolve_attribute(user, "profile.organization.name") == "Acme"


def test_resolve_attribute_null_foreign_key_is_none(user):
    Profile.objects.create(user=user, organization=None)

    assert resolve_attribute(user, "profile.organization.id") is None


@pytest.mark.parametrize(
    ("value", "claim"),
    [
        (None, None),
        (True, True),
        (0, 0),
        (1.5, 1.5),
        ("text", "text"),
        (uuid.UUID("12345678-1234-5678-1234-567812345678"), "12345678-1234-5678-1234-567812345678"),
        (decimal.Decimal("10.50"), "10.50"),
        (
            datetime.datetime(2024, 5, 6, 7, 8, 9, tzinfo=datetime.timezone.utc),
            "2024-05-06T07:08:09+00:00",
        ),
        (datetime.date(2024, 5, 6), "2024-05-06"),
        (datetime.time(7, 8), "07:08:00"),
        ([uuid.UUID(int=1), 2], ["00000000-0000-0000-0000-000000000001", 2]),
        ((decimal.Decimal("1"),), ["1"]),
        ({"a": decimal.Decimal("1"), "b": [None]}, {"a": "1", "b": [None]}),
        (datetime.timedelta(minutes=1), "0:01:00"),
    ],
)
def test_to_claim_value_makes_values_json_safe(value, claim):
    assert to_claim_value(value) == claim


def test_to_claim_value_of_a_model_instance_is_its_primary_key(db):
    organization = Organization.objects.create(name="Acme")

    assert to_claim_value(organization) == organization.pk


def test_build_user_claims_always_has_the_role(user):
    assert build_user_claims(user) == {"role": 0}


def test_configured_attributes_land_in_both_tokens(user, settings):
    settings.JWT_ALLAUTH_USER_ATTRIBUTES = {
        "organization_id": "profile.organization.id",
        "organization": "profile.organization",
        "organization_name": "profile.organization.name",
        "joined": "date_joined" if hasattr(user, "date_joined") else "last_login",
        "nothing": "profile.no_such_attribute",
    }
    organization = Organization.objects.create(name="Acme")
    Profile.objects.create(user=user, organization=organization)

    access, refresh = log_in(user)

    for token in (access, refresh):
        assert token["organization_id"] == organization.pk
        assert token["organization"] == organization.pk
        assert token["organization_name"] == "Acme"
        assert token["nothing"] is None
        assert token["role"] == 0
    joined = user.date_joined if hasattr(user, "date_joined") else None
    assert access["joined"] == (joined.isoformat() if joined else None)


def test_a_missing_relation_gives_a_null_claim_not_an_error(user, settings):
    settings.JWT_ALLAUTH_USER_ATTRIBUTES = {"organization_id": "profile.organization.id"}

    access, _ = log_in(user)

    assert access["organization_id"] is None


def test_claims_are_read_again_on_refresh(user, settings):
    settings.JWT_ALLAUTH_USER_ATTRIBUTES = {"organization_name": "profile.organization.name"}
    profile = Profile.objects.create(user=user, organization=Organization.objects.create(name="A"))
    _, refresh = log_in(user)
    profile.organization = Organization.objects.create(name="B")
    profile.save()

    client = APIClient()
    client.cookies["refresh_token"] = str(refresh)
    response = client.post("/auth/refresh/", format="json")

    assert response.status_code == 200, response.data
    assert AccessToken.decode(response.data["access"])["organization_name"] == "B"


@pytest.mark.skipif(not HAS_ORGANIZATION, reason="needs the custom user model")
def test_direct_foreign_key_on_the_custom_user_model(user_factory, settings):
    settings.JWT_ALLAUTH_USER_ATTRIBUTES = {"organization_id": "organization.id"}
    organization = Organization.objects.create(name="Acme")

    access, _ = log_in(user_factory(organization=organization))

    assert access["organization_id"] == organization.pk


def test_no_attributes_configured_adds_only_the_standard_claims(user):
    access, _ = log_in(user)

    assert set(access.payload) == {
        "token_type",
        "exp",
        "iat",
        "jti",
        "user_id",
        "sid",
        "auth_time",
        "role",
    }
