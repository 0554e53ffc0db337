"""providers/, connect/token|code/, accounts/ and accounts/<id>/."""

from __future__ import annotations

import pytest
from allauth.socialaccount.models import SocialAccount
from rest_framework.test import APIClient

from tests.helpers.mfa import access_for
from tests.helpers.social import CALLBACK, CLIENT_ID, PROVIDER, SECRET, VERIFIER

pytestmark = pytest.mark.django_db


def client_of(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {access_for(user)}")
    return client


def test_providers_list_ids_names_and_public_client_ids_only(idp):
    response = APIClient().get("/auth/social/providers/")
    assert response.status_code == 200
    assert response.json() == [{"id": PROVIDER, "name": "Acme ID", "client_id": CLIENT_ID}]
    assert SECRET not in response.content.decode()


def test_connect_by_id_token_links_to_the_caller(idp, user):
    client = client_of(user)
    response = client.post(
        f"/auth/social/{PROVIDER}/connect/token/",
        {"id_token": idp.id_token(sub="sub-c", email="elsewhere@example.com")},
        format="json",
    )
    assert response.status_code == 201, response.data
    account = SocialAccount.objects.get()
    assert account.user == user
    assert response.data == {
        "id": account.pk,
        "provider": PROVIDER,
        "uid": "sub-c",
        "last_login": response.data["last_login"],
        "date_joined": response.data["date_joined"],
    }
    again = client.post(
        f"/auth/social/{PROVIDER}/connect/token/",
        {"id_token": idp.id_token(sub="sub-c")},
        format="json",
    )
    assert again.status_code == 200
    assert SocialAccount.objects.count() == 1


def test_connect_by_code_links_to_the_caller(idp, user):
    body = {"code": idp.issue_code(sub="sub-cc"), "callback_url": CALLBACK}
    body["code_verifier"] = VERIFIER
    response = client_of(user).post(f"/auth/social/{PROVIDER}/connect/code/", body, format="json")
    assert response.status_code == 201, response.data
    assert SocialAccount.objects.get().user == user


def test_connect_of_someone_elses_provider_account_is_refused(idp, user, user_factory):
    other = user_factory()
    SocialAccount.objects.create(user=other, provider=PROVIDER, uid="sub-taken")
    response = client_of(user).post(
        f"/auth/social/{PROVIDER}/connect/token/",
        {"id_token": idp.id_token(sub="sub-taken")},
        format="json",
    )
    assert response.status_code == 409
    assert response.data == {
        "detail": "This provider account is already linked to another user.",
        "code": "social_account_in_use",
    }
    assert SocialAccount.objects.get().user == other


@pytest.mark.parametrize("path", ["connect/token/", "connect/code/"])
def test_connect_needs_a_signed_in_caller(idp, path):
    response = APIClient().post(f"/auth/social/{PROVIDER}/{path}", {}, format="json")
    assert response.status_code == 401
    assert response.data["code"] == "not_authenticated"


@pytest.mark.parametrize("path", ["connect/token/", "connect/code/"])
def test_connect_with_a_bad_credential_links_nothing(idp, user, other_key, path):
    body = {"id_token": idp.id_token(key=other_key)}
    if path == "connect/code/":
        body = {"code": "never-issued", "callback_url": CALLBACK, "code_verifier": VERIFIER}
    response = client_of(user).post(f"/auth/social/{PROVIDER}/{path}", body, format="json")
    assert response.status_code == 401
    assert response.data["code"] == "invalid_social_token"
    assert not SocialAccount.objects.exists()


def test_accounts_lists_only_the_callers(idp, user, user_factory):
    mine = SocialAccount.objects.create(user=user, provider=PROVIDER, uid="a")
    SocialAccount.objects.create(user=user_factory(), provider=PROVIDER, uid="b")
    response = client_of(user).get("/auth/social/accounts/")
    assert response.status_code == 200
    assert [(a["id"], a["uid"]) for a in response.data] == [(mine.pk, "a")]
    assert "extra_data" not in response.data[0]


def test_disconnect_removes_a_link(idp, user):
    account = SocialAccount.objects.create(user=user, provider=PROVIDER, uid="a")
    response = client_of(user).delete(f"/auth/social/accounts/{account.pk}/")
    assert response.status_code == 204
    assert not SocialAccount.objects.exists()


def test_disconnect_of_the_last_way_in_is_refused(idp, user):
    user.set_unusable_password()
    user.save()
    account = SocialAccount.objects.create(user=user, provider=PROVIDER, uid="a")
    response = client_of(user).delete(f"/auth/social/accounts/{account.pk}/")
    assert response.status_code == 400
    assert response.data == {
        "detail": "This is your last way to sign in; set a password or link another provider "
        "first.",
        "code": "disconnect_not_allowed",
    }
    assert SocialAccount.objects.exists()


def test_disconnect_with_another_link_left_is_allowed_without_password(idp, user):
    user.set_unusable_password()
    user.save()
    first = SocialAccount.objects.create(user=user, provider=PROVIDER, uid="a")
    SocialAccount.objects.create(user=user, provider="github", uid="b")
    assert client_of(user).delete(f"/auth/social/accounts/{first.pk}/").status_code == 204
    assert SocialAccount.objects.count() == 1


def test_disconnect_of_someone_elses_account_is_404(idp, user, user_factory):
    theirs = SocialAccount.objects.create(user=user_factory(), provider=PROVIDER, uid="b")
    response = client_of(user).delete(f"/auth/social/accounts/{theirs.pk}/")
    assert response.status_code == 404
    assert response.data == {
        "detail": "No such linked account.",
        "code": "social_account_not_found",
    }
    assert SocialAccount.objects.exists()


def test_url_names_follow_jwt_allauth_1x(idp):
    from django.urls import reverse

    assert reverse("jwt_allauth_social_providers") == "/auth/social/providers/"
    assert reverse("jwt_allauth_social_accounts") == "/auth/social/accounts/"
    assert reverse("jwt_allauth_social_disconnect", args=[3]) == "/auth/social/accounts/3/"
    for name, tail in [
        ("jwt_allauth_social_token_login", "token/"),
        ("jwt_allauth_social_code_login", "code/"),
        ("jwt_allauth_social_token_connect", "connect/token/"),
        ("jwt_allauth_social_code_connect", "connect/code/"),
    ]:
        assert reverse(name, args=["google"]) == f"/auth/social/google/{tail}"


@pytest.mark.parametrize("account_id", ["-1", "abc", "1.5", "٣"])
def test_disconnect_of_a_malformed_id_is_the_same_coded_404(idp, user, account_id):
    response = client_of(user).delete(f"/auth/social/accounts/{account_id}/")
    assert response.status_code == 404
    assert response.data == {
        "detail": "No such linked account.",
        "code": "social_account_not_found",
    }
