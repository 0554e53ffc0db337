"""Helpers for walking the reset flow as a client would."""

from __future__ import annotations

import pytest
from django.core import mail
from rest_framework.test import APIClient

from tests.helpers.password import (
    RESET_URL,
    link_in,
    path_of,
)


@pytest.fixture
def request_link(mailoutbox):
    """``request_link(email)`` -> the path of the link mailed for it."""

    def do(email: str) -> str:
        response = APIClient().post(RESET_URL, {"email": email}, format="json")
        assert response.status_code == 200, response.data
        return path_of(link_in(mail.outbox[-1].body))

    return do


@pytest.fixture
def open_link():
    """``open_link(path)`` -> a client holding the reset cookie, and the GET response."""

    def do(path: str) -> tuple[APIClient, object]:
        client = APIClient(enforce_csrf_checks=True)  # a browser: Django's CSRF check applies
        response = client.get(path)
        return client, response

    return do


@pytest.fixture
def reset_client(user, request_link, open_link):
    """A client that followed a fresh reset link for ``user``."""
    client, response = open_link(request_link(user.email))
    assert response.status_code == 302
    return client
