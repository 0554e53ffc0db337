"""An unknown address must be indistinguishable from a known one: status, body, headers, time."""

import statistics
import time

from rest_framework.test import APIClient

from tests.helpers.password import RESET_URL

ROUNDS = 150
TOLERANCE = 0.25  # of the slower median; skipping the rehearsal costs ~40 %
ATTEMPTS = 3


def test_same_status_body_and_headers(user, mailoutbox):
    known = APIClient().post(RESET_URL, {"email": user.email}, format="json")
    unknown = APIClient().post(RESET_URL, {"email": "nobody@example.com"}, format="json")
    assert (known.status_code, known.content) == (unknown.status_code, unknown.content)
    assert sorted(known.headers.items()) == sorted(unknown.headers.items())
    assert known.cookies.keys() == unknown.cookies.keys() == set()
    assert len(mailoutbox) == 1


def test_same_time_within_noise(user, settings, mailoutbox):
    settings.JWT_ALLAUTH_THROTTLE_RATES = {"password_reset": None, "password_reset_email": None}
    # A burst of load on a shared machine (another process installing packages, say)
    # can skew one pass; a path that skips the rehearsal is slower in every pass.
    passes = []
    while len(passes) < ATTEMPTS:
        known, unknown = median_times(user.email)
        passes.append((known, unknown))
        if abs(known - unknown) <= TOLERANCE * max(known, unknown):
            break
    else:
        raise AssertionError(f"known and unknown medians apart in every pass: {passes}")
    assert len(mailoutbox) == ROUNDS * len(passes)


def median_times(known_email: str) -> tuple[float, float]:
    """Median seconds of a reset request for a known and an unknown address, interleaved."""
    client = APIClient()
    timings: dict[str, list[float]] = {"known": [], "unknown": []}
    addresses = {"known": known_email, "unknown": "nobody@example.com"}
    for _ in range(ROUNDS):  # interleaved, so load on the machine hits both alike
        for kind, email in addresses.items():
            started = time.perf_counter()
            response = client.post(RESET_URL, {"email": email}, format="json")
            timings[kind].append(time.perf_counter() - started)
            assert response.status_code == 200
    known, unknown = (statistics.median(timings[kind][10:]) for kind in ("known", "unknown"))
    return known, unknown
