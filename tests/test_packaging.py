"""pyproject.toml claims the Django and Python versions that CI runs, and no others."""

from __future__ import annotations

import re
import runpy
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def project() -> dict:
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+; the other lines read it
    return tomllib.loads((REPO / "pyproject.toml").read_text())["project"]


@pytest.fixture(scope="module")
def dev() -> dict:
    return runpy.run_path(str(REPO / "dev.py"), run_name="dev_under_test")


def versions(classifiers: list[str], prefix: str) -> set[str]:
    pattern = re.compile(re.escape(prefix) + r" :: (\d+\.\d+)$")
    return {m[1] for c in classifiers if (m := pattern.match(c))}


def lines_run(dev) -> tuple[set[str], set[str]]:
    """Django and Python versions of the matrix lines, .venv's Django line included."""
    main_django = re.fullmatch(r"Django>=(\d+\.\d+),<\d+\.\d+", dev["MAIN_PINS"][0])[1]
    lines = dev["MATRIX"].values()
    return {main_django, *(line.django for line in lines)}, {line.python for line in lines}


def test_django_classifiers_are_the_tested_lines(project, dev):
    djangos, _ = lines_run(dev)
    assert versions(project["classifiers"], "Framework :: Django") == djangos


def test_python_classifiers_cover_the_matrix(project, dev):
    _, pythons = lines_run(dev)
    claimed = versions(project["classifiers"], "Programming Language :: Python")
    assert pythons <= claimed
    # .venv's python3 (3.11 in CI) may fill a gap, but nothing outside the lines' range.
    oldest, newest = min(map(minor, pythons)), max(map(minor, pythons))
    assert all(oldest <= minor(version) <= newest for version in claimed)


def test_lower_bounds_are_the_oldest_tested(project, dev):
    djangos, pythons = lines_run(dev)
    assert project["requires-python"] == f">={min(pythons, key=minor)}"
    assert f"Django>={min(djangos, key=minor)}" in project["dependencies"]


def minor(version: str) -> tuple[int, int]:
    major, minor_ = version.split(".")
    return int(major), int(minor_)
