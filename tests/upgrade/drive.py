"""Run inside the upgraded project (``tests.upgrade.project.settings``); print JSON.

``python -m tests.upgrade.drive snapshot``   the rows an upgrade must keep, read with SQL
``python -m tests.upgrade.drive legacy DB``  the fixture's accounts through the API
                                             (DB: ``sqlite`` or ``postgres``)
``python -m tests.upgrade.drive fresh``      JAUser's manager, constraints and a login
``python -m tests.upgrade.drive older``      the 1.2.4 database's account and sessions

The pytest side (``test_upgrade.py``) runs these in subprocesses, because
``AUTH_USER_MODEL`` cannot change inside one process, and asserts on the JSON.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import django

django.setup()

import jwt  # noqa: E402
import pyotp  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import IntegrityError, connection, transaction  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

DATA = Path(__file__).resolve().parent / "data"
FIXTURE = json.loads((DATA / "fixture-values.json").read_text())
PASSWORD = FIXTURE["password_of_every_account"]
API = "/jwt-allauth/"

SNAPSHOT_QUERIES = {
    "users": "SELECT id, username, email, password, role, is_staff, is_superuser, is_active,"
    " first_name, last_name, last_login, date_joined FROM jwt_allauth_jauser ORDER BY id",
    "email_addresses": 'SELECT id, user_id, email, verified, "primary"'
    " FROM account_emailaddress ORDER BY id",
    "authenticators": "SELECT id, user_id, type, data FROM mfa_authenticator ORDER BY id",
    "jwt_allauth_migrations": "SELECT name FROM django_migrations"
    " WHERE app = 'jwt_allauth' ORDER BY name",
}


def snapshot() -> dict[str, Any]:
    with connection.cursor() as cursor:
        rows = {}
        for key, sql in SNAPSHOT_QUERIES.items():
            cursor.execute(sql)
            rows[key] = [[_plain(value) for value in row] for row in cursor.fetchall()]
    rows["tables"] = sorted(
        name for name in connection.introspection.table_names() if name.startswith("jwt_allauth_")
    )
    return rows


def _plain(value: Any) -> Any:
    if isinstance(value, (bool, int, str)) or value is None:
        return value
    return str(value)


def answer(response: Any) -> dict[str, Any]:
    """Status, body, and the refresh cookie's claims when one was set."""
    body = response.json() if response.content else None
    result: dict[str, Any] = {"status": response.status_code, "body": body}
    if isinstance(body, dict) and "access" in body:
        result["access_claims"] = verified_claims(body.pop("access"))
        body["access"] = "<RS256 JWT>"
    cookie = response.cookies.get("refresh_token")
    if cookie is not None and cookie.value:
        result["refresh_claims"] = verified_claims(cookie.value)
    return result


def verified_claims(raw: str) -> dict[str, Any]:
    """The claims of a token checked with the project's public key; RS256 only."""
    header = jwt.get_unverified_header(raw)
    claims = jwt.decode(raw, settings.SIMPLE_JWT["VERIFYING_KEY"], algorithms=["RS256"])
    return {
        "alg": header["alg"],
        "token_type": claims["token_type"],
        "user_id": claims["user_id"],
        "role": claims["role"],
        "has_sid": bool(claims.get("sid")),
    }


def post(client: Client, path: str, data: dict[str, Any], **extra: Any) -> Any:
    return client.post(API + path, data, content_type="application/json", **extra)


def log_in(email: str) -> dict[str, Any]:
    return answer(post(Client(), "login/", {"email": email, "password": PASSWORD}))


def present_1x_refresh(token: str) -> dict[str, Any]:
    client = Client()
    client.cookies["refresh_token"] = token
    return answer(post(client, "refresh/", {}))


def current_totp(secret: str) -> str:
    """The code of the current step, not from a step about to end (no tolerance here)."""
    while 30 - time.time() % 30 < 2:
        time.sleep(0.2)
    return pyotp.TOTP(secret).now()


def bob_second_factor(values: dict[str, Any], other_secret: str) -> dict[str, Any]:
    """TOTP from the 1.x secret (not another); a 1.x recovery code, once; another one."""
    codes = values["bob"]["recovery_codes_unused"]

    def challenge() -> str:
        return log_in("bob@example.com")["body"]["challenge_id"]

    def verify_totp(challenge_id: str, secret: str) -> dict[str, Any]:
        code = current_totp(secret)
        return answer(post(Client(), "mfa/verify/", {"challenge_id": challenge_id, "code": code}))

    login = log_in("bob@example.com")
    challenge_id = login["body"].pop("challenge_id")
    first_recovery = challenge()
    other = verify_totp(challenge(), other_secret)
    code = current_totp(values["bob"]["totp_secret"])
    verified = post(Client(), "mfa/verify/", {"challenge_id": challenge_id, "code": code})
    return {
        "login": login,
        "totp_other_secret": other,
        "sessions": sessions_seen_by(Client(), verified.json()["access"]),
        "totp": answer(verified),
        "recovery": answer(
            post(
                Client(),
                "mfa/verify-recovery/",
                {"challenge_id": first_recovery, "recovery_code": codes[0]},
            )
        ),
        "recovery_again": answer(
            post(
                Client(),
                "mfa/verify-recovery/",
                {"challenge_id": challenge(), "recovery_code": codes[0]},
            )
        ),
        "recovery_other": answer(
            post(
                Client(),
                "mfa/verify-recovery/",
                {"challenge_id": challenge(), "recovery_code": codes[-1]},
            )
        ),
    }


def sessions_seen_by(client: Client, access: str) -> list[dict[str, Any]]:
    listing = client.get(API + "sessions/", HTTP_AUTHORIZATION=f"Bearer {access}").json()
    keep = ("id", "ip_address", "browser", "os", "device", "device_type", "current")
    return [{key: entry[key] for key in keep} for entry in listing]


def alice_afterwards(values: dict[str, Any]) -> dict[str, Any]:
    """Her 1.x sessions (one replayed), a new login, her details and sessions."""
    tokens = values["refresh_tokens"]
    replayed = "alice_desktop_rotated_away__replay_revokes_desktop_session"
    result: dict[str, Any] = {
        "desktop_replayed": present_1x_refresh(tokens[replayed]),
        "desktop_after_replay": present_1x_refresh(tokens["alice_desktop_live"]),
    }
    iphone = Client()
    iphone.cookies["refresh_token"] = tokens["alice_iphone_live"]
    rotated = post(iphone, "refresh/", {})
    iphone_access = rotated.json()["access"]
    result["iphone"] = answer(rotated)
    result["iphone_again"] = answer(post(iphone, "refresh/", {}))
    client = Client()
    login = post(client, "login/", {"email": "alice@example.com", "password": PASSWORD})
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {login.json()['access']}"}
    details = client.get(API + "user/", **bearer)
    result["sessions"] = sessions_seen_by(client, login.json()["access"])
    result["iphone_access_after_rotation"] = client.get(
        API + "user/", HTTP_AUTHORIZATION=f"Bearer {iphone_access}"
    ).status_code
    result["login"] = answer(login)
    result["user"] = {"status": details.status_code, "body": details.json()}
    result["refresh"] = answer(post(client, "refresh/", {}))
    result["iphone_1x_token_again"] = present_1x_refresh(tokens["alice_iphone_live"])
    return result


def legacy(database: str) -> dict[str, Any]:
    values = FIXTURE["databases"][database]
    result: dict[str, Any] = {
        "logins": {
            email: log_in(email)
            for email in ("admin@example.com", "staff@example.com", "super@example.com")
        },
        "bob_1x_refresh": present_1x_refresh(values["refresh_tokens"]["bob_android_live"]),
        "admin_1x_refresh": present_1x_refresh(values["refresh_tokens"]["admin_linux_live"]),
        "dave": log_in("dave@example.com"),
        "carol": log_in("carol@example.com"),
        "wrong_password": answer(
            post(Client(), "login/", {"email": "alice@example.com", "password": "wrong"})
        ),
    }
    with override_settings(EMAIL_VERIFICATION="mandatory"):
        result["carol_mandatory"] = log_in("carol@example.com")
    result["alice"] = alice_afterwards(values)
    other = next(values for name, values in FIXTURE["databases"].items() if name != database)
    result["bob"] = bob_second_factor(values, other["bob"]["totp_secret"])
    return result


def follow_1x_link(link: str) -> dict[str, Any]:
    """GET a link 1.x mailed (its path; the host was the seeding server's)."""
    response = Client().get(urlsplit(link).path)
    return {
        "status": response.status_code,
        "page_code": (getattr(response, "context_data", None) or {}).get("code"),
        "location": response.get("Location"),
        "cookies": sorted(name for name, morsel in response.cookies.items() if morsel.value),
    }


def links(database: str) -> dict[str, Any]:
    """The links 1.x mailed before the upgrade; then carol and dave try to log in."""
    mailed = FIXTURE["databases"][database]["links"]
    return {
        "carol_confirmation": follow_1x_link(mailed["carol_email_confirmation"]),
        "carol_login": log_in("carol@example.com"),
        "dave_invitation": follow_1x_link(mailed["dave_invitation"]),
        "alice_password_reset": follow_1x_link(mailed["alice_password_reset"]),
    }


def after_encryption(database: str) -> dict[str, Any]:
    """bob's second factor once ``jwt_allauth_encrypt_mfa_secrets`` has run."""
    from allauth.mfa.models import Authenticator

    values = FIXTURE["databases"][database]["bob"]
    codes = values["recovery_codes_unused"]

    def verify(path: str, field: str, code: Any) -> dict[str, Any]:
        challenge_id = log_in("bob@example.com")["body"]["challenge_id"]
        # The code is taken after the (slow) login, so it is the current step's.
        fields = {"challenge_id": challenge_id, field: code() if callable(code) else code}
        return answer(post(Client(), path, fields))

    def fresh_totp_code() -> str:
        # The legacy run spent a code; one from the same 30 s step is a replay.
        totp = Authenticator.objects.get(user__email="bob@example.com", type="totp")
        while time.time() // 30 <= totp.data.get("jwt_allauth_last_step", -1):
            time.sleep(0.5)
        return current_totp(values["totp_secret"])

    return {
        "stored_encrypted": sorted(
            (
                a.type,
                all(
                    str(v).startswith("jwt_allauth.fernet$")
                    for k, v in a.data.items()
                    if k in ("secret", "seed")
                ),
            )
            for a in Authenticator.objects.filter(user__email="bob@example.com")
        ),
        "totp": verify("mfa/verify/", "code", fresh_totp_code),
        "spent_recovery_code": verify("mfa/verify-recovery/", "recovery_code", codes[0]),
        "unused_recovery_code": verify("mfa/verify-recovery/", "recovery_code", codes[1]),
    }


def fresh() -> dict[str, Any]:
    """On a new database: the manager's roles, the constraints, a login."""
    User = get_user_model()
    made = {
        "superuser": User.objects.create_superuser("root", "root@example.com", PASSWORD),
        "staff": User.objects.create_user("staff", "staff@example.com", PASSWORD, is_staff=True),
        "super": User.objects.create_user(
            "super", "super@example.com", PASSWORD, is_superuser=True
        ),
        "plain": User.objects.create_user("plain", "plain@example.com", PASSWORD),
        "custom": User.objects.create_user("custom", "custom@example.com", PASSWORD, role=300),
    }
    refused = {}
    for name, fields in {
        "staff_with_user_role": {"is_staff": True, "role": 0},
        "superuser_with_staff_role": {"is_superuser": True, "role": 1000},
    }.items():
        try:
            with transaction.atomic():
                User.objects.create_user(name, f"{name}@example.com", PASSWORD, **fields)
            refused[name] = False
        except IntegrityError:
            refused[name] = True
    try:
        User.objects.create_superuser("odd", "odd@example.com", PASSWORD, role=0)
        refused["create_superuser_role_0"] = False
    except ValueError:
        refused["create_superuser_role_0"] = True
    return {
        "user_model": User._meta.label,
        "db_table": User._meta.db_table,
        "roles": {name: user.role for name, user in made.items()},
        "refused": refused,
        "login": log_in("custom@example.com"),
    }


def older() -> dict[str, Any]:
    """The account of ``older-1.2.4.sqlite3``: its password, and its 1.x sessions."""
    values = json.loads((DATA / "older-1.2.4.json").read_text())
    login = answer(
        post(Client(), "login/", {"email": values["email"], "password": values["password"]})
    )
    return {
        "login": login,
        "refreshed": [present_1x_refresh(token) for token in values["refresh_tokens"]],
        "replayed": present_1x_refresh(values["refresh_tokens"][0]),
    }


def main(command: str, *args: str) -> None:
    setup_test_environment()
    if command == "snapshot":
        result = snapshot()
    elif command == "legacy":
        result = legacy(*args)
    elif command == "links":
        result = links(*args)
    elif command == "encrypted":
        result = after_encryption(*args)
    elif command == "older":
        result = older()
    else:
        result = fresh()
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main(*sys.argv[1:])
