"""dj-rest-auth's SocialLoginView/SocialConnectView, answering with our sessions."""

from __future__ import annotations

import pytest
from allauth.socialaccount.models import SocialAccount
from rest_framework.test import APIClient

from tests.helpers.mfa import access_for
from tests.helpers.social import VERIFIER, nothing_written

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def compat_urls(settings):
    settings.ROOT_URLCONF = "tests.social.compat_urls"


def test_code_through_a_subclassed_view_opens_a_session(idp):
    body = {"code": idp.issue_code(sub="sub-d"), "code_verifier": VERIFIER}
    response = APIClient().post("/dj-rest-auth/acme/", body, format="json")
    assert response.status_code == 200, response.data
    assert set(response.data) == {"access"}
    assert SocialAccount.objects.get().uid == "sub-d"


def test_access_token_and_id_token_through_a_subclassed_view(idp):
    client = APIClient()
    assert (
        client.post(
            "/dj-rest-auth/acme/", {"access_token": "good-access-token"}, format="json"
        ).status_code
        == 200
    )
    response = client.post(
        "/dj-rest-auth/acme/", {"id_token": idp.id_token(sub="sub-e")}, format="json"
    )
    assert response.status_code == 200
    assert SocialAccount.objects.count() == 2


def test_bad_credentials_through_a_subclassed_view(idp, other_key):
    client = APIClient()
    bad = client.post(
        "/dj-rest-auth/acme/", {"id_token": idp.id_token(key=other_key)}, format="json"
    )
    assert (bad.status_code, bad.data["code"]) == (401, "invalid_social_token")
    empty = client.post("/dj-rest-auth/acme/", {}, format="json")
    assert empty.status_code == 400
    assert [e.code for e in empty.data["access_token"]] == ["required"]
    assert nothing_written()


def test_connect_view_links_to_the_caller(idp, user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {access_for(user)}")
    response = client.post(
        "/dj-rest-auth/acme/connect/", {"id_token": idp.id_token(sub="sub-f")}, format="json"
    )
    assert response.status_code == 201, response.data
    assert SocialAccount.objects.get().user == user


def test_a_subclass_whose_provider_has_no_app_is_404(idp, settings):
    from allauth.socialaccount.models import SocialApp

    SocialApp.objects.all().delete()
    response = APIClient().post("/dj-rest-auth/acme/", {"access_token": "x"}, format="json")
    assert response.status_code == 404
    assert response.data["code"] == "provider_not_configured"
