"""Absolute links for mails, built from the configured origin rather than the Host header.

A client chooses the ``Host`` header of its own request; a link mailed to
somebody else must not start with it. In order: ``JWT_ALLAUTH_LINK_BASE_URL``,
then the Site of ``SITE_ID``, and only when neither is configured the host
Django accepted through ``ALLOWED_HOSTS`` (check ``jwt_allauth.W009`` warns
when that is ``*``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist
from django.http import HttpRequest

from jwt_allauth.app_settings import app_settings

if TYPE_CHECKING:
    from django.contrib.sites.models import Site


def absolute_link(request: HttpRequest, path: str) -> str:
    """``path`` (from ``reverse()``) made absolute at the configured origin."""
    return link_origin(request) + path


def link_origin(request: HttpRequest) -> str:
    """``scheme://host[:port]`` of the links mailed while answering ``request``."""
    configured = app_settings.LINK_BASE_URL
    if configured:
        return configured.rstrip("/")
    site = configured_site()
    host = site.domain if site is not None else request.get_host()
    return f"{link_scheme(request)}://{host}"


def link_host(request: HttpRequest) -> str:
    """``host[:port]`` of :func:`link_origin`: the ``domain`` mail templates are given."""
    return urlsplit(link_origin(request)).netloc


def link_scheme(request: HttpRequest) -> str:
    """https when allauth's ``ACCOUNT_DEFAULT_HTTP_PROTOCOL`` says so or the request used it."""
    if app_settings.DEFAULT_HTTP_PROTOCOL == "https" or request.is_secure():
        return "https"
    return "http"


def configured_site() -> Site | None:
    """The Site of ``SITE_ID`` when ``django.contrib.sites`` is installed, else None."""
    if app_settings.SITE_ID is None or not apps.is_installed("django.contrib.sites"):
        return None
    from django.contrib.sites.models import Site

    site: Site = Site.objects.get_current()
    return site


def site_name(request: HttpRequest) -> str:
    """The name mails give the site: the configured Site's, else the links' host."""
    site = configured_site()
    if site is not None:
        return site.name
    if app_settings.LINK_BASE_URL:
        return urlsplit(app_settings.LINK_BASE_URL).netloc
    if apps.is_installed("django.contrib.sites"):
        from django.contrib.sites.shortcuts import get_current_site

        try:
            return get_current_site(request).name
        except ObjectDoesNotExist:
            pass  # no Site row has this host
    return request.get_host()


def uses_request_host() -> bool:
    """Whether links fall back to the request's host: no base URL and no ``SITE_ID``."""
    if app_settings.LINK_BASE_URL:
        return False
    return app_settings.SITE_ID is None or not apps.is_installed("django.contrib.sites")
