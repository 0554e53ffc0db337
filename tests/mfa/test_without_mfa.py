"""The core stands alone: without allauth.mfa installed, login works and mfa/ answers 403.

Run in a subprocess, since INSTALLED_APPS cannot change inside one.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = """
import json, sys
import django
django.setup()
from django.core.management import call_command
from django.test.utils import override_settings, setup_test_environment
call_command("migrate", verbosity=0)
setup_test_environment()
from django.contrib.auth import get_user_model
from django.core.checks import run_checks
from rest_framework.test import APIClient
from tests.helpers import PASSWORD

User = get_user_model()
fields = {"username": "a@example.com"} if "username" in [f.name for f in User._meta.fields] else {}
user = User(email="a@example.com", **fields)
user.set_password(PASSWORD)
user.save()
client = APIClient()
login = client.post("/auth/login/", {"email": user.email, "password": PASSWORD}, format="json")
setup = client.post("/auth/mfa/setup/", {}, format="json")
result = {
    "login": [login.status_code, sorted(login.data)],
    "setup": [setup.status_code, setup.data["code"]],
    "checks": [m.id for m in run_checks(tags=["jwt_allauth"])],
    "mfa_models_imported": "allauth.mfa.models" in sys.modules,
}
with override_settings(JWT_ALLAUTH_MFA_TOTP_MODE="optional"):
    result["checks_when_on"] = [m.id for m in run_checks(tags=["jwt_allauth"])]
    try:
        client.post("/auth/login/", {"email": user.email, "password": PASSWORD}, format="json")
        result["login_when_on"] = "session"
    except Exception as error:
        result["login_when_on"] = type(error).__name__
print(json.dumps(result))
"""


def test_without_allauth_mfa():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.mfa.settings_without_mfa"}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])

    assert result == {
        "login": [200, ["access"]],
        "setup": [403, "mfa_disabled"],
        "checks": [],
        "mfa_models_imported": False,
        "checks_when_on": ["jwt_allauth.E011"],
        "login_when_on": "ImproperlyConfigured",  # fails closed: no session
    }
