"""The demo project run as a user meets it: a real ``runserver`` on a temporary SQLite
database, and headless Chromium (Debian's) driven by Playwright.

The browser lives in a thread of its own, as in ``tests/browser/conftest.py`` (whose
proxy is reused): Playwright's sync API marks its thread as running an event loop,
which Django then treats as async for the rest of the session.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import (
    CHROMIUM,
    CHROMIUM_ARGS,
    TIMEOUT_MS,
    InBrowserThread,
    unavailable,
)

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "demo"
ARTIFACTS = ROOT / "test-artifacts"
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
    if not os.path.exists(CHROMIUM):
        unavailable(f"{CHROMIUM} is missing (apt-get install chromium chromium-driver)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("playwright is not installed (pip install jwt-allauth[test])")
    executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="e2e-browser")

    def run(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        return executor.submit(function, *args, **kwargs).result()

    playwright = run(lambda: sync_playwright().start())
    browser = run(lambda: playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS))
    run.browser = browser  # type: ignore[attr-defined]
    try:
        yield run
    finally:
        run(browser.close)
        run(playwright.stop)
        executor.shutdown()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[Any]:
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


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
        context = e2e_browser(e2e_browser.browser.new_context, base_url=demo_server)
        page = e2e_browser(context.new_page)
        e2e_browser(page.set_default_timeout, TIMEOUT_MS)
        contexts.append(context)
        pages.append(page)
        return InBrowserThread(e2e_browser, page)

    try:
        yield open_one
    finally:
        report = getattr(request.node, "report_call", None)
        if report is not None and report.failed:
            ARTIFACTS.mkdir(exist_ok=True)
            stem = re.sub(r"[^\w.-]+", "_", request.node.nodeid)
            for number, page in enumerate(pages):
                path = str(ARTIFACTS / f"{stem}-{number}.png")
                e2e_browser(page.screenshot, path=path, full_page=True)
        for context in contexts:
            e2e_browser(context.close)
