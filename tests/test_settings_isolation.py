"""Style rule: only ``jwt_allauth/app_settings.py`` reads ``django.conf.settings``.

The one exception is ``settings.AUTH_USER_MODEL`` used to point a relation (or a
migration's swappable dependency) at the user model: that names a model, it is
not a jwt_allauth setting, and Django's own pattern for it needs the attribute.
"""

from __future__ import annotations

import ast
from pathlib import Path

import jwt_allauth

PACKAGE = Path(jwt_allauth.__file__).parent
ALLOWED_MODULE = PACKAGE / "app_settings.py"
ALLOWED_ATTRIBUTES = {"AUTH_USER_MODEL"}


def settings_reads(source: str) -> list[str]:
    """Every way ``source`` reaches django.conf.settings, except AUTH_USER_MODEL."""
    tree = ast.parse(source)
    names: set[str] = set()  # local names bound to django.conf.settings
    modules: set[str] = set()  # local names bound to django.conf / django
    problems = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "django.conf":
            for alias in node.names:
                if alias.name == "settings":
                    names.add(alias.asname or "settings")
        elif isinstance(node, ast.ImportFrom) and node.module == "django":
            modules.update(a.asname or a.name for a in node.names if a.name == "conf")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in ("django.conf", "django"):
                    modules.add(alias.asname or alias.name)
        elif isinstance(node, ast.Call) and _is_import_module(node):
            problems.append(f"line {node.lineno}: importlib of django.conf")
    allowed_nodes = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in ALLOWED_ATTRIBUTES:
            allowed_nodes.add(id(node.value))
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id in names and id(node) not in allowed_nodes:
            problems.append(f"line {node.lineno}: {node.id}")
        if isinstance(node, ast.Attribute) and node.attr == "settings":
            if _dotted(node.value) in {f"{m}.conf" if m == "django" else m for m in modules}:
                problems.append(f"line {node.lineno}: {_dotted(node)}")
    return problems


def _dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    return ""


def _is_import_module(node: ast.Call) -> bool:
    return any(isinstance(arg, ast.Constant) and arg.value == "django.conf" for arg in node.args)


def test_only_app_settings_reads_django_settings():
    offenders = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if path == ALLOWED_MODULE:
            continue
        problems = settings_reads(path.read_text(encoding="utf-8"))
        if problems:
            offenders[str(path.relative_to(PACKAGE))] = problems

    assert offenders == {}, "read settings through jwt_allauth.app_settings instead"


def test_the_scan_sees_app_settings_itself():
    assert settings_reads(ALLOWED_MODULE.read_text(encoding="utf-8"))


def test_the_scan_catches_each_spelling():
    cases = [
        "from django.conf import settings\nx = settings.DEBUG\n",
        "from django.conf import settings as s\nx = getattr(s, 'X', 1)\n",
        "import django.conf\nx = django.conf.settings.DEBUG\n",
        "from django import conf\nx = conf.settings.DEBUG\n",
        "import importlib\nconf = importlib.import_module('django.conf')\n",
        "from django.conf import settings\nx = settings.AUTH_USER_MODEL\ny = settings.DEBUG\n",
    ]

    for source in cases:
        assert settings_reads(source), source


def test_the_scan_allows_pointing_at_the_user_model():
    source = (
        "from django.conf import settings\n"
        "user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)\n"
        "deps = [migrations.swappable_dependency(settings.AUTH_USER_MODEL)]\n"
    )

    assert settings_reads(source) == []
