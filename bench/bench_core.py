#!/usr/bin/env python3
"""What a request costs: latency and SQL queries of the hot endpoints.

Runs in-process through DRF's APIClient (no network, no server), so the numbers
are the Django + DRF + jwt_allauth stack alone. For each request kind it makes
``--warmup`` untimed calls, then ``-n`` timed ones, and reports p50, p99, the
queries one request runs, and p50 relative to a bare DRF view with no
authentication (the floor). Passwords use MD5PasswordHasher: with PBKDF2 the
login row would measure the hasher, not us.

    python3 dev.py bench core                 # SQLite, a temporary file database
    python3 dev.py bench core --db sqlite-memory   # SQLite in memory: no disk syncs
    python3 dev.py bench core --db postgres   # PostgreSQL, database jwt_allauth_bench
    .venv/bin/python bench/bench_core.py -n 5000 --show-sql

Exits 1 when a query-count target is missed.
"""

from __future__ import annotations

import argparse
import gc
import platform
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import benchsite

EMAIL = "bench@example.com"
PASSWORD = "bench-password-1234"


@dataclass
class Result:
    name: str
    p50_ms: float
    p99_ms: float
    queries: int
    sql: list[str]


@dataclass
class Target:
    label: str
    scenario: str
    max_queries: int


TARGETS = [
    Target("authenticated view that needs no user row", "token-only view", 0),
    Target("refresh/ (cookie)", "refresh/ (cookie)", 4),
    Target("user/", "GET user/", 1),
]


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def measure(name: str, call: Callable[[], Any], n: int, warmup: int) -> Result:
    """Time ``n`` calls after ``warmup``; count one call's queries separately."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(warmup):
        expect_ok(call())
    gc.collect()
    samples = []
    for _ in range(n):
        start = time.perf_counter()
        response = call()
        samples.append(time.perf_counter() - start)
        expect_ok(response)
    with CaptureQueriesContext(connection) as captured:
        expect_ok(call())
    sql = [query["sql"] for query in captured.captured_queries]
    return Result(
        name, percentile(samples, 0.5) * 1e3, percentile(samples, 0.99) * 1e3, len(sql), sql
    )


def expect_ok(response: Any) -> None:
    if response.status_code != 200:
        raise SystemExit(f"unexpected {response.status_code}: {getattr(response, 'data', '')}")


def make_user() -> Any:
    from django.contrib.auth import get_user_model

    from jwt_allauth.sessions.models import UserSession

    User = get_user_model()
    UserSession.objects.all().delete()
    User.objects.filter(email=EMAIL).delete()
    user = User(username="bench", email=EMAIL)
    user.set_password(PASSWORD)
    user.save()
    return user


def scenarios() -> list[tuple[str, Callable[[], Any]]]:
    """(name, call) for each request kind; clients are logged in once, up front."""
    from rest_framework.test import APIClient

    credentials = {"email": EMAIL, "password": PASSWORD}
    anonymous = APIClient()
    refresher = APIClient()  # keeps the rotating refresh cookie in its cookie jar
    expect_ok(refresher.post("/auth/login/", credentials, format="json"))
    access = anonymous.post("/auth/login/", credentials, format="json").data["access"]
    bearer = APIClient()
    bearer.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
    return [
        ("bare DRF view (floor)", lambda: anonymous.get("/bench/bare/")),
        ("token-only view", lambda: bearer.get("/bench/token-only/")),
        ("GET user/", lambda: bearer.get("/auth/user/")),
        ("refresh/ (cookie)", lambda: refresher.post("/auth/refresh/")),
        ("login/", lambda: anonymous.post("/auth/login/", credentials, format="json")),
    ]


def print_table(results: list[Result], header: str) -> None:
    floor = results[0].p50_ms
    print(header)
    print()
    print(f"{'request':<24} {'p50 ms':>8} {'p99 ms':>8} {'queries':>8} {'p50/floor':>10}")
    print(f"{'-' * 24} {'-' * 8} {'-' * 8} {'-' * 8} {'-' * 10}")
    for r in results:
        ratio = r.p50_ms / floor
        print(f"{r.name:<24} {r.p50_ms:>8.3f} {r.p99_ms:>8.3f} {r.queries:>8} {ratio:>9.1f}x")
    print()


def check_targets(results: list[Result]) -> bool:
    by_name = {r.name: r for r in results}
    passed = True
    for target in TARGETS:
        queries = by_name[target.scenario].queries
        ok = queries <= target.max_queries
        passed &= ok
        verdict = "PASS" if ok else "FAIL"
        print(f"{verdict}  {target.label}: {queries} queries (target <= {target.max_queries})")
    return passed


def describe(args: argparse.Namespace) -> str:
    import django

    db = {"sqlite": "SQLite (file)", "sqlite-memory": "SQLite (in memory)"}.get(
        args.db, "PostgreSQL"
    )
    return (
        f"bench_core: {db}, MD5PasswordHasher, {args.n} requests after {args.warmup} warm-up, "
        f"Python {platform.python_version()}, Django {django.get_version()}"
    )


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--db",
        choices=["sqlite", "sqlite-memory", "postgres"],
        default="sqlite",
        help="sqlite: a file in a temporary folder (each commit syncs to disk); "
        "sqlite-memory: an in-memory database, the CPU cost alone",
    )
    parser.add_argument("-n", type=int, default=2000, help="timed requests per kind")
    parser.add_argument("--warmup", type=int, default=200)
    parser.add_argument("--show-sql", action="store_true", help="print each request's SQL")
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="jwt-allauth-bench-") as tmp:
        name = {"sqlite": str(Path(tmp) / "bench.sqlite3"), "postgres": None}.get(args.db)
        benchsite.setup("postgres" if args.db == "postgres" else "sqlite", name)
        make_user()
        results = [measure(name, call, args.n, args.warmup) for name, call in scenarios()]
        print_table(results, describe(args))
        if args.show_sql:
            for r in results:
                print(f"-- {r.name}", *r.sql, sep="\n   ", end="\n\n")
        passed = check_targets(results)
        from django.db import connection

        connection.close()
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
