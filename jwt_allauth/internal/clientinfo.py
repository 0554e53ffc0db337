"""Who is calling: the client IP (as DRF's throttles see it) and the parsed user agent."""

from __future__ import annotations

import ipaddress
from typing import Any

from rest_framework.throttling import BaseThrottle
from user_agents import parse as parse_user_agent

MAX_USER_AGENT_LENGTH = 512


def client_ip(request: Any) -> str | None:
    """The client address, honouring DRF's ``NUM_PROXIES`` like the throttles do."""
    ident = BaseThrottle().get_ident(request)
    try:
        return str(ipaddress.ip_address(ident))
    except ValueError:
        return None


def describe_client(request: Any) -> dict[str, Any]:
    """Session fields describing the device behind ``request``."""
    raw = (request.META.get("HTTP_USER_AGENT") or "")[:MAX_USER_AGENT_LENGTH]
    agent = parse_user_agent(raw)
    return {
        "ip_address": client_ip(request),
        "user_agent": raw,
        "browser": _name_and_version(agent.browser)[:100],
        "os": _name_and_version(agent.os)[:100],
        "device": (agent.device.family or "")[:100],
        "device_type": _device_type(agent),
    }


def _name_and_version(part: Any) -> str:
    return " ".join(filter(None, (part.family, part.version_string))).strip()


def _device_type(agent: Any) -> str:
    if agent.is_bot:
        return "bot"
    if agent.is_tablet:
        return "tablet"
    if agent.is_mobile:
        return "mobile"
    if agent.is_pc:
        return "pc"
    return "other"
