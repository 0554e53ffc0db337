"""A database made by jwt-allauth 1.2.4 (not 1.5.1) upgrades the same way.

1.x releases before 1.5.1 differ in their schema only on the two token tables
(1.2.5 made ``jti`` unique and indexed ``session`` and the generic tokens), which
the upgrade drops; ``JAUser`` is the same since 1.0.2. ``data/older-1.2.4.sqlite3``
was made by 1.2.4's ``startproject`` and API (see ``data/older-1.2.4.json``).
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from typing import Any

import pytest

from tests.upgrade.test_upgrade import DATA, NEW_MIGRATIONS, drive, run

VALUES = json.loads((DATA / "older-1.2.4.json").read_text())
# What ``makemigrations jwt_allauth`` + ``migrate`` add when such a project moves to
# 1.5.1 the 1.x way (its SQL from 1.5.1's ``sqlmigrate``), recorded under the name
# Django generates for it: a migration our package does not have.
WITHIN_1X_UPGRADE = [
    'CREATE UNIQUE INDEX "jti_unique" ON "jwt_allauth_refreshtokenwhitelistmodel" ("jti")',
    'CREATE INDEX "jwt_allauth_refreshtokenwhitelistmodel_session_c46e9f86"'
    ' ON "jwt_allauth_refreshtokenwhitelistmodel" ("session")',
    'CREATE INDEX "ja_gen_token_token_idx" ON "jwt_allauth_generictokenmodel" ("token", "purpose")',
    'CREATE INDEX "ja_gen_token_user_idx"'
    ' ON "jwt_allauth_generictokenmodel" ("user_id", "purpose")',
    'CREATE INDEX "ja_gen_token_purpose_idx"'
    ' ON "jwt_allauth_generictokenmodel" ("purpose", "created")',
    "INSERT INTO django_migrations (app, name, applied) VALUES"
    " ('jwt_allauth', '0002_alter_refreshtokenwhitelistmodel_jti_and_more', '2026-09-01')",
]


@pytest.fixture(scope="module", params=["as_made_by_1.2.4", "then_upgraded_to_1.5.1_the_1x_way"])
def older(request, tmp_path_factory) -> dict[str, Any]:
    copy = tmp_path_factory.mktemp("older") / "older.sqlite3"
    shutil.copyfile(DATA / "older-1.2.4.sqlite3", copy)
    if request.param != "as_made_by_1.2.4":
        with sqlite3.connect(copy) as db:
            for statement in WITHIN_1X_UPGRADE:
                db.execute(statement)
    with sqlite3.connect(copy) as db:
        indexes = {
            row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='index'")
        }
    migrated = run("-m", "django", "migrate", "--noinput", UPGRADE_SQLITE=str(copy))
    applied = [line.split()[1].rstrip(".") for line in migrated.splitlines() if "Applying" in line]
    return {"indexes": indexes, "applied": applied, "api": drive("older", UPGRADE_SQLITE=str(copy))}


def test_the_database_has_the_schema_of_its_release(request, older):
    """1.2.4 lacks 1.2.5's indexes; the upgrade must work with and without them."""
    made_by_1_2_4 = "as_made_by_1.2.4" in request.node.callspec.id
    assert ("ja_gen_token_token_idx" not in older["indexes"]) is made_by_1_2_4


def test_migrate_applies_the_same_migrations_as_from_1_5_1(older):
    ours = [name for name in older["applied"] if name.startswith("jwt_allauth.")]
    assert ours == [f"jwt_allauth.{name}" for name in NEW_MIGRATIONS]


def test_the_password_still_signs_in(older):
    login = older["api"]["login"]
    assert login["status"] == 200, login
    assert login["access_claims"]["alg"] == "RS256"


def test_live_1x_sessions_are_carried_over(older):
    refreshed = older["api"]["refreshed"]
    assert [answer["status"] for answer in refreshed] == [200, 200], refreshed
    assert all(answer["refresh_claims"]["has_sid"] for answer in refreshed)


def test_a_replayed_1x_token_ends_its_session(older):
    assert older["api"]["replayed"]["status"] == 401
    assert older["api"]["replayed"]["body"]["code"] == "token_reused"
