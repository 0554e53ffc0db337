"""Run inside the documented project (``tests.documented.settings``); print JSON.

``python -m tests.documented.drive``  checks, sign-up, login, MFA, reset (or, with
``DOCUMENTED_INVITATIONS`` set, an invitation) through the API, from an empty DB.
"""

from __future__ import annotations

import json
import re
from datetime import timedelta
from typing import Any

import django

django.setup()

import jwt  # noqa: E402
import pyotp  # noqa: E402
import time_machine  # noqa: E402
from allauth.account.models import EmailAddress  # noqa: E402
from allauth.mfa.models import Authenticator  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core import checks, mail  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402
from rest_framework.test import APIClient  # noqa: E402

PASSWORD = "correct horse battery staple 9"
NEW_PASSWORD = "a long and unusual passphrase 7"
AJAX = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}
LINK = re.compile(r"https://api\.example\.com(/auth/\S+/)")
OURS = ("jwt_allauth.", "account.", "mfa.", "allauth.")


def post(client: APIClient, url: str, body: Any = None, **extra: Any) -> Any:
    return client.post(url, body, format="json", **extra)


def answer(response: Any) -> dict[str, Any]:
    data = getattr(response, "data", None)
    return {"status": response.status_code, "keys": sorted(data) if isinstance(data, dict) else []}


def link_path() -> str:
    (path,) = LINK.findall(mail.outbox[-1].body)
    return path


def login(email: str, password: str) -> Any:
    return post(APIClient(), "/auth/login/", {"email": email, "password": password})


def signed_with(token: str) -> dict[str, bool]:
    """Which keys verify ``token``: 1.x's JWT_ALLAUTH_SECRET_KEY, Django's SECRET_KEY."""
    keys = {"jwt_allauth_secret_key": settings.JWT_ALLAUTH_SECRET_KEY}
    keys["secret_key"] = settings.SECRET_KEY
    result = {}
    for name, key in keys.items():
        try:
            jwt.decode(token, key, algorithms=["HS256"])
        except jwt.InvalidSignatureError:
            result[name] = False
        else:
            result[name] = True
    return result


def check_ids() -> list[str]:
    messages = checks.run_checks(include_deployment_checks=True)
    return sorted({m.id or m.msg for m in messages if (m.id or "").startswith(OURS) or not m.id})


def open_mode(out: dict[str, Any]) -> None:
    client = APIClient()
    body = {"email": "Alice@Example.com", "password1": PASSWORD, "password2": PASSWORD}
    out["signup"] = answer(post(client, "/auth/registration/", body))
    out["unverified_login"] = answer(login("alice@example.com", PASSWORD))
    out["confirm_link"] = APIClient().get(link_path()).status_code
    response = login("alice@example.com", PASSWORD)
    out["login"] = answer(response)
    out["signed_with_the_1x_key"] = signed_with(response.data["access"])
    out["wrong_password"] = answer(login("alice@example.com", "not the password"))
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {response.data['access']}"}

    setup = post(APIClient(), "/auth/mfa/setup/", **bearer)
    totp = pyotp.parse_uri(setup.data["provisioning_uri"])
    out["mfa_issuer"] = totp.issuer
    activated = post(APIClient(), "/auth/mfa/activate/", {"code": totp.now()}, **bearer)
    out["mfa_activate"] = answer(activated)
    stored = Authenticator.objects.get(type=Authenticator.Type.TOTP).data["secret"]
    out["mfa_secret_encrypted"] = stored != totp.secret and totp.secret not in stored
    with time_machine.travel(timezone.now() + timedelta(seconds=31), tick=False):
        challenge = login("alice@example.com", PASSWORD)
        out["mfa_login"] = answer(challenge)
        verify = {"challenge_id": challenge.data["challenge_id"], "code": totp.now()}
        out["mfa_verify"] = answer(post(APIClient(), "/auth/mfa/verify/", verify))

    post(APIClient(), "/auth/password/reset/", {"email": "alice@example.com"})
    browser = APIClient()
    opened = browser.get(link_path())
    out["reset_link"] = {"status": opened.status_code, "location": opened["Location"]}
    new = {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    out["reset_set_new"] = answer(post(browser, "/auth/password/reset/set-new/", new, **AJAX))
    out["login_after_reset"] = answer(login("alice@example.com", NEW_PASSWORD))


def invitation_mode(out: dict[str, Any]) -> None:
    staff_user = get_user_model().objects.create_user(
        username="staff", email="staff@example.com", password=PASSWORD, is_staff=True
    )
    EmailAddress.objects.create(
        user=staff_user, email=staff_user.email, verified=True, primary=True
    )
    access = login("staff@example.com", PASSWORD).data["access"]
    staff = APIClient(HTTP_AUTHORIZATION=f"Bearer {access}")
    invited = {"email": "i@ex.com", "role": 0}
    out["invite"] = answer(post(staff, "/auth/registration/user-register/", invited))
    browser = APIClient()
    opened = browser.get(link_path())
    out["invitation_link"] = {"status": opened.status_code, "location": opened["Location"]}
    new = {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    out["set_password"] = answer(post(browser, "/auth/registration/set-password/", new, **AJAX))
    out["invitee_login"] = answer(login("i@ex.com", NEW_PASSWORD))


def main() -> None:
    setup_test_environment()
    call_command("migrate", verbosity=0)
    out: dict[str, Any] = {
        "checks": check_ids(),
        "supplied": {
            name: sorted(value) if isinstance(value, (set, list)) else value
            for name in ("ACCOUNT_LOGIN_METHODS", "ACCOUNT_SIGNUP_FIELDS", "MFA_ADAPTER")
            if (value := getattr(settings, name, None)) is not None
        },
    }
    if settings.JWT_ALLAUTH_ADMIN_MANAGED_REGISTRATION:
        invitation_mode(out)
    else:
        open_mode(out)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
