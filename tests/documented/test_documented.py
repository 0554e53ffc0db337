"""The documented configuration, and nothing more, runs every flow with clean checks.

The project (``settings.py`` here) runs in subprocesses (``drive.py``): the
defaults the package supplies are set once, at start-up, in that process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
SUPPLIED = {
    "ACCOUNT_LOGIN_METHODS": ["email"],
    "ACCOUNT_SIGNUP_FIELDS": ["email*", "password1*", "password2*"],
    "MFA_ADAPTER": "jwt_allauth.mfa.adapter.MFAAdapter",
}


def drive(tmp_path: Path, **env: str) -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, "-m", "tests.documented.drive"],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.documented.settings",
            "DOCUMENTED_DB": str(tmp_path / "db.sqlite3"),
            **env,
        },
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def ok(*keys: str) -> dict[str, Any]:
    return {"status": 200, "keys": sorted(keys)}


@pytest.fixture(scope="module")
def open_project(tmp_path_factory) -> dict[str, Any]:
    return drive(tmp_path_factory.mktemp("open"))


def test_checks_are_clean_and_the_allauth_defaults_supplied(open_project):
    assert open_project["checks"] == []
    assert open_project["supplied"] == SUPPLIED


def test_sign_up_confirm_and_log_in_by_email(open_project):
    assert open_project["signup"] == {"status": 201, "keys": ["detail", "email"]}
    assert open_project["unverified_login"] == {"status": 403, "keys": ["code", "detail"]}
    assert open_project["confirm_link"] == 302
    assert open_project["login"] == ok("access")
    assert open_project["signed_with_the_1x_key"] == {
        "jwt_allauth_secret_key": True,
        "secret_key": False,
    }
    assert open_project["wrong_password"] == {"status": 401, "keys": ["code", "detail"]}


def test_mfa_uses_the_issuer_and_encrypts_the_secret(open_project):
    assert open_project["mfa_issuer"] == "Documented Project"
    assert open_project["mfa_activate"] == ok("recovery_codes", "success")
    assert open_project["mfa_secret_encrypted"] is True
    assert open_project["mfa_login"] == ok("challenge_id", "mfa_required", "types")
    assert open_project["mfa_verify"] == ok("access")


def test_password_reset_with_the_relative_redirect(open_project):
    assert open_project["reset_link"] == {"status": 302, "location": "/password_reset/"}
    assert open_project["reset_set_new"] == ok("challenge_id", "detail", "mfa_required", "types")
    assert open_project["login_after_reset"] == ok("challenge_id", "mfa_required", "types")


def test_invitation(tmp_path):
    out = drive(tmp_path, DOCUMENTED_INVITATIONS="1")
    assert out["checks"] == []
    assert out["invite"] == {"status": 201, "keys": []}
    assert out["invitation_link"] == {"status": 302, "location": "/set_password/"}
    assert out["set_password"] == ok("access", "detail")
    assert out["invitee_login"] == ok("access")
