"""E024: a 1.x project's MIGRATION_MODULES entry for jwt_allauth stops start-up."""

from __future__ import annotations

import pytest

from jwt_allauth import checks


@pytest.mark.parametrize(
    "modules",
    [
        {"jwt_allauth": "legacysite.migrations_external.jwt_allauth"},
        {"jwt_allauth": "myproject.migrations.jwt_allauth", "other": None},
    ],
)
def test_e023_migrations_of_our_app_sent_elsewhere(settings, modules):
    settings.MIGRATION_MODULES = modules

    messages = checks.check_migration_module()

    assert [message.id for message in messages] == ["jwt_allauth.E024"]
    assert modules["jwt_allauth"] in messages[0].msg


@pytest.mark.parametrize(
    "modules",
    [
        {},
        {"other_app": "somewhere.migrations"},
        {"jwt_allauth": "jwt_allauth.migrations"},
        # What pytest-django's --nomigrations and test settings use to skip migrations.
        {"jwt_allauth": None},
    ],
)
def test_e023_silent_when_our_migrations_are_used_or_disabled(settings, modules):
    settings.MIGRATION_MODULES = modules

    assert checks.check_migration_module() == []
