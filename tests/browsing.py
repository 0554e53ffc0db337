"""Headless Chromium (Debian's package) driven by Playwright, shared by the browser suites.

Playwright's sync API keeps an asyncio loop marked as running in the thread
that started it, and Django then refuses ORM calls there as async-unsafe. So
the browser lives in a thread of its own: ``InBrowserThread`` is a proxy that
runs every Playwright call in that thread, and the test's own ORM calls stay legal.

Without /usr/bin/chromium the tests skip, unless env ``CI`` is set: then they fail.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
TIMEOUT_MS = 10_000


class InBrowserThread:
    """Forwards attribute access and calls on a Playwright object to the browser thread."""

    def __init__(self, run: Callable[..., Any], target: Any) -> None:
        self._run = run
        self._target = target

    def _wrap(self, value: Any) -> Any:
        if type(value).__module__.startswith("playwright."):
            return InBrowserThread(self._run, value)
        return value

    def __getattr__(self, name: str) -> Any:
        value = self._run(getattr, self._target, name)
        if not callable(value) or type(value).__module__.startswith("playwright."):
            return self._wrap(value)
        return lambda *args, **kwargs: self._wrap(self._run(value, *args, **kwargs))


def unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"browser tests cannot run on CI: {reason}")
    pytest.skip(reason)


@contextmanager
def browser_thread(name: str) -> Iterator[Callable[..., Any]]:
    """A single thread owning Playwright and Chromium; ``run(fn, ...)`` calls in it.

    ``run.browser`` is the launched browser.
    """
    if not os.path.exists(CHROMIUM):
        unavailable(f"{CHROMIUM} is missing (apt-get install chromium chromium-driver)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("playwright is not installed (pip install jwt-allauth[test])")
    executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)

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


def open_page(run: Callable[..., Any], **context_options: Any) -> tuple[Any, Any]:
    """A fresh browser context (its own cookies) and a page in it."""
    context = run(run.browser.new_context, **context_options)
    page = run(context.new_page)
    run(page.set_default_timeout, TIMEOUT_MS)
    return context, page


def screenshot_on_failure(request: pytest.FixtureRequest, run: Callable, pages: list) -> None:
    """Save every page to test-artifacts/ when the test's call phase failed."""
    report = getattr(request.node, "report_call", None)
    if report is None or not report.failed:
        return
    ARTIFACTS.mkdir(exist_ok=True)
    stem = re.sub(r"[^\w.-]+", "_", request.node.nodeid)
    for number, page in enumerate(pages):
        run(page.screenshot, path=str(ARTIFACTS / f"{stem}-{number}.png"), full_page=True)
