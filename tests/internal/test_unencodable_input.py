"""Strings that cannot be encoded (lone surrogates) are refused, never a 500.

JSON can spell a lone surrogate (``"\\ud800"``) and Python decodes it into a str
that UTF-8 cannot encode; hashing it, querying with it or rendering it raised
UnicodeEncodeError. A body field answers a 400 field error, a token a 401.
"""

from __future__ import annotations

import json
import re
import uuid

import pytest
from django.apps import apps
from django.core.cache import cache
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

from jwt_allauth import exceptions
from jwt_allauth.app_settings import DEFAULT_THROTTLE_RATES
from jwt_allauth.exceptions import UNENCODABLE_MESSAGE
from jwt_allauth.grants.cookies import PASSWORD_RESET_COOKIE, SET_PASSWORD_COOKIE
from jwt_allauth.sessions.tokens import AccessToken, RefreshToken
from tests.helpers import PASSWORD

SURROGATE = "\ud800"
UNENCODABLE = {"email": ["Text with a lone surrogate (U+D800 to U+DFFF) is not accepted."]}
AJAX = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}
# Every field name any endpoint of the package reads.
FIELDS = (
    "email",
    "password",
    "password1",
    "password2",
    "old_password",
    "new_password1",
    "new_password2",
    "first_name",
    "last_name",
    "role",
    "refresh",
    "token",
    "challenge_id",
    "setup_challenge_id",
    "code",
    "recovery_code",
)


def field_error(field: str) -> dict[str, list[str]]:
    return {field: UNENCODABLE["email"]}


def coded(exc_class: type) -> dict[str, str]:
    return {"detail": str(exc_class.default_detail), "code": exc_class.default_code}


def post_json(path: str, body, client: APIClient | None = None, **extra):
    """POST a JSON text as sent on the wire: lone surrogates escaped, as JSON allows."""
    text = json.dumps(body, ensure_ascii=True)
    return (client or APIClient()).post(path, text, content_type="application/json", **extra)


@pytest.fixture
def all_features(settings):
    mfa = apps.is_installed("allauth.mfa")  # not without the mfa extra
    settings.JWT_ALLAUTH_MFA_TOTP_MODE = "optional" if mfa else "disabled"
    settings.JWT_ALLAUTH_THROTTLE_RATES = dict.fromkeys(DEFAULT_THROTTLE_RATES)


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/auth/login/", "email"),
        ("/auth/login/", "password"),
        ("/auth/password/reset/", "email"),
        ("/auth/registration/", "email"),
        ("/auth/registration/resend-email/", "email"),
    ],
)
def test_a_lone_surrogate_in_a_field_is_a_field_error(db, settings, path, field):
    settings.EMAIL_VERIFICATION = "mandatory"
    body = {"email": "jane@example.com", "password": PASSWORD, field: f"a{SURROGATE}@b.io"}

    response = post_json(path, body)

    assert (response.status_code, response.json()) == (400, field_error(field))
    assert response.data[field][0].code == "surrogate_characters_not_allowed"


def test_a_surrogate_anywhere_in_the_document_is_reported_on_its_top_level_field(db):
    body = {"email": "jane@example.com", "password": ["ok", {"deep": SURROGATE}]}

    response = post_json("/auth/login/", body)

    assert (response.status_code, response.json()) == (400, field_error("password"))


def test_a_surrogate_in_a_key_is_a_non_field_error(db):
    body = {"email": "jane@example.com", "password": PASSWORD, SURROGATE: "x"}

    response = post_json("/auth/login/", body)

    assert (response.status_code, response.json()) == (400, field_error("non_field_errors"))


def test_a_surrogate_in_a_top_level_string_is_a_non_field_error(db):
    response = post_json("/auth/login/", SURROGATE)

    assert (response.status_code, response.json()) == (400, field_error("non_field_errors"))


def test_a_surrogate_in_the_refresh_field_is_an_invalid_token(db, settings):
    settings.JWT_ALLAUTH_REFRESH_TOKEN_AS_COOKIE = False

    response = post_json("/auth/refresh/", {"refresh": f"a.b{SURROGATE}.c"})

    assert (response.status_code, response.json()) == (401, coded(exceptions.InvalidToken))


@pytest.mark.parametrize("token_class", [AccessToken, RefreshToken])
@pytest.mark.parametrize("raw", [f"a.b{SURROGATE}.c", "a.b\ufffd.c", "\u00e9"])
def test_a_token_that_is_not_ascii_is_invalid(raw, token_class):
    """Cookies and headers arrive decoded from Latin-1 (WSGI, ASGI): no surrogates there,
    but any non-ASCII text; the token check refuses both before anything encodes it."""
    with pytest.raises(exceptions.InvalidToken):
        token_class.decode(raw)


def test_a_non_ascii_refresh_cookie_is_an_invalid_token(db, settings):
    settings.JWT_ALLAUTH_REFRESH_TOKEN_AS_COOKIE = True
    client = APIClient()
    client.cookies["refresh_token"] = "a.b\u00e9.c"

    response = client.post("/auth/refresh/")

    assert (response.status_code, response.json()) == (401, coded(exceptions.InvalidToken))


def test_a_surrogate_refresh_token_at_logout_is_no_credential(db, settings):
    """logout/ is [Authenticated]: a refresh token alone, even an unencodable one, is a 401."""
    settings.JWT_ALLAUTH_REFRESH_TOKEN_AS_COOKIE = False

    response = post_json("/auth/logout/", {"refresh": SURROGATE})

    assert (response.status_code, response.json()) == (
        401,
        {"detail": "Authentication credentials were not provided.", "code": "not_authenticated"},
    )


def test_a_surrogate_token_at_verify_is_an_invalid_token(db):
    response = post_json("/auth/token/verify/", {"token": SURROGATE})

    assert (response.status_code, response.json()) == (401, coded(exceptions.InvalidToken))


def test_a_surrogate_in_the_authorization_header_is_an_invalid_token(db):
    response = APIClient().get("/auth/user/", HTTP_AUTHORIZATION=f"Bearer a.b{SURROGATE}.c")

    assert (response.status_code, response.json()) == (401, coded(exceptions.InvalidToken))


@pytest.mark.parametrize(
    ("path", "cookie"),
    [
        ("/auth/password/reset/set-new/", "password_reset_access_token"),
        ("/auth/registration/set-password/", "set_password_access_token"),
    ],
)
def test_a_non_ascii_grant_cookie_is_an_invalid_grant(db, settings, path, cookie):
    settings.JWT_ALLAUTH_ADMIN_MANAGED_REGISTRATION = True
    client = APIClient()
    client.cookies[cookie] = "secret\u00e9"
    body = {"new_password1": "a new passphrase 77", "new_password2": "a new passphrase 77"}

    response = post_json(path, body, client, **AJAX)

    assert (response.status_code, response.json()) == (403, coded(exceptions.GrantInvalid))


@pytest.mark.parametrize("grant_cookie", [PASSWORD_RESET_COOKIE, SET_PASSWORD_COOKIE])
def test_a_surrogate_grant_cookie_is_an_invalid_grant(rf, grant_cookie):
    request = rf.post("/", **AJAX)
    request.COOKIES[grant_cookie.name] = f"secret{SURROGATE}"

    with pytest.raises(exceptions.GrantInvalid):
        grant_cookie.read(request)


@pytest.mark.skipif(not apps.is_installed("allauth.mfa"), reason="needs the mfa extra")
@pytest.mark.parametrize("field", ["challenge_id", "code"])
def test_mfa_inputs_answer_the_field_error_too(db, all_features, field):
    body = {"challenge_id": "c" * 20, "code": "123456", field: SURROGATE}

    response = post_json("/auth/mfa/verify/", body)

    assert response.status_code == 400
    assert response.json() == {field: [str(UNENCODABLE_MESSAGE)]}


@pytest.mark.parametrize("agent", [f"Browser/1.0 {SURROGATE}", "Browser/1.0 \x00"])
def test_a_user_agent_that_cannot_be_stored_is_cleaned(user, agent, settings):
    settings.JWT_ALLAUTH_REFRESH_TOKEN_AS_COOKIE = False
    body = {"email": user.email, "password": PASSWORD}

    response = post_json("/auth/login/", body, HTTP_USER_AGENT=agent)

    assert response.status_code == 200
    assert set(response.json()) == {"access", "refresh"}


# Every route the package mounts, every method its view answers.


def sample_path(route: str) -> str:
    """A concrete path for a route: path converters get a sample value of their type."""
    samples = {"uuid": str(uuid.uuid4()), "int": "1"}
    return re.sub(r"<(?:(\w+):)?\w+>", lambda m: samples.get(m.group(1) or "str", "x"), route)


def routes(resolver: URLResolver, prefix: str = "") -> list[tuple[str, object]]:
    found = []
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            found += routes(pattern, route)
        elif isinstance(pattern, URLPattern):
            found.append((route, pattern.callback))
    return found


def methods_of(callback) -> list[str]:
    view = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
    if view is None:
        return ["get", "post"]
    return [m for m in ("get", "post", "put", "patch", "delete") if hasattr(view, m)]


def every_route(settings_overrides: dict) -> list[tuple[str, str]]:
    from django.test import override_settings

    from tests.helpers.routing import reload_urlconfs

    with override_settings(**settings_overrides):
        reload_urlconfs()
        resolver = get_resolver("tests.urls").url_patterns
        auth = next(p for p in resolver if str(p.pattern) == "auth/")
        found = [
            (sample_path("/auth/" + route), method)
            for route, callback in routes(auth)
            for method in methods_of(callback)
        ]
    reload_urlconfs()
    return found


OPEN = {"EMAIL_VERIFICATION": "optional"}
MANAGED = {**OPEN, "JWT_ALLAUTH_ADMIN_MANAGED_REGISTRATION": True}
ROUTES = sorted(
    {(path, method, False) for path, method in every_route(OPEN)}
    | {(path, method, True) for path, method in every_route(MANAGED)}
)


@pytest.fixture
def staff_access(user_factory, settings) -> str:
    mfa = apps.is_installed("allauth.mfa")
    settings.JWT_ALLAUTH_MFA_TOTP_MODE = "optional" if mfa else "disabled"
    user = user_factory(is_staff=True, role=1000)
    body = {"email": user.email, "password": PASSWORD}
    return post_json("/auth/login/", body).json()["access"]


def requests_with_a_surrogate(access: str) -> list[tuple[object, dict[str, str]]]:
    """(body, headers): each field alone, a key, a list; then each header, signed in or not."""
    signed_in = {"HTTP_AUTHORIZATION": f"Bearer {access}", **AJAX}
    bodies = [{field: SURROGATE} for field in FIELDS] + [{SURROGATE: "x"}, [SURROGATE]]
    headers = [
        {"HTTP_AUTHORIZATION": f"Bearer {SURROGATE}", **AJAX},
        {**signed_in, "HTTP_USER_AGENT": f"{SURROGATE}\x00"},
        {**signed_in, "HTTP_X_REQUESTED_WITH": SURROGATE},
        {**signed_in, "HTTP_X_FORWARDED_FOR": SURROGATE},
    ]
    return [(body, signed_in) for body in bodies] + [({}, extra) for extra in headers]


@pytest.mark.parametrize(("path", "method", "managed"), ROUTES)
def test_no_route_fails_on_a_surrogate_anywhere(path, method, managed, settings, staff_access):
    """Throttles on (cleared before each request), every grant and refresh cookie set."""
    settings.EMAIL_VERIFICATION = "optional"
    settings.JWT_ALLAUTH_ADMIN_MANAGED_REGISTRATION = managed
    settings.REST_FRAMEWORK = {"NUM_PROXIES": 1}
    client = APIClient()
    for cookie in ("refresh_token", "password_reset_access_token", "set_password_access_token"):
        client.cookies[cookie] = "cookie-value"
    for body, headers in requests_with_a_surrogate(staff_access):
        cache.clear()
        text = json.dumps(body, ensure_ascii=True)
        response = client.generic(
            method.upper(), path, text, content_type="application/json", **headers
        )

        assert response.status_code < 500, (path, method, body, headers)
        if response.get("Content-Type", "").startswith("application/json"):
            json.loads(response.content)
