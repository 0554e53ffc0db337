"""The table of settings: every name declared once, documented, read, and never built."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import jwt_allauth
from jwt_allauth.internal import settings_table as table
from jwt_allauth.internal.settings_table import CookieSettings, Setting

PACKAGE = Path(jwt_allauth.__file__).parent
TABLE_MODULE = PACKAGE / "internal" / "settings_table.py"
CONFIGURATION = Path(__file__).parents[1] / "docs" / "configuration.rst"
ALL_NAMES = sorted(name for setting in table.ALL for name in setting.names)
DECLARED = sorted(
    attribute
    for attribute, value in vars(table).items()
    if isinstance(value, Setting | CookieSettings)
)


def package_sources() -> dict[Path, str]:
    return {
        path: path.read_text(encoding="utf-8")
        for path in PACKAGE.rglob("*.py")
        if path != TABLE_MODULE and "migrations" not in path.parts
    }


def test_no_name_is_declared_twice():
    assert len(ALL_NAMES) == len(set(ALL_NAMES))
    assert sorted(table.BY_NAME) == ALL_NAMES


def test_every_declared_setting_is_in_the_table():
    for attribute in DECLARED:
        value = getattr(table, attribute)
        for setting in vars(value).values() if isinstance(value, CookieSettings) else [value]:
            assert table.BY_NAME[setting.name] is setting, attribute


@pytest.mark.parametrize("name", ALL_NAMES)
def test_every_name_in_the_table_is_documented(name):
    assert re.search(rf"\b{name}\b", CONFIGURATION.read_text(encoding="utf-8")), name


def test_every_jwt_setting_the_configuration_page_names_is_in_the_table():
    documented = set(re.findall(r"``(JWT_[A-Z0-9_]+)``", CONFIGURATION.read_text()))

    assert documented
    assert sorted(documented - set(table.BY_NAME)) == []


def table_references() -> set[str]:
    """The table's attributes the package names (``table.X``), and the settings of the
    table's tuples it names."""
    pattern = re.compile(r"\b(?:table|settings_table)\.([A-Z_]+)\b")
    named = {match for source in package_sources().values() for match in pattern.findall(source)}
    grouped = {
        attribute
        for attribute, value in vars(table).items()
        if isinstance(value, Setting)
        and any(value in getattr(table, group) for group in named if group not in DECLARED)
    }
    return named | grouped


READ = table_references()


@pytest.mark.parametrize("attribute", DECLARED)
def test_every_declared_setting_has_a_reader(attribute):
    assert attribute in READ


def computed_setting_reads(source: str) -> list[int]:
    """Lines that read ``app_settings`` by a name built at run time."""
    return [
        node.lineno
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in ("getattr", "hasattr")
        and len(node.args) >= 2
        and isinstance(node.args[0], ast.Name)
        and node.args[0].id in ("app_settings", "self")
        and not isinstance(node.args[1], ast.Constant)
    ]


def test_no_setting_is_read_by_a_computed_name():
    offenders = {
        str(path.relative_to(PACKAGE)): lines
        for path, source in package_sources().items()
        if (lines := computed_setting_reads(source))
    }

    assert offenders == {}


def test_the_computed_name_scan_catches_an_f_string():
    source = 'x = getattr(app_settings, f"{prefix}_SECURE")\n'

    assert computed_setting_reads(source) == [1]
