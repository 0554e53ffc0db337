"""schemathesis over the generated schema, in process through Django's WSGI handler.

No 5xx, and every answer (status, headers, content type, body) as the schema
documents it: the schema is a contract the fuzzer holds us to.
"""

from __future__ import annotations

from urllib.parse import unquote

import pytest

schemathesis = pytest.importorskip("schemathesis")
pytest.importorskip("drf_spectacular")

from django.test import override_settings  # noqa: E402
from django.urls import Resolver404, resolve  # noqa: E402
from rest_framework.test import APIClient  # noqa: E402
from schemathesis import checks  # noqa: E402

from jwt_allauth.app_settings import DEFAULT_THROTTLE_RATES  # noqa: E402
from jwt_allauth.login.schema import LOGIN_EXAMPLE  # noqa: E402
from tests.fuzz.fuzzing import CHECKS, hypothesis_settings, schemathesis_config  # noqa: E402
from tests.helpers import PASSWORD  # noqa: E402
from tests.test_schema import generate_schema  # noqa: E402

pytestmark = [pytest.mark.fuzz, pytest.mark.django_db]

MAX_EXAMPLES = 25
SEED = 20240611
CONFIG = schemathesis_config(MAX_EXAMPLES, SEED)
FUZZ_SETTINGS = hypothesis_settings(MAX_EXAMPLES)


@pytest.fixture
def wsgi_app():
    """Django's WSGI handler, minus the per-request connection cleanup.

    That cleanup would close the connection holding the test's transaction.
    Like Django's test client, it is left out for the request only, response
    closing included (the test client connects it back after each request).
    """
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    handler = WSGIHandler()
    signals = (request_started, request_finished)

    def app(environ, start_response):
        connected = [signal.disconnect(close_old_connections) for signal in signals]
        try:
            response = handler(environ, start_response)
            body = b"".join(response)
            response.close()
        finally:
            for signal, was_connected in zip(signals, connected):
                if was_connected:
                    signal.connect(close_old_connections)
        return [body]

    return app


FUZZED_SETTINGS = {
    # Every feature on and no throttling, so requests get past the front door.
    "JWT_ALLAUTH_MFA_TOTP_MODE": "optional",
    "EMAIL_VERIFICATION": "optional",
    "JWT_ALLAUTH_THROTTLE_RATES": dict.fromkeys(DEFAULT_THROTTLE_RATES),
}
MANAGED = {"JWT_ALLAUTH_ADMIN_MANAGED_REGISTRATION": True}


def load_schema(**overrides) -> schemathesis.BaseSchema:
    """The schema of the routing these settings give, built at collection time.

    (schemathesis' fixture-based loader does not work with pytest 9.2.)
    """
    with override_settings(**overrides):
        raw = generate_schema()
    config = schemathesis.Config.from_dict(CONFIG)
    return schemathesis.openapi.from_dict(raw, config=config)


@pytest.fixture
def app(settings, wsgi_app, user_factory):
    """The WSGI app, with the settings the schema was built with.

    The account of the login example exists, so the examples phase signs in.
    """
    for name, value in FUZZED_SETTINGS.items():
        setattr(settings, name, value)
    user_factory(email=LOGIN_EXAMPLE["email"], password=LOGIN_EXAMPLE["password"])
    return wsgi_app


@pytest.fixture
def managed_app(app, settings):
    settings.JWT_ALLAUTH_ADMIN_MANAGED_REGISTRATION = True
    return app


@pytest.fixture
def bearer(user_factory, app) -> dict[str, str]:
    """The Authorization header of a signed-in staff user."""
    user = user_factory(is_staff=True, role=1000)
    response = APIClient().post(
        "/auth/login/", {"email": user.email, "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200, response.data
    return {"Authorization": f"Bearer {response.data['access']}"}


def check(case, app, headers=None) -> None:
    """Call and validate; a path none of our routes match only must not be a 5xx.

    (A negative test can put a "/" in a path parameter: Django's URL resolver
    then answers the project's 404 page before any view of ours runs.)
    """
    try:
        resolve(unquote(case.formatted_path))
    except Resolver404:
        case.call_and_validate(app=app, headers=headers, checks=[checks.not_a_server_error])
        return
    case.call_and_validate(app=app, headers=headers, checks=CHECKS)


def needs_bearer(context) -> bool:
    security = context.operation.definition.raw.get("security", [])
    return any("jwtAuth" in requirement for requirement in security)


schema = load_schema(**FUZZED_SETTINGS)
managed_schema = load_schema(**FUZZED_SETTINGS, **MANAGED).include(
    path_regex=r"/registration/(user-register|set-password)/$"
)


@schema.parametrize()
@FUZZ_SETTINGS
def test_anonymous(case, app):
    check(case, app)


@managed_schema.parametrize()
@FUZZ_SETTINGS
def test_anonymous_admin_managed(case, managed_app):
    check(case, managed_app)


@schema.include(needs_bearer).parametrize()
@FUZZ_SETTINGS
def test_authenticated(case, app, bearer):
    check(case, app, bearer)


@managed_schema.include(needs_bearer).parametrize()
@FUZZ_SETTINGS
def test_authenticated_admin_managed(case, managed_app, bearer):
    check(case, managed_app, bearer)


@pytest.mark.parametrize("role", [2**31, -(2**31) - 1, 2**70])
def test_invitation_with_a_role_out_of_range_is_refused(managed_app, bearer, role):
    """Found by fuzzing: a role the column cannot hold was a database error (500)."""
    response = APIClient().post(
        "/auth/registration/user-register/",
        {"email": "new@example.com", "role": role},
        format="json",
        HTTP_AUTHORIZATION=bearer["Authorization"],
    )

    assert response.status_code == 400
    assert response.data["code"] == "role_not_supported"
