"""Both cookie-authorized POSTs take Django's CSRF pair, as 1.x front ends send it.

The link's redirect sets ``csrftoken``; the POST echoes it in ``X-CSRFToken``.
``X-Requested-With`` stays a second accepted proof; a cross-site form has neither.
"""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from django.core import mail
from rest_framework.test import APIClient

from jwt_allauth.roles import STAFF_CODE
from tests.helpers.password import NEW_PASSWORD, path_of
from tests.helpers.password import link_in as reset_link_in
from tests.helpers.registration import bearer, invite
from tests.helpers.registration import link_in as invitation_link_in

BODY = {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}


@pytest.fixture(params=["reset", "invitation"])
def flow(request, user_factory, settings, mailoutbox):
    """A browser-like client that opened the mailed link, and the path its form POSTs to."""
    if request.param == "reset":
        user = user_factory(email="alice@example.com")
        response = APIClient().post("/auth/password/reset/", {"email": user.email}, format="json")
        assert response.status_code == 200
        link, target = path_of(reset_link_in(mail.outbox[-1].body)), "/auth/password/reset/set-new/"
    else:
        settings.JWT_ALLAUTH_ADMIN_MANAGED_REGISTRATION = True
        staff = user_factory(email="staff@example.com", is_staff=True, role=STAFF_CODE)
        assert invite(bearer(staff)).status_code == 201
        link, target = invitation_link_in(mail.outbox[-1].body), "/auth/registration/set-password/"
    client = APIClient(enforce_csrf_checks=True)
    opened = client.get(link)
    assert opened.status_code == 302
    assert opened.cookies[django_settings.CSRF_COOKIE_NAME].value
    return client, target


def token(client: APIClient) -> str:
    return client.cookies[django_settings.CSRF_COOKIE_NAME].value


def test_the_csrf_pair_is_accepted(flow):
    client, target = flow

    response = client.post(target, BODY, format="json", HTTP_X_CSRFTOKEN=token(client))

    assert response.status_code == 200, response.data
    assert response.data["detail"]


def test_the_csrf_pair_over_https_from_our_origin_is_accepted(flow):
    client, target = flow

    response = client.post(
        target,
        BODY,
        format="json",
        secure=True,
        HTTP_X_CSRFTOKEN=token(client),
        HTTP_ORIGIN="https://testserver",
    )

    assert response.status_code == 200, response.data


@pytest.mark.parametrize(
    "extra",
    [
        {},
        {"HTTP_X_CSRFTOKEN": "x" * 32},
        {"HTTP_ORIGIN": "https://evil.example", "secure": True, "echo": True},
    ],
    ids=["no-proof", "wrong-token", "other-origin"],
)
def test_a_cross_site_post_without_a_proof_is_refused(flow, extra):
    client, target = flow
    extra = dict(extra)
    if extra.pop("echo", False):
        extra["HTTP_X_CSRFTOKEN"] = token(client)

    form = client.post(target, BODY, **extra)
    as_json = client.post(target, BODY, format="json", **extra)

    for response in (form, as_json):
        assert response.status_code == 403
        assert response.data == {
            "detail": "This request needs the X-Requested-With header or Django's CSRF token.",
            "code": "csrf_header_missing",
        }
    # The grant is still alive for the real page.
    assert (
        client.post(target, BODY, format="json", HTTP_X_REQUESTED_WITH="fetch").status_code == 200
    )
