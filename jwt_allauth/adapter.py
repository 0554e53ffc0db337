"""The allauth account adapter behind our mails and links (sign-up, e-mail change).

Set ``ACCOUNT_ADAPTER = "jwt_allauth.adapter.AccountAdapter"`` (or
a subclass of it) so allauth and jwt_allauth share one adapter. When the
project keeps allauth's default adapter, our flows still use this one.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.adapter import get_adapter as get_allauth_adapter
from allauth.account.models import EmailConfirmation
from allauth.core import context as allauth_context
from django.contrib.sites.shortcuts import get_current_site
from django.core.mail import EmailMultiAlternatives
from django.http import HttpRequest
from django.urls import reverse

from jwt_allauth.app_settings import app_settings
from jwt_allauth.internal.links import absolute_link, link_host, link_origin, site_name
from jwt_allauth.internal.mail import build_templated_mail, send_on_commit
from jwt_allauth.internal.redirects import redirect_location

VERIFICATION_MAIL = "email_verification"
INVITATION_MAIL = "admin_invitation"
ACCOUNT_EXISTS_MAIL = "account_exists"
EMAIL_TAKEN_MAIL = "email_taken"


class AccountAdapter(DefaultAccountAdapter):  # type: ignore[misc]  # allauth ships no types
    """Renders jwt_allauth's templates and links to ``registration/verification/<key>/``."""

    def add_message(self, *args: object, **kwargs: object) -> None:
        """No flash messages: an API never shows them, they would only fill sessions."""

    def get_email_confirmation_url(
        self, request: HttpRequest, emailconfirmation: EmailConfirmation
    ) -> str:
        path = reverse("account_confirm_email", args=[emailconfirmation.key])
        return absolute_link(request, path)

    def send_confirmation_mail(
        self, request: HttpRequest, emailconfirmation: EmailConfirmation, signup: bool
    ) -> None:
        send_on_commit(self.build_link_mail(VERIFICATION_MAIL, request, emailconfirmation))

    def send_invitation_mail(
        self, request: HttpRequest, emailconfirmation: EmailConfirmation
    ) -> None:
        send_on_commit(self.build_link_mail(INVITATION_MAIL, request, emailconfirmation))

    def send_account_already_exists_mail(self, email: str) -> None:
        request = allauth_context.request
        mail_context = self.mail_context(request, email=email)
        reset_page = self.password_reset_request_url(request)
        if reset_page:
            mail_context["password_reset_url"] = reset_page
        send_on_commit(build_templated_mail(ACCOUNT_EXISTS_MAIL, email, mail_context))

    def send_email_taken_mail(self, email: str) -> None:
        """Tell the holder of ``email`` that another account asked to move to it.

        The context names the address only: nothing about the account that asked.
        """
        request = allauth_context.request
        mail_context = self.mail_context(request, email=email)
        send_on_commit(build_templated_mail(EMAIL_TAKEN_MAIL, email, mail_context))

    def password_reset_request_url(self, request: HttpRequest) -> str | None:
        """``PASSWORD_RESET_REQUEST_URL`` made absolute: a URL as written, a path at the
        origin of mailed links (never the request's Host header), joined like the
        redirect settings."""
        target = app_settings.PASSWORD_RESET_REQUEST_URL
        if not target or urlsplit(target).scheme:
            return target
        return link_origin(request) + redirect_location(target)

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """allauth's own mails (its notifications and pages) leave on commit, like ours."""
        request = allauth_context.request
        names = {"request": request, "email": email, "current_site": get_current_site(request)}
        send_on_commit(self.render_mail(template_prefix, email, {**names, **context}))

    def build_link_mail(
        self, kind: str, request: HttpRequest, emailconfirmation: EmailConfirmation
    ) -> EmailMultiAlternatives:
        """A verification or invitation mail carrying the confirmation link."""
        address = emailconfirmation.email_address
        mail_context = self.mail_context(
            request,
            email=address.email,
            user=address.user,
            key=emailconfirmation.key,
            activate_url=self.get_email_confirmation_url(request, emailconfirmation),
            expire_days=account_settings.EMAIL_CONFIRMATION_EXPIRE_DAYS,
        )
        return build_templated_mail(kind, address.email, mail_context)

    def mail_context(self, request: HttpRequest, **extra: object) -> dict[str, object]:
        """What every mail of ours may use; override to add your own names."""
        names = {"site_name": site_name(request), "domain": link_host(request)}
        return {"request": request, **names, **extra}


def get_adapter(request: HttpRequest | None = None) -> AccountAdapter:
    """The project's adapter when it is ours (or a subclass), else ours."""
    adapter = get_allauth_adapter(request)
    if isinstance(adapter, AccountAdapter):
        return adapter
    return AccountAdapter(request)
