"""Helpers shared by the mfa tests (their fixtures live in tests/mfa/conftest.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from rest_framework.test import APIClient

from jwt_allauth.sessions.models import UserSession
from tests.helpers import PASSWORD

SETUP_URL = "/auth/mfa/setup/"


ACTIVATE_URL = "/auth/mfa/activate/"


VERIFY_URL = "/auth/mfa/verify/"


RECOVERY_URL = "/auth/mfa/verify-recovery/"


DEACTIVATE_URL = "/auth/mfa/deactivate/"


AUTHENTICATORS_URL = "/auth/mfa/authenticators/"


LOGIN_URL = "/auth/login/"


# The start of a 30-second TOTP step, so a test has the whole step to itself.
T0 = datetime(2031, 3, 1, 12, 0, 0, tzinfo=timezone.utc)


@dataclass
class Device:
    """What the user holds: the authenticator app's secret and the recovery codes."""

    secret: str
    recovery_codes: list[str] = field(default_factory=list)

    def code(self) -> str:
        import pyotp  # the test extra; absent from the noextras run, which skips these tests

        return pyotp.TOTP(self.secret).now()

    def other_code(self) -> str:
        """A well-formed code that is not the current one."""
        return f"{(int(self.code()) + 1) % 1_000_000:06d}"


def post(url: str, body=None, client: APIClient | None = None, **extra):
    return (client or APIClient()).post(url, body, format="json", **extra)


def post_raw(url: str, body: str):
    return APIClient().generic("POST", url, body, content_type="application/json")


def bearer(access: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {access}"}


def log_in(user, password: str = PASSWORD):
    return post(LOGIN_URL, {"email": user.email, "password": password})


def verify(challenge_id: str, code: str, **extra):
    return post(VERIFY_URL, {"challenge_id": challenge_id, "code": code}, **extra)


def verify_recovery(challenge_id: str, code: str):
    return post(RECOVERY_URL, {"challenge_id": challenge_id, "recovery_code": code})


def challenge_of(user) -> str:
    """Log in with the password; the login challenge id the server answered."""
    response = log_in(user)
    assert response.status_code == 200, response.data
    assert set(response.data) == {"mfa_required", "challenge_id", "types"}, response.data
    return response.data["challenge_id"]


def assert_field_error(response, field: str, code: str | None = None) -> None:
    """DRF's 400 keyed by field, as every endpoint answers bad input."""
    assert response.status_code == 400, response.data
    assert list(response.data) == [field], response.data
    assert all(isinstance(message, str) and message for message in response.data[field])
    if code is not None:
        assert response.data[field][0].code == code, response.data


NOT_AN_OBJECT = "non_field_errors"


def assert_session(response, delivery: str) -> None:
    """A session came out, delivered like login's."""
    assert response.status_code == 200, response.data
    if delivery == "cookie":
        assert set(response.data) == {"access"}
        assert response.cookies["refresh_token"].value
    else:
        assert set(response.data) == {"access", "refresh"}
        assert "refresh_token" not in response.cookies


def sessions_of(user) -> int:
    return UserSession.objects.filter(user=user).count()


def enrol(user) -> Device:
    """Give ``user`` a TOTP authenticator and recovery codes the way allauth stores them."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    codes = RecoveryCodes.activate(user).get_unused_codes()
    return Device(secret=secret, recovery_codes=codes)


def authenticator_types(user) -> list[str]:
    return sorted(Authenticator.objects.filter(user=user).values_list("type", flat=True))


def access_for(user) -> str:
    """An access token of a fresh session of ``user``, opened without any gate."""
    from jwt_allauth.sessions.flows import open_session

    return str(open_session(user).access)
