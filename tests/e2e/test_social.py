"""The demo's "Sign in with" button, through a real provider's login page, in Chromium.

The provider is django-oauth-toolkit's OpenID Connect provider on loopback
(tests/idp); the demo is configured with it as an ``openid_connect`` app.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.browsing import InBrowserThread, open_page, screenshot_on_failure
from tests.demo_server import free_port, running_demo
from tests.e2e.test_demo import check

pytest.importorskip("oauth2_provider")
pytest.importorskip("jwt")

from tests.idp import starter  # noqa: E402  (needs the social extra)


@pytest.fixture(scope="module")
def social_demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The demo, and a loopback provider that sends its users back to the demo's page."""
    demo_port = free_port()
    demo_url = f"http://127.0.0.1:{demo_port}"
    idp = starter.start(
        users=[{"username": "grace", "email": "grace@example.com", "first_name": "Grace"}],
        redirect_uris=[f"{demo_url}/"],
    )
    env = {
        "DEMO_SOCIAL_CALLBACK_URLS": f"{demo_url}/",
        "DEMO_OIDC_SERVER_URL": idp.issuer,
        "DEMO_OIDC_CLIENT_ID": starter.CLIENT_ID,
        "DEMO_OIDC_SECRET": starter.CLIENT_SECRET,
        "DEMO_OIDC_AUTHORIZE_URL": f"{idp.issuer}/authorize/",
    }
    try:
        with running_demo(tmp_path_factory.mktemp("social-demo"), demo_port, env) as url:
            yield url
    finally:
        idp.stop()


@pytest.fixture
def page(
    request: pytest.FixtureRequest, e2e_browser: Callable[..., Any], social_demo: str
) -> Iterator[InBrowserThread]:
    context, raw = open_page(e2e_browser, base_url=social_demo)
    try:
        yield InBrowserThread(e2e_browser, raw)
    finally:
        screenshot_on_failure(request, e2e_browser, [raw])
        e2e_browser(context.close)


def test_sign_in_with_the_provider_and_see_the_linked_account(page: InBrowserThread) -> None:
    page.goto("/")
    page.get_by_role("button", name="Sign in with Loopback ID").click()

    check(page.get_by_role("heading", name="Loopback ID")).to_be_visible()
    page.get_by_label("Username").fill("grace")
    page.get_by_label("Password").fill(starter.PASSWORD)
    page.get_by_role("button", name="Sign in to Loopback ID").click()

    check(page.get_by_text("Signed in as grace@example.com")).to_be_visible()
    linked = page.get_by_role("region", name="Linked accounts")
    check(linked.get_by_role("listitem")).to_contain_text("loopback")
    check(linked.get_by_role("button", name="Unlink loopback")).to_be_visible()

    # Unlinking the only way into an account made by the provider is refused.
    linked.get_by_role("button", name="Unlink loopback").click()
    check(linked.locator(".error")).to_contain_text("disconnect_not_allowed")
