#!/usr/bin/env python3
"""How ``jwt_allauth_purge_sessions`` compares with one bulk DELETE.

Fills a database with ``--rows`` expired sessions (1,000,000 by default) of
``--users`` accounts plus ``--live`` sessions that must survive, and a minimal
table (an integer key and one indexed expiry column) with as many rows and the
same expiry times; copies it, then on one copy runs the management command, on
another a single ``DELETE ... WHERE expires_at <= now`` of the sessions, and on
a third the same ``DELETE`` of the minimal table. Each runs in a fresh process, which
reports its time and peak RSS, while a second process keeps inserting one
session row every few milliseconds, the way logins do, and records the longest
INSERT: that is how long a sign-in would hang behind the purge.

    python3 dev.py bench purge                  # SQLite, files in a temporary folder
    python3 dev.py bench purge --db postgres    # PostgreSQL, jwt_allauth_bench_purge*

Targets (issue 13): purge time <= 2 x the bulk DELETE of the minimal table,
peak RSS < 150 MB, and a concurrent INSERT never waits 0.5 s or more. Exits 1
when one is missed.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import benchsite

from jwt_allauth.internal.timeuuid import uuid7

HERE = Path(__file__).resolve().parent
PG_SOURCE = "jwt_allauth_bench_purge"
CHUNK = 50_000
CLIENT = (
    "203.0.113.7",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0",
    "Chrome 126",
    "Linux",
    "Other",
    "pc",
)
COLUMNS = (
    "id user_id current_jti created_at authenticated_at last_used_at expires_at revoked_at "
    "revoke_reason ip_address user_agent browser os device device_type"
).split()
RATIO_TARGET = 2.0  # purge / bulk DELETE of the minimal table
MINIMAL_TABLE = "bench_minimal_session"
EXPIRY = {"spread": "expiries spread over a year", "one": "all expired rows at one expires_at"}
RSS_TARGET_MB = 150
WAIT_TARGET_S = 0.5


# ---------------------------------------------------------------- filling


def session_rows(
    users: list[int], rows: int, live: int, now: datetime, client: tuple = (), one: bool = False
) -> Iterator[tuple]:
    """Rows in creation order: ``rows`` expired ones, then ``live`` ones still valid.

    ``client`` is (ip, user agent, browser, os, device, device type), as
    JWT_ALLAUTH_COLLECT_USER_AGENT records them; empty by default, like that setting.
    With ``one``, every expired row expires at the same moment (a bulk import).
    """
    rng = random.Random(1234)
    client = client or (None, "", "", "", "", "")
    lifetime = timedelta(days=90)
    first = now - lifetime - timedelta(days=365)
    step = timedelta(days=365) / max(rows, 1)
    for i in range(rows + live):
        if i < rows:
            created = first if one else first + step * i
        else:
            created = now - timedelta(days=1) + timedelta(seconds=i - rows)
        yield (
            uuid7(created, rng.getrandbits),  # as the model's default would at ``created``
            users[i % len(users)],
            uuid.UUID(int=rng.getrandbits(128), version=4).hex,
            created,
            created,
            created,
            created + lifetime,
            None,
            "",
            *client,
        )


def create_users(count: int) -> list[int]:
    from django.contrib.auth import get_user_model

    User = get_user_model()
    users = [
        User(username=f"purge{i}", email=f"purge{i}@example.com", password="!")
        for i in range(count)
    ]
    User.objects.bulk_create(users, batch_size=1000)
    return list(User.objects.order_by("pk").values_list("pk", flat=True))


def fill(db: str, users: int, rows: int, live: int, client: tuple = (), one: bool = False) -> None:
    from django.db import connection, transaction

    from jwt_allauth.sessions.models import UserSession

    table = UserSession._meta.db_table
    user_ids = create_users(users)
    all_rows = session_rows(user_ids, rows, live, datetime.now(timezone.utc), client, one)
    if db == "postgres":
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {table} ({', '.join(COLUMNS)}) FROM STDIN") as copy,
        ):
            for row in all_rows:
                copy.write_row(row)
        fill_minimal_table(table)
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {table}")
            cursor.execute(f"VACUUM ANALYZE {MINIMAL_TABLE}")
        return
    sql = f"INSERT INTO {table} ({', '.join(COLUMNS)}) VALUES ({', '.join(['%s'] * len(COLUMNS))})"
    adapt = connection.ops.adapt_datetimefield_value
    with transaction.atomic(), connection.cursor() as cursor:
        chunk: list[tuple] = []
        for row in all_rows:
            chunk.append((row[0].hex, row[1], row[2], *map(adapt, row[3:7]), *row[7:]))
            if len(chunk) == CHUNK:
                cursor.executemany(sql, chunk)
                chunk = []
        cursor.executemany(sql, chunk)
    fill_minimal_table(table)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def fill_minimal_table(table: str) -> None:
    """The baseline table: an integer key, one indexed expiry column, the sessions' expiries."""
    from django.db import connection, transaction

    if connection.vendor == "postgresql":
        key, stamp, order = "bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY", "timestamptz", "ctid"
    else:
        key, stamp, order = "integer PRIMARY KEY", "datetime", "rowid"
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE {MINIMAL_TABLE} (id {key}, expires_at {stamp} NOT NULL)")
        cursor.execute(f"CREATE INDEX {MINIMAL_TABLE}_expires ON {MINIMAL_TABLE} (expires_at)")
        cursor.execute(
            f"INSERT INTO {MINIMAL_TABLE} (expires_at) "  # noqa: S608  (our own names)
            f"SELECT expires_at FROM {table} ORDER BY {order}"
        )


# ---------------------------------------------------------------- copies


def pg_admin(statement: str) -> None:
    import psycopg

    with psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres", autocommit=True) as conn:
        conn.execute(statement)


def pg_copy(source: str, target: str) -> None:
    pg_admin(f'DROP DATABASE IF EXISTS "{target}"')
    pg_admin(f'CREATE DATABASE "{target}" TEMPLATE "{source}" STRATEGY FILE_COPY')


# ---------------------------------------------------------------- children


def run_operation(args: argparse.Namespace, what: str, db_name: str) -> dict[str, Any]:
    """Run ``what`` (purge | delete | minimal) in a fresh process beside a concurrent inserter."""
    base = [sys.executable, str(HERE / "bench_purge.py"), "--db", args.db, "--db-name", db_name]
    inserter = subprocess.Popen(
        [*base, "--child", "insert"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert inserter.stdout is not None and inserter.stdin is not None
    inserter.stdout.readline()  # "ready": it has inserted a few rows already
    command = [*base, "--child", what]
    if args.batch_size:
        command += ["--batch-size", str(args.batch_size)]
    done = subprocess.run(command, stdout=subprocess.PIPE, text=True)
    inserter.stdin.close()
    waits = json.loads(inserter.stdout.read().strip().splitlines()[-1])
    inserter.wait()
    if done.returncode:
        raise SystemExit(f"{what} failed with exit code {done.returncode}")
    return {**json.loads(done.stdout.strip().splitlines()[-1]), **waits}


def rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def child_operation(args: argparse.Namespace) -> None:
    """Time the purge command, or the bulk DELETE, and print a JSON line."""
    from io import StringIO

    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone as dj_timezone

    from jwt_allauth.sessions.models import UserSession

    connection.ensure_connection()
    batches = BatchLog()
    logging.getLogger("jwt_allauth.sessions.purge").addHandler(batches)
    logging.getLogger("jwt_allauth.sessions.purge").setLevel(logging.DEBUG)
    rss_before = rss_mb()
    started = time.perf_counter()
    if args.child == "purge":
        out = StringIO()
        options = {"batch_size": args.batch_size} if args.batch_size else {}
        call_command("jwt_allauth_purge_sessions", stdout=out, **options)
    else:
        table = UserSession._meta.db_table if args.child == "delete" else MINIMAL_TABLE
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {table} WHERE expires_at <= %s", [dj_timezone.now()])
    seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        table = UserSession._meta.db_table if args.child != "minimal" else MINIMAL_TABLE
        cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608  (our own names)
        (left,) = cursor.fetchone()
    print(
        json.dumps(
            {
                "seconds": seconds,
                "rss_mb": rss_mb(),
                "rss_before_mb": rss_before,
                "left": left,
                "batches": len(batches.seconds),
                "longest_batch": max(batches.seconds, default=0.0),
            }
        )
    )


class BatchLog(logging.Handler):
    """Collects the duration of each purge batch from the purge's debug log."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.seconds: list[float] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.seconds.append(float(record.args[1]))


def child_insert(args: argparse.Namespace) -> None:
    """Insert a session row every few ms until stdin closes; print the waits as JSON."""
    from django.contrib.auth import get_user_model
    from django.db import OperationalError
    from django.utils import timezone as dj_timezone

    from jwt_allauth.sessions.models import UserSession

    user_id = get_user_model().objects.order_by("pk").values_list("pk", flat=True).first()
    stop = threading.Event()
    threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()
    waits: list[float] = []
    errors = 0
    while not stop.is_set():
        now = dj_timezone.now()
        row = UserSession(
            user_id=user_id, current_jti=uuid.uuid4().hex, expires_at=now + timedelta(days=90)
        )
        started = time.perf_counter()
        try:
            row.save(force_insert=True)
        except OperationalError:
            errors += 1
        waits.append(time.perf_counter() - started)
        if len(waits) == 5:
            print("ready", flush=True)
        time.sleep(args.insert_every / 1000)
    waits.sort()
    print(
        json.dumps(
            {
                "inserts": len(waits),
                "insert_errors": errors,
                "max_wait": waits[-1],
                "p99_wait": waits[int(0.99 * (len(waits) - 1))],
            }
        )
    )


# ---------------------------------------------------------------- report


ROW = "{:<28} {:>8} {:>14} {:>12} {:>16} {:>10}"


def report(args: argparse.Namespace, results: dict[str, dict[str, Any]], fill_s: float) -> bool:
    import django

    purge, delete, minimal = results["purge"], results["delete"], results["minimal"]
    ratio = purge["seconds"] / minimal["seconds"]
    db = "PostgreSQL 15" if args.db == "postgres" else f"SQLite {sqlite_version()} (file)"
    print(
        f"bench_purge: {db}; {args.rows:,} expired + {args.live:,} live sessions of "
        f"{args.users:,} users, {EXPIRY[args.expiry]} (filled in {fill_s:.0f} s); "
        f"batch size {batch_size_label(args)}; "
        f"median of {args.repeat} run(s); Python {platform.python_version()}, "
        f"Django {django.get_version()}; load average {load_averages(args)}\n"
    )
    print(
        ROW.format(
            "operation", "seconds", "each run", "peak RSS MB", "max INSERT wait", "rows left"
        )
    )
    print(ROW.format(*("-" * width for width in (28, 8, 14, 12, 16, 10))))
    operations = (
        ("jwt_allauth_purge_sessions", purge),
        ("bulk DELETE, sessions", delete),
        ("bulk DELETE, minimal table", minimal),
    )
    for name, r in operations:
        wait = f"{r['max_wait'] * 1000:.0f} ms" + (
            f" ({r['insert_errors']} failed)" if r["insert_errors"] else ""
        )
        each = "/".join(f"{s:.1f}" for s in r["all_seconds"])
        print(
            ROW.format(
                name, f"{r['seconds']:.2f}", each, f"{r['rss_mb']:.0f}", wait, f"{r['left']:,}"
            )
        )
    print(
        f"\n(RSS of the process before the operation: {purge['rss_before_mb']:.0f} MB; "
        f"purge batches per run: {'/'.join(str(n) for n in purge['all_batches'])}, "
        f"longest batch {purge['longest_batch'] * 1000:.0f} ms; purge / bulk DELETE of the "
        f"sessions = {purge['seconds'] / delete['seconds']:.2f}x)\n"
    )
    checks = [
        (
            ratio <= RATIO_TARGET,
            f"purge / bulk DELETE of the minimal table = {ratio:.2f}x (target <= {RATIO_TARGET}x)",
        ),
        (
            purge["rss_mb"] < RSS_TARGET_MB,
            f"purge peak RSS {purge['rss_mb']:.0f} MB (target < {RSS_TARGET_MB} MB)",
        ),
        (
            purge["max_wait"] < WAIT_TARGET_S and not purge["insert_errors"],
            f"longest concurrent INSERT during the purge {purge['max_wait'] * 1000:.0f} ms "
            f"(target < {WAIT_TARGET_S * 1000:.0f} ms, none failed)",
        ),
    ]
    for ok, text in checks:
        print(f"{'PASS' if ok else 'FAIL'}  {text}")
    return all(ok for ok, _ in checks)


def load_averages(args: argparse.Namespace) -> str:
    """The 1-minute load average when the runs began and when they ended."""
    return f"{args.load_before:.1f} before, {os.getloadavg()[0]:.1f} after"


def batch_size_label(args: argparse.Namespace) -> str:
    if args.batch_size:
        return f"{args.batch_size:,}"
    from jwt_allauth.sessions.purge import postgresql, sqlite

    if args.db == "sqlite":
        return (
            f"sized to ~{sqlite.BATCH_SECONDS * 1000:.0f} ms each from "
            f"{sqlite.FIRST_BATCH:,} (the default)"
        )
    return f"{postgresql.BATCH_SIZE:,} (the default)"


def sqlite_version() -> str:
    import sqlite3

    return sqlite3.sqlite_version


# ---------------------------------------------------------------- main


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--rows", type=int, default=1_000_000, help="expired sessions")
    parser.add_argument("--live", type=int, default=10_000, help="sessions that must survive")
    parser.add_argument("--users", type=int, default=5_000)
    parser.add_argument(
        "--batch-size", type=int, help="passed to the command (default: the command's own)"
    )
    parser.add_argument(
        "--user-agent", action="store_true", help="fill the device columns (bigger rows)"
    )
    parser.add_argument(
        "--expiry",
        choices=["spread", "one"],
        default="spread",
        help="expired rows spread over a year, or all sharing one expires_at",
    )
    parser.add_argument(
        "--pg-name", default=PG_SOURCE, help="PostgreSQL database (copies get suffixes)"
    )
    parser.add_argument("--insert-every", type=float, default=5, help="ms between inserts")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each; median time")
    parser.add_argument(
        "--child", choices=["purge", "delete", "minimal", "insert"], help=argparse.SUPPRESS
    )
    parser.add_argument("--db-name", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    if args.child:
        benchsite.setup(args.db, args.db_name, migrate=False)
        (child_insert if args.child == "insert" else child_operation)(args)
        return 0
    with tempfile.TemporaryDirectory(prefix="jwt-allauth-purge-") as tmp:
        return run_benchmark(args, Path(tmp))


def run_on_copy(args: argparse.Namespace, what: str, source: str, tmp: Path) -> dict[str, Any]:
    """Run ``what`` on a fresh copy of the filled database, then drop the copy."""
    if args.db == "postgres":
        target = f"{args.pg_name}_{what}"
        pg_copy(args.pg_name, target)
    else:
        target = str(tmp / f"{what}.sqlite3")
        shutil.copyfile(source, target)
        os.sync()  # start with the copy on disk, not half of it still being written back
    try:
        return run_operation(args, what, target)
    finally:
        if args.db == "postgres":
            pg_admin(f'DROP DATABASE IF EXISTS "{target}"')
        else:
            os.remove(target)


def summarize(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The median time of the runs; the worst RSS and waits of any of them."""
    return {
        "seconds": statistics.median(r["seconds"] for r in runs),
        "all_seconds": [r["seconds"] for r in runs],
        "rss_mb": max(r["rss_mb"] for r in runs),
        "rss_before_mb": max(r["rss_before_mb"] for r in runs),
        "max_wait": max(r["max_wait"] for r in runs),
        "insert_errors": sum(r["insert_errors"] for r in runs),
        "inserts": sum(r["inserts"] for r in runs),
        "left": runs[-1]["left"],
        "all_batches": [r["batches"] for r in runs],
        "longest_batch": max(r["longest_batch"] for r in runs),
    }


def run_benchmark(args: argparse.Namespace, tmp: Path) -> int:
    source = str(tmp / "source.sqlite3") if args.db == "sqlite" else args.pg_name
    if args.db == "postgres":
        pg_admin(f'DROP DATABASE IF EXISTS "{source}"')
    benchsite.setup(args.db, source)
    started = time.perf_counter()
    client = CLIENT if args.user_agent else ()
    fill(args.db, args.users, args.rows, args.live, client, args.expiry == "one")
    fill_seconds = time.perf_counter() - started
    from django.db import connection

    connection.close()
    args.load_before = os.getloadavg()[0]
    runs: dict[str, list[dict[str, Any]]] = {"minimal": [], "delete": [], "purge": []}
    try:
        for _ in range(args.repeat):
            for what in runs:
                runs[what].append(run_on_copy(args, what, source, tmp))
    finally:
        if args.db == "postgres":
            pg_admin(f'DROP DATABASE IF EXISTS "{source}"')
    results = {what: summarize(found) for what, found in runs.items()}
    return 0 if report(args, results, fill_seconds) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
