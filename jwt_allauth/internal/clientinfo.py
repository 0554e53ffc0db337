"""Who is calling: the client IP and the parsed user agent."""

from __future__ import annotations

import ipaddress
from typing import TypedDict

from django.http import HttpRequest
from django.utils.module_loading import import_string
from rest_framework.settings import api_settings as drf_settings
from user_agents import parse as parse_user_agent
from user_agents.parsers import Browser, OperatingSystem, UserAgent

from jwt_allauth.app_settings import app_settings
from jwt_allauth.internal.text import storable

MAX_USER_AGENT_LENGTH = 512


class ClientInfo(TypedDict):
    """The session fields that describe a device."""

    ip_address: str | None
    user_agent: str
    browser: str
    os: str
    device: str
    device_type: str


def client_ip(request: HttpRequest) -> str | None:
    """``REMOTE_ADDR``, or behind ``NUM_PROXIES`` trusted proxies the address they saw.

    Unlike DRF's throttles, ``X-Forwarded-For`` is ignored while ``NUM_PROXIES``
    is unset: any client can write that header, and trusting it would let one
    rotate its apparent address past every per-IP limit.
    """
    resolver = app_settings.CLIENT_IP_RESOLVER
    if resolver:  # 1.x's hook: the project knows its proxies
        address = str(import_string(resolver)(request) or "")
        proxies: int | None = 0
    else:
        address = request.META.get("REMOTE_ADDR", "")
        proxies = drf_settings.NUM_PROXIES
    if proxies:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [a for a in forwarded if a]
        if forwarded:
            address = forwarded[-min(proxies, len(forwarded))]
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def describe_client(request: HttpRequest) -> ClientInfo:
    """Session fields describing the device behind ``request``."""
    raw = storable(request.META.get("HTTP_USER_AGENT") or "")[:MAX_USER_AGENT_LENGTH]
    agent = parse_user_agent(raw)
    return {
        "ip_address": client_ip(request),
        "user_agent": raw,
        "browser": _name_and_version(agent.browser)[:100],
        "os": _name_and_version(agent.os)[:100],
        "device": (agent.device.family or "")[:100],
        "device_type": _device_type(agent),
    }


def _name_and_version(part: Browser | OperatingSystem) -> str:
    return " ".join(filter(None, (part.family, part.version_string))).strip()


def _device_type(agent: UserAgent) -> str:
    if agent.is_bot:
        return "bot"
    if agent.is_tablet:
        return "tablet"
    if agent.is_mobile:
        return "mobile"
    if agent.is_pc:
        return "pc"
    return "other"
