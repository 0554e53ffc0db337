"""The demo project run as a user meets it: a real ``runserver`` on a temporary SQLite
database, and headless Chromium (Debian's) driven by Playwright.

The browser lives in a thread of its own (``tests/browsing.py`` says why).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browsing import InBrowserThread, browser_thread, open_page, screenshot_on_failure

ROOT = Path(__file__).resolve().parents[2]
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
    return {**env, "DJANGO_SETTINGS_MODULE": "demo_project.settings", "DEMO_DB_PATH": str(database)}


def manage(env: dict[str, str], *args: str) -> None:
    done = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args], cwd=DEMO, env=env, capture_output=True, text=True
    )
    if done.returncode:
        pytest.fail(f"manage.py {' '.join(args)} failed:\n{done.stdout}{done.stderr}")


def wait_until_up(url: str, server: subprocess.Popen) -> None:
    """Poll until the server answers; fail at once if it died."""
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"the demo server exited: {server.stdout.read()}")
        try:
            with urllib.request.urlopen(url, timeout=1):  # noqa: S310
                return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.1)
    pytest.fail("the demo server did not start")


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The demo's base URL, migrated and seeded with the demo accounts."""
    env = demo_env(tmp_path_factory.mktemp("demo") / "db.sqlite3")
    manage(env, "migrate", "--noinput", "--verbosity", "0")
    manage(env, "demo_accounts", "--password", DEMO_PASSWORD)
    address = f"127.0.0.1:{free_port()}"
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", "runserver", "--noreload", address],
        cwd=DEMO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        wait_until_up(f"http://{address}/endpoints/", server)
        yield f"http://{address}"
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        server.stdout.close()


@pytest.fixture(scope="session")
def e2e_browser() -> Iterator[Callable[..., Any]]:
    """One thread owning Playwright and Chromium for the e2e tests."""
    with browser_thread("e2e-browser") as run:
        yield run


@pytest.fixture
def open_browser(
    request: pytest.FixtureRequest, e2e_browser: Callable[..., Any], demo_server: str
) -> Iterator[Callable[[], InBrowserThread]]:
    """Opens a fresh browser (its own cookies) on the demo; call it once per device.

    On failure every page opened gets a screenshot in test-artifacts/.
    """
    contexts: list[Any] = []
    pages: list[Any] = []

    def open_one() -> InBrowserThread:
        context, page = open_page(e2e_browser, base_url=demo_server)
        contexts.append(context)
        pages.append(page)
        return InBrowserThread(e2e_browser, page)

    try:
        yield open_one
    finally:
        screenshot_on_failure(request, e2e_browser, pages)
        for context in contexts:
            e2e_browser(context.close)
