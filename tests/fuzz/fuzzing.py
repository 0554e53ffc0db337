"""What both fuzz suites check, and how they bound and seed schemathesis."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, settings
from schemathesis import checks

CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_headers_conformance,
    checks.response_schema_conformance,
]


def schemathesis_config(max_examples: int, seed: int) -> dict[str, Any]:
    return {
        "seed": seed,
        "generation": {"max-examples": max_examples, "deterministic": True, "database": "none"},
    }


def hypothesis_settings(max_examples: int, **extra: Any) -> settings:
    """Derandomized, no example database, no deadline: the same inputs on every run."""
    return settings(
        max_examples=max_examples,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        **extra,
    )
