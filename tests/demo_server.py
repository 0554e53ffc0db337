"""The demo project run as a user meets it: a real ``runserver`` on a temporary SQLite
database, migrated and seeded with the demo accounts.

Shared by the browser tests (tests/e2e) and the fuzzing of the demo's schema (tests/fuzz).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "demo"
DEMO_PASSWORD = "demo-password-2024"
SERVER_START_SECONDS = 30


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def demo_env(database: Path) -> dict[str, str]:
    """The demo's own settings (not the suite's) on a database of its own."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("JWT_ALLAUTH_TEST")}
    # The package of this checkout, whichever one the virtualenv has installed editable.
    path = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return {
        **env,
        "DJANGO_SETTINGS_MODULE": "demo_project.settings",
        "DEMO_DB_PATH": str(database),
        "PYTHONPATH": path,
    }


def manage(env: dict[str, str], *args: str) -> None:
    done = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args], cwd=DEMO, env=env, capture_output=True, text=True
    )
    if done.returncode:
        pytest.fail(f"manage.py {' '.join(args)} failed:\n{done.stdout}{done.stderr}")


def wait_until_up(url: str, server: subprocess.Popen, log: Path) -> None:
    """Poll until the server answers; fail at once if it died."""
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"the demo server exited: {log.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=1):  # noqa: S310
                return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.1)
    pytest.fail("the demo server did not start")


@contextmanager
def running_demo(
    directory: Path, port: int | None = None, extra_env: dict[str, str] | None = None
) -> Iterator[str]:
    """Start the demo on a database in ``directory``; yield its base URL, then stop it."""
    env = {**demo_env(directory / "db.sqlite3"), **(extra_env or {})}
    manage(env, "migrate", "--noinput", "--verbosity", "0")
    manage(env, "demo_accounts", "--password", DEMO_PASSWORD)
    address = f"127.0.0.1:{port or free_port()}"
    # To a file, not a pipe: nobody reads a pipe while the server runs, and once its
    # buffer is full (request logs, printed mails) the server blocks on its next write.
    log = directory / "server.log"
    output = log.open("w")
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", "runserver", "--noreload", address],
        cwd=DEMO,
        env=env,
        stdout=output,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        wait_until_up(f"http://{address}/endpoints/", server, log)
        yield f"http://{address}"
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        output.close()


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The demo's base URL, migrated and seeded with the demo accounts."""
    with running_demo(tmp_path_factory.mktemp("demo")) as base_url:
        yield base_url
