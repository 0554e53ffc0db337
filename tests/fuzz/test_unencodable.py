"""Every operation of the schema, fed strings holding lone surrogates in its string fields.

schemathesis sends only text it can encode, so it never tries these; JSON can
spell them (``"\\ud800"``) and Python decodes them into text nothing can encode.
No answer is a 5xx, each renders, and a field map names the poisoned field.
(A 2xx is right where the field is not read: a GET, or logout by access token.)
"""

from __future__ import annotations

import json
import uuid

import pytest

pytest.importorskip("drf_spectacular")

from django.test import override_settings  # noqa: E402
from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from rest_framework.test import APIClient  # noqa: E402

from jwt_allauth.app_settings import DEFAULT_THROTTLE_RATES  # noqa: E402
from tests.fuzz.fuzzing import hypothesis_settings  # noqa: E402
from tests.helpers import PASSWORD  # noqa: E402
from tests.test_schema import generate_schema  # noqa: E402

pytestmark = [pytest.mark.fuzz, pytest.mark.django_db]

SETTINGS = {
    "JWT_ALLAUTH_MFA_TOTP_MODE": "optional",
    "EMAIL_VERIFICATION": "optional",
    "JWT_ALLAUTH_THROTTLE_RATES": dict.fromkeys(DEFAULT_THROTTLE_RATES),
    "JWT_ALLAUTH_REFRESH_TOKEN_AS_COOKIE": False,
}
MANAGED = {**SETTINGS, "JWT_ALLAUTH_ADMIN_MANAGED_REGISTRATION": True}
FUZZ_SETTINGS = hypothesis_settings(30)

surrogate = st.integers(0xD800, 0xDFFF).map(chr)
text = st.text(max_size=8)
with_surrogate = st.tuples(text, surrogate, text).map("".join)


def operations(overrides: dict) -> list[tuple[str, str, dict, dict]]:
    """(path, method, string properties of the JSON body, the whole operation)."""
    with override_settings(**overrides):
        schema = generate_schema()
    found = []
    for route, methods in schema["paths"].items():
        for method, operation in methods.items():
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            properties = {}
            if body:
                name = body["schema"]["$ref"].rsplit("/", 1)[1]
                component = schema["components"]["schemas"][name]
                properties = {
                    key: value
                    for key, value in component.get("properties", {}).items()
                    if value.get("type", "string") == "string"
                }
            found.append((route.replace("{session_id}", str(uuid.uuid4())), method, properties))
    return found


OPERATIONS = [(*op, False) for op in operations(SETTINGS)] + [
    (*op, True) for op in operations(MANAGED) if "registration/" in op[0]
]


@pytest.fixture
def signed_in(settings, user_factory):
    for name, value in MANAGED.items():
        setattr(settings, name, value)
    user = user_factory(is_staff=True, role=1000)
    response = APIClient().post(
        "/auth/login/", {"email": user.email, "password": PASSWORD}, format="json"
    )
    return {"HTTP_AUTHORIZATION": f"Bearer {response.data['access']}"}


@pytest.mark.parametrize(
    ("path", "method", "properties", "managed"),
    OPERATIONS,
    ids=[f"{method} {path}{' managed' * managed}" for path, method, _, managed in OPERATIONS],
)
def test_a_surrogate_in_any_string_field_is_never_a_5xx(
    settings, signed_in, path, method, properties, managed
):
    settings.JWT_ALLAUTH_ADMIN_MANAGED_REGISTRATION = managed
    fields = sorted(properties) or ["anything"]

    @FUZZ_SETTINGS
    @given(
        poisoned=st.sampled_from(fields),
        values=st.fixed_dictionaries({}, optional=dict.fromkeys(fields, text)),
        bad=with_surrogate,
        authenticated=st.booleans(),
    )
    def attempt(poisoned, values, bad, authenticated):
        body = {**values, poisoned: bad}
        headers = {**(signed_in if authenticated else {}), "HTTP_X_REQUESTED_WITH": "fetch"}
        response = APIClient().generic(
            method.upper(),
            path,
            json.dumps(body, ensure_ascii=True),
            content_type="application/json",
            **headers,
        )

        assert response.status_code < 500, (response.status_code, body)
        answer = json.loads(response.content) if response.content else None
        if response.status_code == 400 and "code" not in answer:
            assert poisoned in answer, answer  # the field map names the poisoned field

    attempt()
