"""Where the redirect settings send the browser."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.urls import get_script_prefix


def redirect_location(target: str) -> str:
    """The ``Location`` for a redirect setting.

    A URL (``https://app.example.com/reset``) and an absolute path (``/reset``)
    go out as written. A relative path (``password_reset/``, the form 1.x
    documented) is joined to the root the site is served under (the script
    prefix, ``FORCE_SCRIPT_NAME`` included), never to the link's own URL: that
    URL carries the link's token, which would then end up in the next page's
    address and logs.
    """
    if target.startswith("/") or urlsplit(target).scheme:
        return target
    return get_script_prefix() + target
