"""The shipped migrations match the models: users never run makemigrations for us."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_no_missing_migrations():
    out = StringIO()
    try:
        call_command(
            "makemigrations", "jwt_allauth", "--check", "--dry-run", stdout=out, stderr=out
        )
    except SystemExit:
        pytest.fail(f"jwt_allauth has model changes without a migration:\n{out.getvalue()}")
    assert "No changes detected" in out.getvalue()
