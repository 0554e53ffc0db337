"""Helpers shared by the registration tests; their fixtures are in its conftest.py."""

from __future__ import annotations

import re

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

from jwt_allauth.roles import USER_CODE
from jwt_allauth.sessions.tokens import AccessToken
from tests.helpers import PASSWORD

REGISTER_URL = "/auth/registration/"


RESEND_URL = "/auth/registration/resend-email/"


INVITE_URL = "/auth/registration/user-register/"


SET_PASSWORD_URL = "/auth/registration/set-password/"


SET_PASSWORD_PAGE = "/auth/registration/set-password/default/"


VERIFIED_PAGE = "/auth/registration/verified/"


COOKIE = "set_password_access_token"


NEW_PASSWORD = "a long and unusual passphrase 7"


INVITEE = "invitee@example.com"


SENT = {"detail": "Verification e-mail sent."}


RESENT = {"detail": "If this address awaits verification, a new link has been sent to it."}


AJAX = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}


LINK_PATTERN = re.compile(r"https?://[^/\s]+(/auth/registration/verification/[^/\s]+/)")


STRONG_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]


def sign_up(email: str, password: str = NEW_PASSWORD, client: APIClient | None = None, **fields):
    body = {"email": email, "password1": password, "password2": password, **fields}
    return (client or APIClient()).post(REGISTER_URL, body, format="json")


def resend(email: str, client: APIClient | None = None):
    return (client or APIClient()).post(RESEND_URL, {"email": email}, format="json")


def link_in(text: str) -> str:
    """The path of the one verification link in a mail's text."""
    found = LINK_PATTERN.findall(text)
    assert len(found) == 1, text
    return found[0]


def users_with(email: str) -> list:
    User = get_user_model()
    return list(User.objects.filter(**{f"{User.get_email_field_name()}__iexact": email}))


def address_of(email: str) -> EmailAddress:
    return EmailAddress.objects.get(email__iexact=email)


def log_in(email: str, password: str = NEW_PASSWORD):
    body = {"email": email, "password": password}
    return APIClient().post("/auth/login/", body, format="json")


def user_of(access: str):
    return get_user_model().objects.get(pk=AccessToken.decode(access).user_id)


def bearer(user) -> APIClient:
    """A client authenticated as ``user`` (who has the shared test password)."""
    access = log_in(user.email, PASSWORD).data["access"]
    return APIClient(HTTP_AUTHORIZATION=f"Bearer {access}")


def invite(client: APIClient, email: str = INVITEE, role=USER_CODE, **names):
    return client.post(INVITE_URL, {"email": email, "role": role, **names}, format="json")


def set_password(client: APIClient, password1: str = NEW_PASSWORD, password2=None, **extra):
    body = {"new_password1": password1, "new_password2": password2 or password1}
    return client.post(SET_PASSWORD_URL, body, format="json", **{**AJAX, **extra})


def has_role_field() -> bool:
    return any(field.name == "role" for field in get_user_model()._meta.get_fields())
