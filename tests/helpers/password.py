"""Helpers shared by the password tests (their fixtures live in tests/password/conftest.py)."""

from __future__ import annotations

import re
from datetime import timedelta

import time_machine
from django.utils import timezone
from rest_framework.test import APIClient

NEW_PASSWORD = "a brand new passphrase 42"


RESET_URL = "/auth/password/reset/"


SET_NEW_URL = "/auth/password/reset/set-new/"


CHANGE_URL = "/auth/password/change/"


COOKIE = "password_reset_access_token"


LINK_PATTERN = re.compile(r"https?://\S+/auth/password/reset/confirm/[^/\s]+/[^/\s]+/")


AJAX = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}


STRONG_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]


def travel(seconds: float):
    """Time travel that keeps naive local time right (Django's reset tokens use it)."""
    return time_machine.travel(timezone.localtime() + timedelta(seconds=seconds))


def link_in(text: str) -> str:
    """The reset link in a mail's text part."""
    found = LINK_PATTERN.findall(text)
    assert len(found) == 1, text
    return found[0]


def path_of(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def set_new(
    client: APIClient, password1: str = NEW_PASSWORD, password2: str | None = None, **extra
):
    body = {"new_password1": password1, "new_password2": password2 or password1}
    return client.post(SET_NEW_URL, body, format="json", **{**AJAX, **extra})


def can_log_in(email: str, password: str) -> bool:
    response = APIClient().post(
        "/auth/login/", {"email": email, "password": password}, format="json"
    )
    return response.status_code == 200
