"""Grant secrets carried in cookies scoped to the one endpoint that spends them."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.urls import reverse

from jwt_allauth import constants, exceptions
from jwt_allauth.app_settings import app_settings
from jwt_allauth.grants.guards import require_csrf_header
from jwt_allauth.internal import settings_table
from jwt_allauth.internal.cookies import read_cookie, samesite
from jwt_allauth.internal.settings_table import CookieSettings


@dataclass(frozen=True)
class GrantCookie:
    """Name, spending endpoint and settings of a grant cookie."""

    name: str
    spend_url_name: str
    settings: CookieSettings

    @property
    def path(self) -> str:
        return reverse(self.spend_url_name)

    def attach(self, response: HttpResponseBase, raw: str) -> None:
        options = app_settings.grant_cookie(self.settings)
        response.set_cookie(
            self.name,
            raw,
            max_age=options.max_age,
            path=self.path,
            secure=options.secure,
            httponly=options.http_only,
            samesite=samesite(options.same_site),
        )

    def clear(self, response: HttpResponseBase) -> None:
        same_site = app_settings.same_site(self.settings.same_site)
        response.delete_cookie(self.name, path=self.path, samesite=samesite(same_site))

    def read(self, request: HttpRequest) -> str:
        """The secret, after the cross-site guard: missing, sent twice or not ASCII is refused.

        Our secrets are ASCII: any other value (text that cannot even be hashed) is invalid.
        """
        require_csrf_header(request)
        raw = read_cookie(request, self.name)
        if not raw:
            raise exceptions.GrantMissing()
        if not raw.isascii():
            raise exceptions.GrantInvalid()
        return raw


PASSWORD_RESET_COOKIE = GrantCookie(
    constants.PASSWORD_RESET_COOKIE, "password_reset_confirm", settings_table.PASSWORD_RESET_COOKIE
)
SET_PASSWORD_COOKIE = GrantCookie(
    constants.SET_PASSWORD_COOKIE, "rest_set_password", settings_table.PASSWORD_SET_COOKIE
)
