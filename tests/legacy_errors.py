"""The table shape of tests/test_legacy_errors.py: 1.x's answer beside ours."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Case:
    """A situation, our answer and 1.x's.

    A code is a body ``code``, or ``field:code`` for DRF's 400 keyed by field
    (``*`` matches any code or field); ``None`` checks the status alone.
    ``doc`` is the text docs/upgrading.rst must hold for a deliberate difference
    (default: our status and code, as the docs write them).
    """

    provoke: Callable[[Any], Any]
    status: int
    code: str | None
    legacy_status: int
    legacy_code: str | None
    doc: str | None = None

    @property
    def name(self) -> str:
        return self.provoke.__name__

    @property
    def differs(self) -> bool:
        """What a client sees differs: the status, a body ``code``, or the field of a
        400 (the code of a field error is not in the JSON)."""
        if self.legacy_code is None:  # 1.x's body had no code: a code added is no change
            return self.status != self.legacy_status
        return (self.status, visible(self.code)) != (self.legacy_status, visible(self.legacy_code))

    @property
    def anchor(self) -> str:
        return self.doc or f"``{self.status} {self.code}``"


def visible(code: str | None) -> str | None:
    return code.split(":")[0] if code else code


def differences(cases: list[Case]) -> list[Case]:
    return [case for case in cases if case.differs]


def differences_section() -> str:
    """docs/upgrading.rst's "Answers that differ from 1.x", whitespace collapsed."""
    text = (Path(__file__).parents[1] / "docs" / "upgrading.rst").read_text()
    start = text.index("Answers that differ from 1.x")
    return " ".join(text[start : text.index("From dj-rest-auth", start)].split())


def _matches(pattern: str, actual: str) -> bool:
    return all(p in ("*", a) for p, a in zip(pattern.split(":"), actual.split(":"))) and (
        pattern == "*" or pattern.count(":") == actual.count(":")
    )


def code_of(response) -> str | None:
    """The body's ``code``, or ``field:code`` of the first error of a field map."""
    data = getattr(response, "data", None)
    if not isinstance(data, dict) or not data:
        return None
    if "code" in data and "detail" in data:
        return str(data["code"])
    field, errors = next(iter(data.items()))
    first = errors[0] if isinstance(errors, list) else errors
    return f"{field}:{getattr(first, 'code', '?')}"


def assert_answer(response, case: Case) -> None:
    assert response.status_code == case.status, getattr(response, "data", response)
    if case.code is None:
        return
    actual = code_of(response)
    assert actual is not None and _matches(case.code, actual), (actual, response.data)
    if ":" in case.code or case.code == "*":
        assert set(response.data) != {"detail", "code"}, response.data  # a field map
    else:
        assert set(response.data) == {"detail", "code"}, response.data
