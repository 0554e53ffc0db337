"""Sign-up and resend answer the same, in about the same time, whether or not an account exists.

Timing is compared by medians over many interleaved requests, with a generous
tolerance: it catches a skipped password hash or mail, not microseconds.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from tests.helpers.registration import RESENT, SENT, resend, sign_up

ROUNDS = 25
ATTEMPTS = 3
SLOW_HASHER = ["tests.registration.custom.SlowHasher"]


@pytest.fixture
def unthrottled(settings):
    settings.JWT_ALLAUTH_THROTTLE_RATES = {"register": None, "resend_email": None}


def answer(response) -> tuple:
    cookies = tuple(sorted(response.cookies))
    return response.status_code, response.content, response["Content-Type"], cookies


def medians_ms(first: Callable[[int], object], second: Callable[[int], object], offset: int):
    """Median milliseconds of ``first(i)`` and ``second(i)``, interleaved over ROUNDS."""
    times: tuple[list[float], list[float]] = ([], [])
    for index in range(offset, offset + ROUNDS):
        for call, durations in zip((first, second), times):
            start = time.perf_counter()
            call(index)
            durations.append(time.perf_counter() - start)
    return tuple(statistics.median(durations) * 1000 for durations in times)


def assert_alike(first: Callable[[int], object], second: Callable[[int], object]) -> None:
    """Medians within 30 % (or 2 ms); a busy machine gets up to three tries."""
    tries = []
    for attempt in range(ATTEMPTS):
        a, b = medians_ms(first, second, attempt * ROUNDS)
        tries.append((round(a, 2), round(b, 2)))
        if abs(a - b) <= max(0.3 * max(a, b), 2.0):
            return
    pytest.fail(f"median milliseconds differ: {tries}")


def test_sign_up_answers_alike(user, mandatory):
    fresh = sign_up("fresh@example.com")
    taken = sign_up(user.email)
    same_address = fresh.content.replace(b"fresh@example.com", user.email.encode())
    assert answer(taken) == (fresh.status_code, same_address, fresh["Content-Type"], ())
    assert fresh.data == {**SENT, "email": "fresh@example.com"}
    assert taken.data == {**SENT, "email": user.email}


def test_resend_answers_alike(user_factory, mandatory):
    waiting = user_factory(email="waiting@example.com")
    EmailAddress.objects.create(user=waiting, email=waiting.email, primary=True)
    verified = user_factory(email="verified@example.com")
    EmailAddress.objects.create(user=verified, email=verified.email, verified=True)
    answers = {answer(resend(email)) for email in (waiting.email, verified.email, "x@example.com")}
    assert len(answers) == 1
    assert resend("y@example.com").data == RESENT
    assert len(mail.outbox) == 1


def test_sign_up_takes_as_long_for_a_taken_address(user_factory, mandatory, unthrottled, settings):
    """With a realistic hash cost, the taken path hashes too and sends its one mail."""
    total = ROUNDS * ATTEMPTS
    taken = [user_factory(email=f"taken{i}@example.com").email for i in range(total)]
    settings.PASSWORD_HASHERS = SLOW_HASHER
    assert_alike(lambda i: sign_up(f"fresh{i}@example.com"), lambda i: sign_up(taken[i]))
    assert mail.outbox and len(mail.outbox) % (2 * ROUNDS) == 0  # each round: two mails


def test_resend_takes_as_long_for_an_unknown_address(user_factory, mandatory, unthrottled):
    waiting = []
    for index in range(ROUNDS * ATTEMPTS):
        user = user_factory(email=f"waiting{index}@example.com")
        waiting.append(EmailAddress.objects.create(user=user, email=user.email, primary=True).email)
    assert_alike(lambda i: resend(waiting[i]), lambda i: resend(f"unknown{i}@example.com"))
    assert {message.to[0] for message in mail.outbox} <= set(waiting)
