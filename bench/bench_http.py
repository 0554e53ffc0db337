#!/usr/bin/env python3
"""jwt_allauth against dj-rest-auth + simplejwt over HTTP, served alike by gunicorn.

Builds ``bench/.venv-djrestauth`` (dj-rest-auth, simplejwt, gunicorn from the
package index) the first time, gives each package its own database with the
same users (MD5-hashed passwords), serves both at once on 127.0.0.1 with
gunicorn (``--workers`` sync workers each), then loads them in turns, ours
and theirs alternating round by round so that background load falls on both
alike. The load generator is closed-loop and bounded: ``--connections``
processes, each sending its next request when the last one answered, for
``--seconds`` per run.

    python3 dev.py bench http                       # SQLite, then PostgreSQL
    python3 dev.py bench http --db sqlite --seconds 3 --rounds 2

Requests: the bare DRF view (the floor), ``GET user/`` with an access token,
``POST refresh/`` (each connection presents the refresh token its previous
response returned: rotation with reuse detection on our side, rotation with
the blacklist on theirs) and ``POST login/``. Each server reports the SQL
statements of every request in a header. Prints req/s, p50/p99, queries per
request, errors and the paired ratio ours/theirs; exits 1 when a target of
issue 13 is missed.
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import json
import multiprocessing
import os
import platform
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
THEIR_VENV = HERE / ".venv-djrestauth"
THEIR_PACKAGES = [
    "dj-rest-auth>=7.2,<8",
    "djangorestframework-simplejwt>=5.3",
    "django-allauth>=65.4",
    "gunicorn>=21",
    "psycopg[binary]>=3.1",
]
OUR_PACKAGES = ["jwt-allauth", "django-allauth", "Django", "djangorestframework"]
THEIR_PACKAGE_NAMES = ["dj-rest-auth", "djangorestframework-simplejwt"]
PASSWORD = "bench-password-1234"  # as http_common.PASSWORD
QUERIES_HEADER = "X-Bench-Queries"
HOST = "127.0.0.1"


@dataclass(frozen=True)
class Server:
    name: str
    python: Path
    module: str  # http_ours | http_theirs
    port: int
    refresh_path: str


@dataclass
class Run:
    """One load run of one request kind against one server."""

    seconds: float
    latencies: list[float] = field(default_factory=list)
    queries: list[int] = field(default_factory=list)
    errors: int = 0

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds


# ---------------------------------------------------------------- load generator


def request(
    conn: http.client.HTTPConnection, method: str, path: str, body: Any, headers: dict[str, str]
) -> tuple[int, dict[str, Any] | None, int | None]:
    """One request; returns (status, JSON body or None, queries the server ran)."""
    payload = json.dumps(body).encode() if body is not None else None
    sent = {**headers, **({"Content-Type": "application/json"} if payload else {})}
    conn.request(method, path, body=payload, headers=sent)
    response = conn.getresponse()
    raw = response.read()
    queries = response.getheader(QUERIES_HEADER)
    data = (
        json.loads(raw)
        if raw and response.getheader("Content-Type", "").startswith("application/json")
        else None
    )
    return response.status, data, int(queries) if queries else None


def login_body(index: int) -> dict[str, str]:
    return {"email": f"bench{index}@example.com", "password": PASSWORD}


def connection_loop(
    server: Server, kind: str, index: int, seconds: float, warmup: float, out: Any
) -> None:
    """Load ``server`` with ``kind`` as user ``index``: ``warmup`` s untimed, then ``seconds``."""
    conn = http.client.HTTPConnection(HOST, server.port, timeout=30)
    status, tokens, _ = request(conn, "POST", "/auth/login/", login_body(index), {})
    if status != 200 or not tokens:
        out.send(([], [], 1))
        return
    refresh, access = tokens.get("refresh"), tokens.get("access")
    latencies: list[float] = []
    queries: list[int] = []
    errors = 0
    started_at, deadline = time.perf_counter(), time.perf_counter() + seconds + warmup
    while time.perf_counter() < deadline:
        if kind == "bare":
            call = ("GET", "/bench/bare/", None, {})
        elif kind == "user":
            call = ("GET", "/auth/user/", None, {"Authorization": f"Bearer {access}"})
        elif kind == "refresh":
            call = ("POST", server.refresh_path, {"refresh": refresh}, {})
        else:
            call = ("POST", "/auth/login/", login_body(index), {})
        started = time.perf_counter()
        try:
            status, data, count = request(conn, *call)
        except (OSError, http.client.HTTPException, ValueError):
            errors += 1
            conn.close()
            continue
        elapsed, timed = time.perf_counter() - started, started - started_at >= warmup
        if status != 200:  # counted as an error, never as a request served
            errors += 1
            if kind == "refresh":  # a chain broken by an error cannot go on
                break
            continue
        if timed:
            latencies.append(elapsed)
            queries += [count] if count is not None else []
        if kind == "refresh" and data:
            refresh = data.get("refresh", refresh)
    conn.close()
    out.send((latencies, queries, errors))


def load(server: Server, kind: str, connections: int, seconds: float, warmup: float) -> Run:
    """``connections`` closed-loop clients, one process each, for ``seconds``."""
    context = multiprocessing.get_context("fork")
    pipes, workers = [], []
    for index in range(connections):
        receive, send = context.Pipe(duplex=False)
        worker = context.Process(
            target=connection_loop, args=(server, kind, index, seconds, warmup, send), daemon=True
        )
        worker.start()
        pipes.append(receive)
        workers.append(worker)
    run = Run(seconds)
    for receive, worker in zip(pipes, workers, strict=True):
        if receive.poll(warmup + seconds + 60):
            latencies, queries, errors = receive.recv()
            run.latencies += latencies
            run.queries += queries
            run.errors += errors
        else:
            run.errors += 1
        worker.join(5)
        if worker.is_alive():
            worker.kill()
    return run


# ---------------------------------------------------------------- servers


def their_python() -> Path:
    """bench/.venv-djrestauth's python, created and filled on first use."""
    python = THEIR_VENV / "bin" / "python"
    stamp = THEIR_VENV / ".bench-packages"
    wanted = hashlib.sha256(" ".join(THEIR_PACKAGES).encode()).hexdigest()
    if python.exists() and stamp.exists() and stamp.read_text() == wanted:
        return python
    print(f"bench_http: installing {', '.join(THEIR_PACKAGES)} into {THEIR_VENV.name}", flush=True)
    subprocess.run([sys.executable, "-m", "venv", str(THEIR_VENV)], check=True)
    subprocess.run([str(python), "-m", "pip", "install", "-q", *THEIR_PACKAGES], check=True)
    stamp.write_text(wanted)
    return python


def versions(python: Path, packages: list[str]) -> str:
    code = (
        "import importlib.metadata as m, sys; "
        "print(', '.join(f'{p} {m.version(p)}' for p in sys.argv[1:]))"
    )
    done = subprocess.run([str(python), "-c", code, *packages], capture_output=True, text=True)
    return done.stdout.strip() or "?"


def environment(db: str, name: str) -> dict[str, str]:
    path = os.pathsep.join([str(HERE), str(HERE.parent)])
    return {**os.environ, "BENCH_DB": db, "BENCH_DB_NAME": name, "PYTHONPATH": path}


def prepare(server: Server, db: str, name: str, users: int) -> None:
    if db == "postgres":
        pg_admin(f'DROP DATABASE IF EXISTS "{name}"')
        pg_admin(f'CREATE DATABASE "{name}"')
    command = [str(server.python), str(HERE / f"{server.module}.py"), "prepare", str(users)]
    subprocess.run(command, env=environment(db, name), check=True, cwd=HERE)


def start(server: Server, db: str, name: str, workers: int) -> subprocess.Popen:
    command = [
        str(server.python), "-m", "gunicorn", f"{server.module}:application",
        "--bind", f"{HOST}:{server.port}", "--workers", str(workers),
        "--worker-class", "sync", "--log-level", "warning", "--chdir", str(HERE),
    ]  # fmt: skip
    process = subprocess.Popen(command, env=environment(db, name), start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection(HOST, server.port, timeout=2)
            if request(conn, "GET", "/bench/bare/", None, {})[0] == 200:
                return process
        except OSError:
            time.sleep(0.3)
        if process.poll() is not None:
            break
    stop(process)
    raise SystemExit(f"bench_http: {server.name} did not start on port {server.port}")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def pg_admin(statement: str) -> None:
    import psycopg

    host = os.environ.get("PGHOST", "127.0.0.1")
    user = os.environ.get("PGUSER", "postgres")
    with psycopg.connect(f"host={host} user={user} dbname=postgres", autocommit=True) as conn:
        conn.execute(statement)


# ---------------------------------------------------------------- report

KINDS = {
    "bare": "bare DRF view (floor)",
    "user": "GET user/",
    "refresh": "POST refresh/",
    "login": "POST login/ (MD5)",
}


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def summary(runs: list[Run]) -> dict[str, Any]:
    latencies = [value for run in runs for value in run.latencies]
    queries = [value for run in runs for value in run.queries]
    return {
        "rate": statistics.median(run.rate for run in runs),
        "p50": percentile(latencies, 0.5) * 1e3,
        "p99": percentile(latencies, 0.99) * 1e3,
        "queries": statistics.median(queries) if queries else float("nan"),
        "errors": sum(run.errors for run in runs),
    }


ROW = "{:<24} {:<12} {:>9} {:>9} {:>9} {:>8} {:>7} {:>13}"


def report(db: str, results: dict[str, dict[str, list[Run]]]) -> list[tuple[bool, str]]:
    print(f"\n{db}\n")
    print(ROW.format("request", "server", "req/s", "p50 ms", "p99 ms", "queries", "errors",
                     "ours/theirs"))  # fmt: skip
    print(ROW.format(*("-" * width for width in (24, 12, 9, 9, 9, 8, 7, 13))))
    checks = []
    for kind in results:
        label = KINDS[kind]
        ours, theirs = results[kind]["jwt_allauth"], results[kind]["dj-rest-auth"]
        ratios = [a.rate / b.rate for a, b in zip(ours, theirs, strict=True) if b.rate]
        ratio = statistics.median(ratios) if ratios else float("nan")
        for name, runs in (("jwt_allauth", ours), ("dj-rest-auth", theirs)):
            s = summary(runs)
            shown = f"{ratio:.2f}x" if name == "jwt_allauth" else ""
            print(ROW.format(label if name == "jwt_allauth" else "", name, f"{s['rate']:.0f}",
                             f"{s['p50']:.1f}", f"{s['p99']:.1f}", f"{s['queries']:.0f}",
                             s["errors"], shown))  # fmt: skip
        checks += targets(db, kind, ratio, summary(ours))
    return checks


def targets(db: str, kind: str, ratio: float, ours: dict[str, Any]) -> list[tuple[bool, str]]:
    """Issue 13's targets for one request kind."""
    found = []
    wanted = {"user": 1.5, "refresh": 2.0, "login": 2.0}.get(kind)
    if wanted:
        found.append((ratio >= wanted, f"{db}: {KINDS[kind]} {ratio:.2f}x dj-rest-auth's req/s "
                                       f"(target >= {wanted}x)"))  # fmt: skip
    most = {"user": 1, "refresh": 3, "login": 3}.get(kind)
    if most:
        found.append((ours["queries"] <= most, f"{db}: {KINDS[kind]} {ours['queries']:.0f} "
                                               f"queries (target <= {most})"))  # fmt: skip
    if kind in ("refresh", "login") and db.startswith("SQLite"):
        found.append((ours["p99"] < 50, f"{db}: {KINDS[kind]} p99 {ours['p99']:.1f} ms "
                                        "(target < 50 ms)"))  # fmt: skip
    found.append((ours["errors"] == 0, f"{db}: {KINDS[kind]} {ours['errors']} errors"))
    return found


# ---------------------------------------------------------------- main


def bench_database(args: argparse.Namespace, db: str, servers: list[Server], tmp: Path) -> dict:
    names = {
        server.name: str(tmp / f"{server.module}.sqlite3")
        if db == "sqlite"
        else f"{args.pg_prefix}_{server.module.removeprefix('http_')}"
        for server in servers
    }
    users = max(args.connections, 1)
    for server in servers:
        prepare(server, db, names[server.name], users)
    processes = [start(server, db, names[server.name], args.workers) for server in servers]
    results: dict[str, dict[str, list[Run]]] = {}
    try:
        for kind in args.kinds:
            results[kind] = {server.name: [] for server in servers}
            for round_ in range(args.rounds):
                order = servers if round_ % 2 == 0 else servers[::-1]
                for server in order:
                    run = load(server, kind, args.connections, args.seconds, args.warmup)
                    results[kind][server.name].append(run)
    finally:
        for process in processes:
            stop(process)
        if db == "postgres":
            for name in names.values():
                pg_admin(f'DROP DATABASE IF EXISTS "{name}"')
    return results


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--seconds", type=float, default=5.0, help="length of one run")
    parser.add_argument("--warmup", type=float, default=1.0, help="untimed seconds first")
    parser.add_argument("--rounds", type=int, default=3, help="runs per server and request")
    parser.add_argument("--connections", type=int, default=4, help="concurrent clients")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers each")
    parser.add_argument("--kinds", nargs="+", choices=list(KINDS), default=list(KINDS))
    parser.add_argument(
        "--pg-prefix", default="jwt_allauth_bench_http", help="PostgreSQL databases' prefix"
    )
    parser.add_argument("--port", type=int, default=8701, help="ours; theirs is the next one")
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    ours = Server("jwt_allauth", Path(sys.executable), "http_ours", args.port, "/auth/refresh/")
    theirs = Server(
        "dj-rest-auth", their_python(), "http_theirs", args.port + 1, "/auth/token/refresh/"
    )
    servers = [ours, theirs]
    print(
        f"bench_http: {args.connections} closed-loop connections, {args.rounds} round(s) of "
        f"{args.seconds:g} s per request and server, alternating; gunicorn {args.workers} sync "
        f"workers each on {HOST}; {os.cpu_count()} CPUs; Python {platform.python_version()}\n"
        f"  ours:   {versions(ours.python, OUR_PACKAGES)}\n"
        f"  theirs: {versions(theirs.python, [*THEIR_PACKAGE_NAMES, *OUR_PACKAGES[1:]])}"
    )
    checks: list[tuple[bool, str]] = []
    dbs = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    with tempfile.TemporaryDirectory(prefix="jwt-allauth-http-") as tmp:
        for db in dbs:
            results = bench_database(args, db, servers, Path(tmp))
            label = "SQLite (file)" if db == "sqlite" else "PostgreSQL"
            checks += report(label, results)
    print()
    for ok, text in checks:
        print(f"{'PASS' if ok else 'FAIL'}  {text}")
    return 0 if all(ok for ok, _ in checks) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
