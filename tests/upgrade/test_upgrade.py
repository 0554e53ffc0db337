"""A jwt-allauth 1.5.1 database upgrades in place: ``migrate``, then every account works.

The databases in ``data/`` were made by 1.5.1 through its own API (``fixture-values.json``
holds their passwords, TOTP secrets, recovery codes and refresh tokens). Each is copied or
restored, migrated with ``tests.upgrade.project.settings`` and driven through the API in
subprocesses (``drive.py``): ``AUTH_USER_MODEL`` is ``jwt_allauth.JAUser`` there.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

REPO = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parent / "data"
SETTINGS = "tests.upgrade.project.settings"
TIMEOUT = 600
# Everything the package ships after 1.x's own 0001_initial, which a 1.x database records.
NEW_MIGRATIONS = sorted(
    path.stem
    for path in (REPO / "jwt_allauth" / "migrations").glob("0*.py")
    if path.stem != "0001_initial"
)
ENCRYPT = "jwt_allauth_encrypt_mfa_secrets"
FIXTURE = json.loads((DATA / "fixture-values.json").read_text())
TABLES_1X = [
    "jwt_allauth_generictokenmodel",
    "jwt_allauth_jauser",
    "jwt_allauth_jauser_groups",
    "jwt_allauth_jauser_user_permissions",
    "jwt_allauth_refreshtokenwhitelistmodel",
]
TABLES_AFTER = [
    "jwt_allauth_jauser",
    "jwt_allauth_jauser_groups",
    "jwt_allauth_jauser_user_permissions",
    "jwt_allauth_onetimegrant",
    "jwt_allauth_usersession",
]
REUSED = {
    "status": 401,
    "body": {
        "detail": "This refresh token was already used. The session has been ended; sign in again.",
        "code": "token_reused",
    },
}
ENDED = {
    "status": 401,
    "body": {"detail": "This session has ended; sign in again.", "code": "session_ended"},
}
BAD_CREDENTIALS = {
    "status": 401,
    "body": {
        "detail": "Unable to log in with the provided credentials.",
        "code": "incorrect_credentials",
    },
}
WRONG_CODE = {"status": 400, "body": {"detail": "Incorrect code.", "code": "mfa_code_invalid"}}

on_postgres = connection.vendor == "postgresql"


def run(*args: str, **env: str) -> str:
    """A command under the upgraded project's settings; its stdout."""
    result = subprocess.run(
        [sys.executable, *args],
        cwd=REPO,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": SETTINGS, **env},
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def drive(*args: str, **env: str) -> Any:
    return json.loads(run("-m", "tests.upgrade.drive", *args, **env))


def upgrade(**env: str) -> dict[str, Any]:
    """Snapshot, ``migrate``, snapshot, then the accounts through the API."""
    before = drive("snapshot", **env)
    migrated = run("-m", "django", "migrate", "--noinput", **env)
    return {
        "before": before,
        "applied": [line.split()[1] for line in migrated.splitlines() if "Applying" in line],
        "after": drive("snapshot", **env),
    }


@pytest.fixture(scope="module")
def sqlite_upgrade(tmp_path_factory) -> dict[str, Any]:
    copy = tmp_path_factory.mktemp("upgrade") / "legacy.sqlite3"
    shutil.copyfile(DATA / "legacy.sqlite3", copy)
    result = upgrade(UPGRADE_SQLITE=str(copy))
    result["database"] = "sqlite"
    result["api"] = drive("legacy", "sqlite", UPGRADE_SQLITE=str(copy))
    result["links"] = drive("links", "sqlite", UPGRADE_SQLITE=str(copy), UPGRADE_LINKS="1")
    result["encrypt"] = run("-m", "django", ENCRYPT, UPGRADE_SQLITE=str(copy))
    result["encrypted"] = drive("encrypted", "sqlite", UPGRADE_SQLITE=str(copy))
    return result


def psql(database: str, *args: str) -> None:
    subprocess.run(
        ["psql", "-v", "ON_ERROR_STOP=1", "-q", "-X", "-d", database, *args],
        env={
            **os.environ,
            "PGHOST": os.environ.get("PGHOST", "127.0.0.1"),
            "PGUSER": os.environ.get("PGUSER", "postgres"),
        },
        check=True,
        capture_output=True,
        timeout=TIMEOUT,
    )


@pytest.fixture(scope="module")
def postgres_upgrade() -> Iterator[dict[str, Any]]:
    """The dump restored into a database of its own, named after the test database."""
    test_name = os.environ.get("JWT_ALLAUTH_TEST_DB_NAME", "test_test")
    name = test_name.removeprefix("test_") + "_legacy_upgrade"
    psql("postgres", "-c", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    psql("postgres", "-c", f'CREATE DATABASE "{name}"')
    try:
        psql(name, "-f", str(DATA / "legacy-postgres.sql"))
        result = upgrade(UPGRADE_PG_NAME=name)
        result["database"] = "postgres"
        result["api"] = drive("legacy", "postgres", UPGRADE_PG_NAME=name)
        result["links"] = drive("links", "postgres", UPGRADE_PG_NAME=name, UPGRADE_LINKS="1")
        result["encrypt"] = run("-m", "django", ENCRYPT, UPGRADE_PG_NAME=name)
        result["encrypted"] = drive("encrypted", "postgres", UPGRADE_PG_NAME=name)
        yield result
    finally:
        psql("postgres", "-c", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(
    params=[
        "sqlite",
        pytest.param(
            "postgres",
            marks=[
                pytest.mark.postgres,
                pytest.mark.skipif(not on_postgres, reason="restores a PostgreSQL dump"),
            ],
        ),
    ]
)
def upgraded(request) -> dict[str, Any]:
    return request.getfixturevalue(f"{request.param}_upgrade")


def claims(user_id: int, role: int) -> dict[str, Any]:
    """What a token minted after the upgrade carries: RS256, our ``sid``, the 1.x role."""
    common = {"alg": "RS256", "user_id": user_id, "role": role, "has_sid": True}
    return {
        "access_claims": {**common, "token_type": "access"},
        "refresh_claims": {**common, "token_type": "refresh"},
    }


def session(user_id: int, role: int) -> dict[str, Any]:
    return {"status": 200, "body": {"access": "<RS256 JWT>"}, **claims(user_id, role)}


def test_migrate_applies_only_our_new_migrations(upgraded):
    assert upgraded["before"]["jwt_allauth_migrations"] == [["0001_initial"]]
    assert upgraded["applied"] == [f"jwt_allauth.{name}..." for name in NEW_MIGRATIONS]
    assert upgraded["after"]["jwt_allauth_migrations"] == [
        ["0001_initial"],
        *([name] for name in NEW_MIGRATIONS),
    ]


def test_1x_token_tables_go_and_the_user_tables_stay(upgraded):
    assert upgraded["before"]["tables"] == TABLES_1X
    assert upgraded["after"]["tables"] == TABLES_AFTER


def test_users_addresses_and_authenticators_are_kept_row_for_row(upgraded):
    before, after = upgraded["before"], upgraded["after"]
    assert len(before["users"]) == 7
    assert [row[:2] + row[4:7] for row in after["users"]] == [
        [1, "admin", 1000, True, True],
        [2, "staff", 1000, True, False],
        [3, "super", 900, False, True],
        [4, "alice", 0, False, False],
        [5, "bob", 0, False, False],
        [6, "dave", 300, False, False],
        [7, "carol", 0, False, False],
    ]
    assert after["users"] == before["users"]  # password hashes included
    assert after["email_addresses"] == before["email_addresses"]
    assert [row[1:] for row in after["email_addresses"]] == [
        [4, "alice@example.com", True, True],
        [5, "bob@example.com", True, True],
        [6, "dave@example.com", False, True],
        [7, "carol@example.com", False, True],
    ]
    assert after["authenticators"] == before["authenticators"]
    assert [row[1:3] for row in after["authenticators"]] == [[5, "totp"], [5, "recovery_codes"]]


def test_every_account_logs_in_with_its_password_and_role(upgraded):
    api = upgraded["api"]
    assert api["logins"] == {
        "admin@example.com": session(1, 1000),
        "staff@example.com": session(2, 1000),
        "super@example.com": session(3, 900),
    }
    assert api["alice"]["login"] == session(4, 0)
    assert api["wrong_password"] == BAD_CREDENTIALS
    # dave was invited and never set a password: 1.x's unusable hash is kept.
    assert api["dave"] == BAD_CREDENTIALS


def session_id_1x(upgraded: dict[str, Any], token: str) -> str:
    """The id 1.x gave the session of one of the fixture's refresh tokens, as a UUID."""
    payloads = FIXTURE["databases"][upgraded["database"]]["refresh_token_payloads"]
    return str(uuid.UUID(hex=payloads[token]["session"]))


def listed(session_id: str, current: bool, **device: str) -> dict[str, Any]:
    fields = dict.fromkeys(("browser", "os", "device", "device_type"), "")
    return {"id": session_id, "ip_address": "127.0.0.1", **fields, **device, "current": current}


def without_new_ids(sessions: list[dict[str, Any]], known: set[str]) -> list[dict[str, Any]]:
    return [s if s["id"] in known else {**s, "id": "<new>"} for s in sessions]


def test_live_1x_refresh_tokens_keep_their_sessions(upgraded):
    api = upgraded["api"]
    assert api["bob_1x_refresh"] == session(5, 0)
    assert api["admin_1x_refresh"] == session(1, 1000)
    alice = api["alice"]
    assert alice["iphone"] == session(4, 0)
    assert alice["iphone_again"] == session(4, 0)
    assert alice["iphone_access_after_rotation"] == 200
    # The session is the row now: 1.x's token for it is spent once rotated.
    assert alice["iphone_1x_token_again"] == REUSED


def test_a_replayed_1x_token_ends_its_session_as_in_1x(upgraded):
    alice = upgraded["api"]["alice"]
    assert alice["desktop_replayed"] == REUSED
    assert alice["desktop_after_replay"] == ENDED


def test_carried_sessions_are_listed_with_their_1x_device(upgraded):
    api = upgraded["api"]
    iphone = session_id_1x(upgraded, "alice@example.com:iphone_live")
    android = session_id_1x(upgraded, "bob@example.com:android_live")
    new = {"browser": "Other", "os": "Other", "device": "Other", "device_type": "other"}
    # alice's desktop session ended on the replay; her iPhone's 1.x login row had no device.
    assert without_new_ids(api["alice"]["sessions"], {iphone}) == [
        listed("<new>", True, **new),
        listed(iphone, False),
    ]
    assert without_new_ids(api["bob"]["sessions"], {android}) == [
        listed("<new>", True, **new),
        listed(
            android,
            False,
            browser="Chrome Mobile 124.0.0",
            os="Android 14",
            device="Pixel 8",
            device_type="mobile",
        ),
    ]


def test_new_sessions_refresh_and_authenticate(upgraded):
    alice = upgraded["api"]["alice"]
    assert alice["refresh"] == session(4, 0)
    assert alice["user"] == {
        "status": 200,
        "body": {"email": "alice@example.com", "first_name": "Alice", "last_name": "Anderson"},
    }


def test_totp_and_unused_recovery_codes_keep_working(upgraded):
    bob = upgraded["api"]["bob"]
    assert bob["login"] == {
        "status": 200,
        "body": {"mfa_required": True, "types": ["recovery_codes", "totp"]},
    }
    assert bob["totp_other_secret"] == WRONG_CODE
    assert bob["totp"] == session(5, 0)
    assert bob["recovery"] == session(5, 0)
    assert bob["recovery_again"] == WRONG_CODE
    assert bob["recovery_other"] == session(5, 0)


def test_unverified_address_stays_unverified(upgraded):
    api = upgraded["api"]
    # 1.x's generated project left verification off, which lets carol in; made
    # mandatory, her unconfirmed address is what stops her.
    assert api["carol"] == session(7, 0)
    assert api["carol_mandatory"] == {
        "status": 403,
        "body": {
            "detail": "Verify your e-mail address first; we sent you a link.",
            "code": "email_not_verified",
        },
    }


def test_the_optional_command_encrypts_1x_secrets_and_codes_still_work(upgraded):
    assert upgraded["encrypt"].strip() == "Encrypted the secrets of 2 authenticator(s)."
    encrypted = upgraded["encrypted"]
    assert encrypted["stored_encrypted"] == [["recovery_codes", True], ["totp", True]]
    assert encrypted["totp"] == session(5, 0)
    assert encrypted["spent_recovery_code"] == WRONG_CODE
    assert encrypted["unused_recovery_code"] == session(5, 0)


def test_links_mailed_by_1x(upgraded):
    links = upgraded["links"]
    # allauth's signed keys, at the path 1.x used: they still confirm and invite.
    assert links["carol_confirmation"] == {
        "status": 302,
        "page_code": None,
        "location": "/jwt-allauth/registration/verified/",
        "cookies": ["messages"],
    }
    assert links["carol_login"] == session(7, 0)
    assert links["dave_invitation"] == {
        "status": 302,
        "page_code": None,
        "location": "/jwt-allauth/registration/set-password/default/",
        # csrftoken: for a 1.x front end, which echoes it in X-CSRFToken.
        "cookies": ["csrftoken", "messages", "set_password_access_token"],
    }
    # A reset link now names a one-time grant; 1.x's carried only Django's token.
    assert links["alice_password_reset"] == {
        "status": 400,
        "page_code": "grant_invalid",
        "location": None,
        "cookies": [],
    }


def test_a_new_project_on_jauser_migrates_and_keeps_roles_in_step(tmp_path):
    database = str(tmp_path / "new.sqlite3")
    run("-m", "django", "migrate", "--noinput", UPGRADE_SQLITE=database)
    changes = run("-m", "django", "makemigrations", "--check", "--dry-run", UPGRADE_SQLITE=database)
    assert changes.strip() == "No changes detected"
    result = drive("fresh", UPGRADE_SQLITE=database)
    assert result == {
        "user_model": "jwt_allauth.JAUser",
        "db_table": "jwt_allauth_jauser",
        "roles": {"superuser": 1000, "staff": 1000, "super": 900, "plain": 0, "custom": 300},
        "refused": {
            "staff_with_user_role": True,
            "superuser_with_staff_role": True,
            "create_superuser_role_0": True,
        },
        "login": session(5, 300),
    }


def test_migrate_stops_while_the_1x_migration_modules_line_is_still_there(tmp_path):
    copy = tmp_path / "legacy.sqlite3"
    shutil.copyfile(DATA / "legacy.sqlite3", copy)
    result = subprocess.run(
        [sys.executable, "-m", "django", "migrate", "--noinput"],
        cwd=REPO,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": SETTINGS,
            "UPGRADE_SQLITE": str(copy),
            "UPGRADE_FORGOT_MIGRATION_MODULES": "1",
        },
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )

    assert result.returncode == 1
    assert "(jwt_allauth.E024) MIGRATION_MODULES sends jwt_allauth's migrations" in result.stderr
    assert copy.read_bytes() == (DATA / "legacy.sqlite3").read_bytes()
