"""schemathesis over the schema the demo serves at /api/schema/, against the live demo.

The demo runs as ``dev.py demo`` runs it (``tests/demo_server.py``): real HTTP to
127.0.0.1 only, the demo's own settings (mandatory verification, optional TOTP,
default throttling). No 5xx, and every answer as the schema documents it.
"""

from __future__ import annotations

import json
import urllib.request

import pytest

schemathesis = pytest.importorskip("schemathesis")
pytest.importorskip("drf_spectacular")

from hypothesis import given  # noqa: E402
from schemathesis.errors import FailureGroup  # noqa: E402

from tests.demo_server import DEMO_PASSWORD, demo_server  # noqa: E402
from tests.fuzz.fuzzing import CHECKS, hypothesis_settings, schemathesis_config  # noqa: E402

__all__ = ["demo_server"]  # this module's own demo: fuzzing cannot disturb the browser tests

pytestmark = pytest.mark.fuzz

MAX_EXAMPLES = 10
SEED = 20261123
CONFIG = schemathesis_config(MAX_EXAMPLES, SEED)
FUZZ_SETTINGS = hypothesis_settings(MAX_EXAMPLES, report_multiple_bugs=False)


def fetch_json(url: str, body: dict | None = None) -> dict:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (127.0.0.1)
        return json.load(response)


@pytest.fixture(scope="module")
def demo_schema(demo_server: str) -> schemathesis.BaseSchema:
    raw = fetch_json(f"{demo_server}/api/schema/?format=json")
    assert raw["openapi"].startswith("3.")
    return schemathesis.openapi.from_dict(raw, config=schemathesis.Config.from_dict(CONFIG))


@pytest.fixture(scope="module")
def bearer(demo_server: str) -> dict[str, str]:
    """A staff account's access token, taken before fuzzing can throttle logins.

    Access tokens are stateless until they expire, so a fuzzed logout-all does not
    end it. (The browser tests use the other demo account.)
    """
    body = {"email": "staff@example.com", "password": DEMO_PASSWORD}
    answer = fetch_json(f"{demo_server}/auth/login/", body)
    return {"Authorization": f"Bearer {answer['access']}"}


def needs_bearer(operation) -> bool:
    return any("jwtAuth" in need for need in operation.definition.raw.get("security", []))


def fuzz(operation, base_url: str, headers: dict[str, str] | None) -> str | None:
    """Run the operation's examples; the failure's text, or None."""

    @FUZZ_SETTINGS
    @given(case=operation.as_strategy())
    def run(case) -> None:
        case.call_and_validate(base_url=base_url, headers=headers, checks=CHECKS)

    try:
        run()
    except (AssertionError, FailureGroup) as failure:
        return f"{operation.label}{' (with a bearer)' if headers else ''}: {failure}"
    return None


def test_every_operation_of_the_demo_schema_holds(demo_server, demo_schema, bearer):
    operations = [result.ok() for result in demo_schema.get_all_operations()]
    assert len(operations) >= 19
    failures = [fuzz(operation, demo_server, None) for operation in operations]
    failures += [fuzz(op, demo_server, bearer) for op in operations if needs_bearer(op)]

    assert [failure for failure in failures if failure] == []
