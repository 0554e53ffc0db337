"""Imports point one way: a module imports its own feature and the layers below it, never above.

The layers are defined here, once (docs/contributing.rst describes them). Every import
counts, those inside functions too: a late import still ties a lower layer to a higher one.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "jwt_allauth"

# Lowest first. Features on one layer do not import one another, except on the open ones.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("base",),
    ("users",),
    ("sessions", "grants"),
    # The user/ endpoint authenticates with session tokens: its view sits on sessions.
    ("user endpoint",),
    ("mfa", "passkeys"),
    ("login",),
    ("registration", "password", "social"),
    ("wiring",),
)
OPEN = {"base", "wiring"}
# Module (or package) -> feature; the longest match wins.
FEATURES = {
    "jwt_allauth": "base",  # the package's __init__ only
    "jwt_allauth.internal": "base",
    "jwt_allauth.app_settings": "base",
    "jwt_allauth.exceptions": "base",
    "jwt_allauth.constants": "base",
    "jwt_allauth.roles": "base",
    "jwt_allauth.permissions": "base",
    "jwt_allauth.throttling": "base",
    "jwt_allauth.adapter": "base",
    "jwt_allauth.users": "users",
    "jwt_allauth.users.views": "user endpoint",
    "jwt_allauth.users.urls": "user endpoint",
    "jwt_allauth.users.schema": "user endpoint",
    "jwt_allauth.sessions": "sessions",
    "jwt_allauth.authentication": "sessions",
    "jwt_allauth.grants": "grants",
    "jwt_allauth.mfa": "mfa",
    "jwt_allauth.passkeys": "passkeys",
    "jwt_allauth.login": "login",
    "jwt_allauth.registration": "registration",
    "jwt_allauth.password": "password",
    "jwt_allauth.social": "social",
    "jwt_allauth.urls": "wiring",
    "jwt_allauth.apps": "wiring",
    "jwt_allauth.admin": "wiring",
    "jwt_allauth.models": "wiring",
    "jwt_allauth.checks": "wiring",
    "jwt_allauth.management": "wiring",
    "jwt_allauth.migrations": "wiring",
    "jwt_allauth.cli": "wiring",
    "jwt_allauth.schema": "wiring",
}
LAYER_OF = {feature: index for index, layer in enumerate(LAYERS) for feature in layer}


def module_names(root: Path = PACKAGE) -> dict[str, Path]:
    """Every module of the package, by dotted name."""
    names = {}
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        names[".".join(parts)] = path
    return names


def imported(module: str, source: str, known: set[str]) -> set[str]:
    """The package's modules that ``source`` (the module ``module``) imports, anywhere in it."""
    is_package = any(name.startswith(module + ".") for name in known)
    package = module if is_package else module.rsplit(".", 1)[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}" if base else anchor
            for alias in node.names:
                name = f"{base}.{alias.name}"
                found.add(name if name in known else base)
    return {name for name in found if name in known}


def feature_of(module: str) -> str | None:
    """The feature ``module`` belongs to; ``jwt_allauth`` itself matches only its ``__init__``."""
    if module == "jwt_allauth":
        return FEATURES[module]
    matches = [p for p in FEATURES if p != "jwt_allauth" and (module + ".").startswith(p + ".")]
    return FEATURES[max(matches, key=len)] if matches else None


def upward_imports(modules: dict[str, str]) -> list[str]:
    """``importer -> imported`` for each import of a higher layer or of a sibling feature."""
    known = set(modules)
    found = []
    for module, source in sorted(modules.items()):
        feature = feature_of(module)
        for target in sorted(imported(module, source, known)):
            other = feature_of(target)
            if feature is None or other is None or other == feature:
                continue
            above = LAYER_OF[other] > LAYER_OF[feature]
            sibling = LAYER_OF[other] == LAYER_OF[feature] and feature not in OPEN
            if above or sibling:
                found.append(f"{module} ({feature}) -> {target} ({other})")
    return found


def package_sources() -> dict[str, str]:
    return {name: path.read_text() for name, path in module_names().items()}


def test_every_module_has_a_layer():
    assert set(FEATURES.values()) <= set(LAYER_OF)
    assert [name for name in package_sources() if feature_of(name) is None] == []


def test_no_module_imports_a_higher_layer_or_a_sibling_feature():
    found = upward_imports(package_sources())

    assert found == [], "\n".join(found)


@pytest.mark.parametrize(
    ("module", "source", "expected"),
    [
        (
            "jwt_allauth.internal.views",
            "def f():\n    from jwt_allauth.authentication import JWTAuthentication\n",
            ["jwt_allauth.internal.views (base) -> jwt_allauth.authentication (sessions)"],
        ),
        (
            "jwt_allauth.registration.serializers",
            "from ..password import serializers\n",
            [
                "jwt_allauth.registration.serializers (registration) "
                "-> jwt_allauth.password.serializers (password)"
            ],
        ),
        ("jwt_allauth.login.flows", "from jwt_allauth.sessions import flows\n", []),
        ("jwt_allauth.internal.text", "import jwt_allauth.app_settings\n", []),
    ],
    ids=["late-upward", "relative-sibling", "downward", "within-base"],
)
def test_the_check_sees_late_relative_and_sibling_imports(module, source, expected):
    modules = dict.fromkeys(module_names(), "")  # the real modules, importing nothing
    modules[module] = source

    assert upward_imports(modules) == expected
