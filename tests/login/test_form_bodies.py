"""Form-encoded and multipart bodies are read like JSON; another site's form is refused.

The clients here run Django's CSRF check as a browser would meet it
(``enforce_csrf_checks``): Django's test client skips it otherwise.
"""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from rest_framework.test import APIClient

from jwt_allauth.sessions.models import UserSession
from tests.helpers import PASSWORD

URL = "/auth/login/"
REFUSED = {
    "detail": "A form from another site cannot post here. Send JSON, or post from this site.",
    "code": "cross_site_form",
}


def browser() -> APIClient:
    return APIClient(enforce_csrf_checks=True)


def credentials(user) -> dict:
    return {"email": user.email, "password": PASSWORD}


@pytest.mark.parametrize("fmt", ["multipart", None], ids=["multipart", "form"])
def test_a_form_login_without_browser_headers_works(user, fmt):
    """A non-browser client (no Origin, no Referer), as 1.x's form clients post."""
    client = browser()
    if fmt == "multipart":
        response = client.post(URL, credentials(user), format="multipart")
    else:
        response = client.post(
            URL,
            f"email={user.email}&password={PASSWORD.replace(' ', '+')}",
            content_type="application/x-www-form-urlencoded",
        )

    assert response.status_code == 200, response.data
    assert response.data["access"]
    assert UserSession.objects.filter(user=user).count() == 1


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ORIGIN": "http://testserver"},
        {"HTTP_REFERER": "http://testserver/sign-in/"},
        {"HTTP_ORIGIN": "https://testserver", "secure": True},
    ],
    ids=["origin", "referer", "https-origin"],
)
def test_a_same_site_form_login_works(user, headers):
    response = browser().post(URL, credentials(user), format="multipart", **headers)

    assert response.status_code == 200, response.data
    assert UserSession.objects.filter(user=user).count() == 1


def test_a_trusted_origin_may_post_a_form(user, settings):
    settings.CSRF_TRUSTED_ORIGINS = ["https://app.example.com"]

    response = browser().post(
        URL, credentials(user), format="multipart", HTTP_ORIGIN="https://app.example.com"
    )

    assert response.status_code == 200, response.data


def test_a_form_with_djangos_token_works_from_any_referer(user):
    """A page of ours rendered with ``{% csrf_token %}``: the pair proves it."""
    client = browser()
    client.cookies[django_settings.CSRF_COOKIE_NAME] = "a" * 32
    body = {**credentials(user), "csrfmiddlewaretoken": "a" * 32}

    response = client.post(URL, body, format="multipart")

    assert response.status_code == 200, response.data


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_ORIGIN": "null"},
        {"HTTP_REFERER": "https://evil.example/page"},
        {"HTTP_REFERER": "not a url"},
        {"HTTP_ORIGIN": "https://testserver.evil.example", "secure": True},
    ],
    ids=["other-origin", "hidden-origin", "other-referer", "garbled-referer", "lookalike"],
)
@pytest.mark.parametrize("fmt", ["multipart", "form"])
def test_a_cross_site_form_login_is_refused(user, headers, fmt):
    """Login CSRF: another site's form would sign its visitor in as the attacker."""
    client = browser()
    if fmt == "multipart":
        response = client.post(URL, credentials(user), format="multipart", **headers)
    else:
        body = f"email={user.email}&password={PASSWORD}"
        response = client.post(
            URL, body, content_type="application/x-www-form-urlencoded", **headers
        )

    assert response.status_code == 403
    assert response.data == REFUSED
    assert not UserSession.objects.exists()


def test_json_needs_no_origin_proof(user):
    """A page on another site cannot send JSON without a CORS preflight."""
    response = browser().post(
        URL, credentials(user), format="json", HTTP_ORIGIN="https://spa.elsewhere.example"
    )

    assert response.status_code == 200, response.data


def test_a_form_registration_from_another_site_is_refused(db):
    body = {"email": "new@example.com", "password1": PASSWORD, "password2": PASSWORD}

    refused = browser().post(
        "/auth/registration/", body, format="multipart", HTTP_ORIGIN="https://evil.example"
    )
    accepted = browser().post("/auth/registration/", body, format="multipart")

    assert (refused.status_code, refused.data) == (403, REFUSED)
    assert accepted.status_code == 201, accepted.data


def test_a_form_password_change_with_a_bearer_token_needs_no_origin(user):
    """A bearer token is a header another site's form cannot send."""
    access = APIClient().post(URL, credentials(user), format="json").data["access"]
    body = {
        "old_password": PASSWORD,
        "new_password1": "n3w pass phrase!",
        "new_password2": "n3w pass phrase!",
    }

    response = browser().post(
        "/auth/password/change/",
        body,
        format="multipart",
        HTTP_AUTHORIZATION=f"Bearer {access}",
        HTTP_ORIGIN="https://elsewhere.example",
    )

    assert response.status_code == 200, response.data


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        (
            "application/x-www-form-urlencoded; charset=raw_unicode_escape",
            "email=\\ud800&password=x",
        ),
        (
            "multipart/form-data; boundary=X; charset=raw_unicode_escape",
            '--X\r\nContent-Disposition: form-data; name="email"\r\n\r\n\\ud800\r\n--X--\r\n',
        ),
    ],
    ids=["form", "multipart"],
)
def test_a_form_body_spelling_a_lone_surrogate_is_a_field_error(user, content_type, body):
    response = APIClient().generic("POST", URL, body.encode("ascii"), content_type=content_type)

    assert response.status_code == 400
    assert response.data == {
        "email": ["Text with a lone surrogate (U+D800 to U+DFFF) is not accepted."]
    }
    assert response.data["email"][0].code == "surrogate_characters_not_allowed"
