"""The demo project run as a user meets it: a real ``runserver`` on a temporary SQLite
database (``tests/demo_server.py``), and headless Chromium (Debian's) driven by Playwright.

The browser lives in a thread of its own (``tests/browsing.py`` says why).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.browsing import InBrowserThread, browser_thread, open_page, screenshot_on_failure
from tests.demo_server import DEMO_PASSWORD, demo_server

__all__ = ["DEMO_PASSWORD", "demo_server"]


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
