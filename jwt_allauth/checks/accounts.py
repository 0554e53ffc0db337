"""Checks on sign-up, verification, password reset: mail, links, grant cookies, templates."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlsplit

from django.core import checks
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.template.loader import get_template

from jwt_allauth.app_settings import app_settings
from jwt_allauth.checks.tokens import SAMESITE_VALUES
from jwt_allauth.checks.types import AppConfigs
from jwt_allauth.constants import EmailVerification, SameSite
from jwt_allauth.internal import settings_table as table
from jwt_allauth.internal.mail import MAIL_TEMPLATES
from jwt_allauth.internal.settings_table import CookieSettings

SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
DUMMY_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
TEMPLATE_KEYS = tuple(key for spec in MAIL_TEMPLATES.values() for key in spec[:2])
_UNSET = object()


@checks.register("jwt_allauth")
def check_email_verification(
    app_configs: AppConfigs = None, **kwargs: object
) -> list[checks.CheckMessage]:
    value = app_settings.EMAIL_VERIFICATION
    if value is True or value is False or value in EmailVerification.values:
        return []
    return [
        checks.Error(
            f"EMAIL_VERIFICATION must be True, False or 'optional', not {value!r}.",
            hint="True: sign-up waits for the e-mailed link; 'optional': it does not.",
            id="jwt_allauth.E010",
        )
    ]


@checks.register("jwt_allauth")
def check_mail_delivery(
    app_configs: AppConfigs = None, **kwargs: object
) -> list[checks.CheckMessage]:
    """Reset links (always), verification and invitation mails need somewhere to go."""
    backend = app_settings.raw(table.EMAIL_BACKEND)
    if app_settings.DEBUG or backend not in (SMTP_BACKEND, DUMMY_BACKEND):
        return []
    if backend == SMTP_BACKEND and app_settings.is_overridden("EMAIL_HOST"):
        return []
    where = "are dropped" if backend == DUMMY_BACKEND else "go to an SMTP server on localhost"
    return [
        checks.Warning(
            f"{', '.join(_mail_senders())} {where}: EMAIL_BACKEND is {backend} "
            "and EMAIL_HOST is left at Django's default.",
            hint="Point EMAIL_HOST (and EMAIL_PORT, EMAIL_HOST_USER...) at your mail server, "
            "or EMAIL_BACKEND at your mail service's backend. If a mail server does listen "
            "on this host, set EMAIL_HOST = 'localhost' explicitly.",
            id="jwt_allauth.W006",
        )
    ]


def _mail_senders() -> list[str]:
    senders = ["Password reset mails"]
    if app_settings.EMAIL_VERIFICATION_ENABLED:
        senders.append("e-mail verification mails")
    if app_settings.INVITATIONS:
        senders.append("invitations")
    return senders


@checks.register("jwt_allauth")
def check_redirects(app_configs: AppConfigs = None, **kwargs: object) -> list[checks.CheckMessage]:
    configured = [(setting.name, app_settings.raw(setting)) for setting in table.REDIRECTS]
    return [
        checks.Error(
            f"{name} = {value!r} is neither a path nor an http(s) URL.",
            hint="For example 'https://app.example.com/verified', '/account/verified' or "
            "'account/verified' (a relative path is joined to the root the site is served "
            "under).",
            id="jwt_allauth.E015",
        )
        for name, value in configured
        if not _is_redirect_target(value)
    ]


def _is_redirect_target(value: object) -> bool:
    if value is None or value == "":  # unset: our own page is used
        return True
    if not isinstance(value, str) or any(ord(char) < 32 or ord(char) == 127 for char in value):
        return False
    if value.startswith("/"):
        return True
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    if not parts.scheme:  # a relative path, as 1.x documented: joined to the site's root
        return True
    return parts.scheme in ("http", "https") and bool(parts.netloc)


@checks.register("jwt_allauth")
def check_grant_cookies(
    app_configs: AppConfigs = None, **kwargs: object
) -> list[checks.CheckMessage]:
    """The reset cookie is always in use; the set-password one in admin-managed mode."""
    cookies = [table.PASSWORD_RESET_COOKIE]
    if app_settings.INVITATIONS:
        cookies.append(table.PASSWORD_SET_COOKIE)
    return [problem for cookie in cookies for problem in _check_grant_cookie(cookie)]


def _check_grant_cookie(cookie: CookieSettings) -> list[checks.CheckMessage]:
    problems: list[checks.CheckMessage] = []
    max_age = app_settings.raw(cookie.max_age, default=_UNSET)
    if max_age is not _UNSET and (
        isinstance(max_age, bool) or not isinstance(max_age, int) or max_age <= 0
    ):
        problems.append(
            checks.Error(
                f"{cookie.max_age.name} must be a positive number of seconds, not {max_age!r}.",
                hint="An int, e.g. 3600 for an hour.",
                id="jwt_allauth.E016",
            )
        )
    samesite = app_settings.value(cookie.same_site)
    if samesite not in SAMESITE_VALUES:
        problems.append(
            checks.Error(
                f"{cookie.same_site.name} must be 'Lax', 'Strict', 'None' or None, "
                f"not {samesite!r}.",
                hint="Leave it at 'Lax'; the cookie is set by a link opened from a mail.",
                id="jwt_allauth.E017",
            )
        )
    elif samesite == SameSite.NONE and not app_settings.value(cookie.secure):
        problems.append(
            checks.Error(
                f"{cookie.same_site.name} = 'None' without {cookie.secure.name}: "
                "browsers drop the cookie.",
                hint=f"Set {cookie.secure.name} = True and serve the site over HTTPS.",
                id="jwt_allauth.E018",
            )
        )
    return problems


@checks.register("jwt_allauth")
def check_registration_roles(
    app_configs: AppConfigs = None, **kwargs: object
) -> list[checks.CheckMessage]:
    roles = app_settings.raw(table.REGISTRATION_ALLOWED_ROLES, default=[])
    if isinstance(roles, (list, tuple, set, frozenset)):
        return []
    return [
        checks.Error(
            f"JWT_ALLAUTH_REGISTRATION_ALLOWED_ROLES must be a list of role codes, not {roles!r}.",
            hint="For example: [STAFF_CODE, SUPER_USER_CODE] from jwt_allauth.roles.",
            id="jwt_allauth.E019",
        )
    ]


@checks.register("jwt_allauth")
def check_templates(app_configs: AppConfigs = None, **kwargs: object) -> list[checks.CheckMessage]:
    """Overrides must be template names that load; unknown keys are most likely typos."""
    templates = app_settings.raw(table.TEMPLATES) or {}
    if not isinstance(templates, Mapping) or not all(
        isinstance(name, str) and name for name in templates.values()
    ):
        return [
            checks.Error(
                "JWT_ALLAUTH_TEMPLATES must map mail keys to template names.",
                hint="For example: {'PASS_RESET_EMAIL': 'myapp/mail/reset.html'}",
                id="jwt_allauth.E020",
            )
        ]
    unknown = sorted(str(key) for key in templates if key not in TEMPLATE_KEYS)
    problems: list[checks.CheckMessage] = []
    if unknown:
        problems.append(
            checks.Warning(
                f"JWT_ALLAUTH_TEMPLATES has unknown keys, which are ignored: {', '.join(unknown)}.",
                hint=f"The keys are: {', '.join(TEMPLATE_KEYS)}.",
                id="jwt_allauth.W007",
            )
        )
    known = [(key, name) for key, name in templates.items() if key in TEMPLATE_KEYS]
    return problems + [error for key, name in known for error in _load_template(key, name)]


def _load_template(key: str, name: str) -> list[checks.CheckMessage]:
    try:
        get_template(name)
    except TemplateDoesNotExist:
        problem = "does not exist"
    except TemplateSyntaxError as error:
        problem = f"does not compile: {error}"
    else:
        return []
    return [
        checks.Error(
            f"JWT_ALLAUTH_TEMPLATES[{key!r}] = {name!r} {problem}.",
            hint="Name a template your TEMPLATES loaders find (a path relative to a "
            "templates directory, not a file system path).",
            id="jwt_allauth.E021",
        )
    ]
