"""The OpenAPI schema (drf-spectacular, the ``schema`` extra): complete, valid, no warnings."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, include, path

from tests.test_layers import imported, package_sources

ROOT = Path(__file__).resolve().parents[1]
API = "/auth/"

# Every DRF endpoint of the package: URL name -> path under /auth/ and methods.
# The HTML views (links from mails, default forms and pages) are not in the schema.
ENDPOINTS = {
    "rest_login": ("login/", {"post"}),
    "token_refresh": ("refresh/", {"post"}),
    "token_verify": ("token/verify/", {"post"}),
    "rest_logout": ("logout/", {"post"}),
    "rest_logout_all": ("logout-all/", {"post"}),
    "jwt_allauth_sessions": ("sessions/", {"get"}),
    "jwt_allauth_session_detail": ("sessions/{session_id}/", {"delete"}),
    "rest_user_details": ("user/", {"get", "put", "patch"}),
    "rest_password_reset": ("password/reset/", {"post"}),
    "password_reset_confirm": ("password/reset/set-new/", {"post"}),
    "rest_password_change": ("password/change/", {"post"}),
    "rest_register": ("registration/", {"post"}),
    "rest_resend_email": ("registration/resend-email/", {"post"}),
    "mfa_setup": ("mfa/setup/", {"post"}),
    "mfa_activate": ("mfa/activate/", {"post"}),
    "mfa_verify": ("mfa/verify/", {"post"}),
    "mfa_verify_recovery": ("mfa/verify-recovery/", {"post"}),
    "mfa_deactivate": ("mfa/deactivate/", {"post"}),
    "mfa_authenticators": ("mfa/authenticators/", {"get"}),
    "jwt_allauth_social_providers": ("social/providers/", {"get"}),
    "jwt_allauth_social_accounts": ("social/accounts/", {"get"}),
    "jwt_allauth_social_disconnect": ("social/accounts/{id}/", {"delete"}),
    "jwt_allauth_social_start": ("social/{provider}/start/", {"post"}),
    "jwt_allauth_social_token_login": ("social/{provider}/token/", {"post"}),
    "jwt_allauth_social_code_login": ("social/{provider}/code/", {"post"}),
    "jwt_allauth_social_token_connect": ("social/{provider}/connect/token/", {"post"}),
    "jwt_allauth_social_code_connect": ("social/{provider}/connect/code/", {"post"}),
}
MANAGED_ENDPOINTS = {
    "rest_user_register": ("registration/user-register/", {"post"}),
    "rest_set_password": ("registration/set-password/", {"post"}),
}
HTML_PATHS = (
    "password/reset/confirm/{uidb64}/{token}/",
    "password/reset/default/",
    "password/reset/complete/",
    "registration/verification/{key}/",
    "registration/account_email_verification_sent/",
    "registration/verified/",
    "registration/set-password/default/",
    "registration/set-password/complete/",
)
BEARER_CODES = {
    "not_authenticated",
    "bad_authorization_header",
    "token_not_valid",
    "session_ended",
    "user_not_found",
}


def generate_schema(**spectacular_settings) -> dict:
    """The package's schema as mounted at /auth/; fails on any warning or error."""
    pytest.importorskip("drf_spectacular")
    from drf_spectacular.drainage import GENERATOR_STATS
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.settings import patched_settings
    from drf_spectacular.validation import validate_schema

    generator = SchemaGenerator(patterns=[path(API[1:], include("jwt_allauth.urls"))])
    with patched_settings(spectacular_settings), GENERATOR_STATS.silence():
        schema = generator.get_schema(request=None, public=True)
    problems = [*GENERATOR_STATS._warn_cache, *GENERATOR_STATS._error_cache]
    assert problems == []
    validate_schema(schema)
    return json.loads(json.dumps(schema))  # plain dicts, lazy strings rendered


def operation(schema: dict, route: str, method: str = "post") -> dict:
    return schema["paths"][API + route][method]


def component(schema: dict, ref_holder: dict) -> dict:
    return schema["components"]["schemas"][ref_holder["$ref"].rsplit("/", 1)[1]]


def json_schema(response: dict) -> dict:
    return response["content"]["application/json"]["schema"]


def alternatives(schema: dict, response: dict) -> dict[str, set[str]]:
    """The oneOf of a response: component name -> its required fields."""
    one_of = component(schema, json_schema(response))["oneOf"]
    return {
        ref["$ref"].rsplit("/", 1)[1]: set(component(schema, ref)["required"]) for ref in one_of
    }


def error_codes(response: dict) -> set[str]:
    body = json_schema(response)
    coded = next((s for s in body.get("oneOf", [body]) if "code" in s.get("properties", {})), None)
    return set(coded["properties"]["code"]["enum"]) if coded else set()


def api_url_names() -> set[str]:
    """The names of the DRF views routed under /auth/ right now, 1.x's aliases left out."""
    from rest_framework.views import APIView

    names: set[str] = set()

    def walk(patterns: list) -> None:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns)
            elif isinstance(entry, URLPattern):
                view_class = getattr(entry.callback, "cls", None)
                hidden = entry.callback.__dict__.get("initkwargs", {}).get("schema", ...) is None
                if view_class and issubclass(view_class, APIView) and not hidden:
                    names.add(entry.name)

    walk(get_resolver("jwt_allauth.urls").url_patterns)
    return names


@pytest.fixture
def managed(settings):
    """Admin-managed registration: invitations and set-password are routed."""
    settings.JWT_ALLAUTH_ADMIN_MANAGED_REGISTRATION = True


@pytest.fixture
def verification(settings):
    """Verification on, so every HTML page of registration is routed too."""
    settings.EMAIL_VERIFICATION = "mandatory"


def test_every_endpoint_is_described(verification):
    schema = generate_schema()

    assert api_url_names() == set(ENDPOINTS)
    described = {route[len(API) :]: set(item) for route, item in schema["paths"].items()}
    assert described == {route: methods for route, methods in ENDPOINTS.values()}
    assert not set(HTML_PATHS) & set(described)


def test_every_managed_endpoint_is_described(managed, verification):
    schema = generate_schema()

    expected = {**ENDPOINTS, **MANAGED_ENDPOINTS}
    del expected["rest_register"]
    assert api_url_names() == set(expected)
    described = {route[len(API) :]: set(item) for route, item in schema["paths"].items()}
    assert described == {route: methods for route, methods in expected.values()}


@pytest.mark.parametrize(
    "spectacular_settings",
    [{}, {"COMPONENT_SPLIT_REQUEST": True}],
    ids=["default", "split-request"],
)
@pytest.mark.parametrize("delivery", ["cookie", "body"], indirect=True)
def test_schema_validates_in_every_mode(delivery, managed, settings, spectacular_settings):
    settings.JWT_AUTH_RETURN_EXPIRATION = True

    schema = generate_schema(**spectacular_settings)

    session = schema["components"]["schemas"]["Session"]
    expected = {"access", "access_expiration", "refresh_expiration"}
    if delivery == "body":
        expected.add("refresh")
    assert set(session["properties"]) == expected
    assert set(session["required"]) == expected


def test_login_answers_a_session_or_a_challenge():
    schema = generate_schema()
    login = operation(schema, "login/")

    assert alternatives(schema, login["responses"]["200"]) == {
        "Session": {"access"},
        "MFAChallenge": {"mfa_required", "challenge_id", "types"},
        "MFASetupChallenge": {"mfa_setup_required", "setup_challenge_id"},
    }
    assert login["security"] == [{}]
    assert set(login["responses"]) == {"200", "400", "401", "403", "415", "429"}
    assert error_codes(login["responses"]["401"]) == {"incorrect_credentials"}
    assert error_codes(login["responses"]["403"]) == {"email_not_verified"}
    assert error_codes(login["responses"]["429"]) == {"throttled"}
    assert set(login["responses"]["429"]["headers"]) == {"Retry-After"}
    assert set(login["responses"]["200"]["headers"]) == {"Set-Cookie"}
    request = component(schema, login["requestBody"]["content"]["application/json"]["schema"])
    assert set(request["required"]) == {"email", "password"}
    assert list(login["requestBody"]["content"]) == [
        "application/json",
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ]


def test_sign_up_answers_a_session_a_challenge_or_a_mail():
    schema = generate_schema()
    register = operation(schema, "registration/")

    assert alternatives(schema, register["responses"]["201"]) == {
        "SignUpSession": {"access", "email"},
        "SignUpMFAChallenge": {"mfa_required", "challenge_id", "types", "email"},
        "SignUpMFASetupChallenge": {"mfa_setup_required", "setup_challenge_id", "email"},
        "VerificationSent": {"detail", "email"},
    }
    # a taken address is in the field map ({"email": [...]}), as 1.x answered it
    assert error_codes(register["responses"]["400"]) == {"parse_error"}
    assert "503" not in register["responses"]  # a failing mail server changes no answer
    field_map = json_schema(register["responses"]["400"])["oneOf"][1]
    assert field_map["additionalProperties"] == {"type": "array", "items": {"type": "string"}}


@pytest.mark.parametrize(
    ("route", "cookie"),
    [
        ("password/reset/set-new/", "password_reset_access_token"),
        ("registration/set-password/", "set_password_access_token"),
    ],
)
def test_grant_endpoints_document_their_cookie_and_header(managed, route, cookie):
    schema = generate_schema()
    spend = operation(schema, route)

    parameters = {(p["in"], p["name"]): p["required"] for p in spend["parameters"]}
    assert parameters == {("cookie", cookie): True, ("header", "X-Requested-With"): True}
    assert alternatives(schema, spend["responses"]["200"]) == {
        "PasswordSetSession": {"access", "detail"},
        "PasswordSetMFAChallenge": {"mfa_required", "challenge_id", "types", "detail"},
        "PasswordSetMFASetupChallenge": {"mfa_setup_required", "setup_challenge_id", "detail"},
    }
    assert error_codes(spend["responses"]["403"]) == {
        "csrf_header_missing",
        "grant_missing",
        "grant_invalid",
        "email_not_verified",
    }
    assert set(spend["responses"]["200"]["headers"]) == {"Set-Cookie"}
    assert set(spend["responses"]["403"]["headers"]) == {"Set-Cookie"}
    assert spend["security"] == [{}]


@pytest.mark.parametrize("delivery", ["cookie", "body"], indirect=True)
def test_refresh_reads_the_cookie_only_in_cookie_mode(delivery):
    schema = generate_schema()
    refresh = operation(schema, "refresh/")

    cookies = [p["name"] for p in refresh.get("parameters", []) if p["in"] == "cookie"]
    assert cookies == (["refresh_token"] if delivery == "cookie" else [])
    headers = set(refresh["responses"]["401"].get("headers", {}))
    assert headers == ({"Set-Cookie"} if delivery == "cookie" else set())
    assert error_codes(refresh["responses"]["401"]) == {
        "refresh_token_missing",
        "token_not_valid",
        "token_reused",
        "session_ended",
        "user_not_found",
        "mfa_setup_required",
    }
    body = component(schema, refresh["requestBody"]["content"]["application/json"]["schema"])
    assert set(body["properties"]) == {"refresh"}
    assert "required" not in body


def test_refresh_cookie_name_follows_the_setting(settings):
    settings.JWT_AUTH_REFRESH_COOKIE = "rt"
    schema = generate_schema()

    for route in ("refresh/", "logout/"):
        parameters = operation(schema, route)["parameters"]
        assert [(p["in"], p["name"]) for p in parameters] == [("cookie", "rt")]


def test_authenticated_endpoints_need_the_bearer_scheme():
    schema = generate_schema()

    assert schema["components"]["securitySchemes"] == {
        "jwtAuth": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
    }
    required = [
        ("logout/", "post"),
        ("logout-all/", "post"),
        ("sessions/", "get"),
        ("sessions/{session_id}/", "delete"),
        ("user/", "get"),
        ("user/", "patch"),
        ("password/change/", "post"),
        ("mfa/deactivate/", "post"),
        ("mfa/authenticators/", "get"),
    ]
    for route, method in required:
        described = operation(schema, route, method)
        assert described["security"] == [{"jwtAuth": []}], route
        assert error_codes(described["responses"]["401"]) == BEARER_CODES, route
    public = ["login/", "refresh/", "token/verify/", "password/reset/", "mfa/verify/"]
    for route in public:
        assert operation(schema, route)["security"] == [{}], route
    # Optional: the bearer of a token, or someone holding something else.
    for route in ("mfa/setup/", "mfa/activate/", "registration/"):
        assert operation(schema, route)["security"] == [{"jwtAuth": []}, {}], route


def test_session_detail_and_listing():
    schema = generate_schema()
    delete = operation(schema, "sessions/{session_id}/", "delete")

    assert set(delete["responses"]) == {"204", "401", "404"}
    assert error_codes(delete["responses"]["404"]) == {"session_not_found"}
    (parameter,) = [p for p in delete["parameters"] if p["in"] == "path"]
    assert parameter["schema"] == {"type": "string", "format": "uuid"}
    listing = json_schema(operation(schema, "sessions/", "get")["responses"]["200"])
    row = component(schema, listing["items"])
    assert {"id", "created_at", "expires_at", "current"} <= set(row["properties"])


def test_mfa_errors_are_coded_and_complete():
    schema = generate_schema()
    verify = operation(schema, "mfa/verify/")

    assert error_codes(verify["responses"]["400"]) == {
        "parse_error",
        "mfa_code_invalid",
        "mfa_challenge_invalid",
        "mfa_challenge_exhausted",
    }
    assert "oneOf" in json_schema(verify["responses"]["400"])  # or a field map
    assert error_codes(verify["responses"]["403"]) == {"mfa_disabled"}
    assert error_codes(verify["responses"]["429"]) == {
        "mfa_throttled",
        "throttled",
    }
    activate = component(
        schema, json_schema(operation(schema, "mfa/activate/")["responses"]["200"])
    )
    assert set(activate["required"]) == {"recovery_codes", "success"}
    assert "access" in activate["properties"]


@pytest.mark.parametrize("route", ["mfa/setup/", "mfa/activate/"])
def test_mfa_enrolment_documents_the_password_proof(route):
    schema = generate_schema()
    enrol = operation(schema, route)

    assert error_codes(enrol["responses"]["403"]) >= {"reauthentication_required"}
    assert {"password_incorrect", "mfa_challenge_invalid"} <= error_codes(enrol["responses"]["400"])
    body = component(schema, enrol["requestBody"]["content"]["application/json"]["schema"])
    assert "password" in body["properties"]
    assert "password" not in body.get("required", [])


def test_descriptions_speak_to_api_users():
    schema = generate_schema()

    login_body = schema["components"]["schemas"]["Login"]
    assert login_body["description"] == "E-mail address and password."
    codes = operation(schema, "refresh/")["responses"]["401"]["description"]
    assert "* `token_reused`: " in codes


def test_extensions_are_registered_by_the_app():
    pytest.importorskip("drf_spectacular")
    # Nothing in the tests imports it: JWTAllauthConfig.ready() did.
    assert "jwt_allauth.schema" in sys.modules
    from drf_spectacular.extensions import OpenApiViewExtension

    from jwt_allauth.login.schema import LoginSchema

    assert LoginSchema in OpenApiViewExtension._registry


NO_SPECTACULAR = """
import sys
sys.modules["drf_spectacular"] = None  # import drf_spectacular now raises ImportError
import django
django.setup()
from django.conf import settings
from django.core.checks import run_checks
from django.urls import reverse
from jwt_allauth.internal.compat import spectacular_installed
print({
    "installed": spectacular_installed(),
    "app": "drf_spectacular" in settings.INSTALLED_APPS,
    "schema_module": "jwt_allauth.schema" in sys.modules,
    "checks": [m.id for m in run_checks()],
    "login": reverse("rest_login"),
})
"""


def imports_drf_spectacular(source: str) -> bool:
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and not node.level:
            names = [node.module or ""]
        else:
            continue
        if any(name.split(".")[0] == "drf_spectacular" for name in names):
            return True
    return False


def test_only_the_schema_modules_need_drf_spectacular():
    sources = package_sources()
    schema_modules = {name for name in sources if name.rsplit(".", 1)[-1] == "schema"}
    spectacular = {name for name, source in sources.items() if imports_drf_spectacular(source)}
    schema_users = {
        name
        for name, source in sources.items()
        if imported(name, source, set(sources)) & schema_modules
    }

    # compat only asks whether it is installed.
    assert spectacular - schema_modules == {"jwt_allauth.internal.compat"}
    # The app imports jwt_allauth.schema only when drf-spectacular is installed.
    assert schema_users - schema_modules == {"jwt_allauth.apps"}


def test_the_package_stands_without_drf_spectacular():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings"}
    done = subprocess.run(
        [sys.executable, "-c", NO_SPECTACULAR], cwd=ROOT, env=env, capture_output=True, text=True
    )

    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == str(
        {
            "installed": False,
            "app": False,
            "schema_module": False,
            "checks": [],
            "login": "/auth/login/",
        }
    )


NO_MFA = """
import ast
import json
import django
django.setup()
from django.urls import include, path
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema
generator = SchemaGenerator(patterns=[path("auth/", include("jwt_allauth.urls"))])
with GENERATOR_STATS.silence():
    schema = generator.get_schema(request=None, public=True)
validate_schema(schema)
print(json.dumps({
    "problems": [*GENERATOR_STATS._warn_cache, *GENERATOR_STATS._error_cache],
    "mfa": sorted(p for p in schema["paths"] if "/mfa/" in p),
    "login": "/auth/login/" in schema["paths"],
}))
"""


def test_without_allauth_mfa_the_mfa_routes_are_left_out():
    pytest.importorskip("drf_spectacular")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.mfa.settings_without_mfa"}
    done = subprocess.run(
        [sys.executable, "-c", NO_MFA], cwd=ROOT, env=env, capture_output=True, text=True
    )

    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result == {"problems": [], "mfa": [], "login": True}


@pytest.mark.urls("tests.schema_urls")
def test_the_schema_is_served_as_documented(client):
    pytest.importorskip("drf_spectacular")

    served = client.get("/api/schema/", {"format": "json"})
    page = client.get("/api/docs/")

    assert served.status_code == 200
    assert served["Content-Type"].startswith("application/vnd.oai.openapi+json")
    paths = json.loads(served.content)["paths"]
    ours = {route for route in paths if route.startswith(API)}
    assert ours == {API + route for route, _methods in ENDPOINTS.values()} - {
        API + "registration/resend-email/"
    }
    assert paths[API + "login/"]["post"]["responses"]["200"]["content"]
    assert page.status_code == 200
    assert b"/api/schema/" in page.content


@pytest.mark.parametrize("method", ["put", "patch"])
def test_user_writes_declare_email_change_pending(method):
    schema = generate_schema()
    write = operation(schema, "user/", method)
    answer = component(schema, json_schema(write["responses"]["200"]))

    assert answer["properties"]["email_change_pending"] == {
        "type": "string",
        "format": "email",
        "readOnly": True,
        "description": "The new address awaiting its confirmation link; absent otherwise.",
    }
    assert "email_change_pending" not in answer.get("required", [])
    assert {"email", "first_name", "last_name"} <= set(answer["properties"])
    assert error_codes(write["responses"]["403"]) == {"reauthentication_required"}


def test_user_read_has_no_email_change_pending():
    schema = generate_schema()
    read = component(schema, json_schema(operation(schema, "user/", "get")["responses"]["200"]))

    assert "email_change_pending" not in read["properties"]


def test_a_project_serializer_gets_the_pending_field_too(settings):
    serializer = "tests.testapp.serializers.FirstNameOnlySerializer"
    settings.JWT_ALLAUTH_USER_DETAILS_SERIALIZER = serializer
    schema = generate_schema()
    answer = component(schema, json_schema(operation(schema, "user/", "patch")["responses"]["200"]))

    assert set(answer["properties"]) == {"first_name", "shout", "email_change_pending"}
    assert answer["required"] == ["shout"]
