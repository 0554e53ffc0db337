"""Browser tests against ``live_server``; the machinery is in ``tests/browsing.py``."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.browsing import InBrowserThread, browser_thread, open_page, screenshot_on_failure


@pytest.fixture(scope="session", name="browser_thread")
def browser_thread_fixture() -> Iterator[Callable[..., Any]]:
    with browser_thread("browser") as run:
        yield run


@pytest.fixture
def browser_page(request, browser_thread, live_server) -> Iterator[InBrowserThread]:
    """A fresh browser context and page; a screenshot lands in test-artifacts/ on failure."""
    context, page = open_page(browser_thread)
    try:
        yield InBrowserThread(browser_thread, page)
    finally:
        screenshot_on_failure(request, browser_thread, [page])
        browser_thread(context.close)


@pytest.fixture(autouse=True)
def _links_to_live_server(live_server, settings) -> None:
    """Mailed links start at the live server, as a deployment sets its own origin."""
    settings.JWT_ALLAUTH_LINK_BASE_URL = live_server.url
