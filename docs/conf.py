"""Sphinx configuration for the jwt-allauth documentation.

The version is read from ``jwt_allauth/__init__.py`` as text, so building the
docs never imports Django or needs a settings module.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def read_version() -> str:
    source = (ROOT / "jwt_allauth" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__\s*=\s*["\']([^"\']+)["\']', source, re.MULTILINE)
    if match is None:
        raise RuntimeError("__version__ not found in jwt_allauth/__init__.py")
    return match.group(1)


project = "jwt-allauth"
author = "jwt-allauth developers"
copyright = "2026, jwt-allauth developers"
release = read_version()
version = ".".join(release.split(".")[:2])

extensions: list[str] = []
root_doc = "index"
exclude_patterns = ["_build"]
templates_path: list[str] = []

html_theme = "alabaster"
html_static_path: list[str] = []
html_title = f"jwt-allauth {release}"
html_theme_options = {
    "description": "JWT authentication API for Django REST framework",
    "fixed_sidebar": True,
}
