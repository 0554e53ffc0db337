"""An unknown address must be indistinguishable from a known one: status, body, headers, time."""

import statistics
import time

from rest_framework.test import APIClient

from tests.helpers.password import RESET_URL

ROUNDS = 150
TOLERANCE = 0.25  # of the slower median; skipping the rehearsal costs ~40 %


def test_same_status_body_and_headers(user, mailoutbox):
    known = APIClient().post(RESET_URL, {"email": user.email}, format="json")
    unknown = APIClient().post(RESET_URL, {"email": "nobody@example.com"}, format="json")
    assert (known.status_code, known.content) == (unknown.status_code, unknown.content)
    assert sorted(known.headers.items()) == sorted(unknown.headers.items())
    assert known.cookies.keys() == unknown.cookies.keys() == set()
    assert len(mailoutbox) == 1


def test_same_time_within_noise(user, settings, mailoutbox):
    settings.JWT_ALLAUTH_THROTTLE_RATES = {"password_reset": None, "password_reset_email": None}
    client = APIClient()
    timings: dict[str, list[float]] = {"known": [], "unknown": []}
    addresses = {"known": user.email, "unknown": "nobody@example.com"}
    for _ in range(ROUNDS):  # interleaved, so load on the machine hits both alike
        for kind, email in addresses.items():
            started = time.perf_counter()
            response = client.post(RESET_URL, {"email": email}, format="json")
            timings[kind].append(time.perf_counter() - started)
            assert response.status_code == 200
    known, unknown = (statistics.median(timings[kind][10:]) for kind in ("known", "unknown"))
    assert abs(known - unknown) <= TOLERANCE * max(known, unknown), (known, unknown)
    assert len(mailoutbox) == ROUNDS
