"""E-mails rendered from overridable templates: a subject, an HTML body, a text body.

A project overrides a mail either by shipping a template at the same path
(Django's usual override) or by naming another path in ``JWT_ALLAUTH_TEMPLATES``.
The plain-text alternative is the ``.txt`` sibling of the HTML template when one
exists, else the HTML with its tags stripped.

Every mail is handed to the mail backend once the transaction that asked for it
commits (:func:`send_on_commit`): a rolled-back flow sends nothing, and a mail
backend that writes to the database does not wait on the flow's locks.
"""

from __future__ import annotations

import logging
import smtplib
from functools import partial
from typing import Any

from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import transaction
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils.html import strip_tags

from jwt_allauth.app_settings import app_settings

logger = logging.getLogger("jwt_allauth.mail")

# mail kind -> (subject setting key, body setting key, default subject, default body)
MAIL_TEMPLATES: dict[str, tuple[str, str, str, str]] = {
    "password_reset": (
        "PASS_RESET_SUBJECT",
        "PASS_RESET_EMAIL",
        "email/password/reset_email_subject.txt",
        "email/password/reset_email_message.html",
    ),
    "email_verification": (
        "EMAIL_VERIFICATION_SUBJECT",
        "EMAIL_VERIFICATION",
        "email/signup/email_subject.txt",
        "email/signup/email_message.html",
    ),
    "admin_invitation": (
        "ADMIN_EMAIL_VERIFICATION_SUBJECT",
        "ADMIN_EMAIL_VERIFICATION",
        "email/admin_invite/email_subject.txt",
        "email/admin_invite/email_message.html",
    ),
    "account_exists": (
        "ACCOUNT_EXISTS_SUBJECT",
        "ACCOUNT_EXISTS_EMAIL",
        "email/signup/account_exists_subject.txt",
        "email/signup/account_exists_message.html",
    ),
    "email_change": (
        "EMAIL_CHANGE_SUBJECT",
        "EMAIL_CHANGE_EMAIL",
        "email/user/email_change_subject.txt",
        "email/user/email_change_message.html",
    ),
    "email_taken": (
        "EMAIL_TAKEN_SUBJECT",
        "EMAIL_TAKEN_EMAIL",
        "email/user/email_taken_subject.txt",
        "email/user/email_taken_message.html",
    ),
}


def template_paths(kind: str) -> tuple[str, str]:
    """The (subject, html body) template names for a mail kind, overrides applied."""
    subject_key, body_key, subject_default, body_default = MAIL_TEMPLATES[kind]
    overrides = app_settings.TEMPLATES
    return overrides.get(subject_key, subject_default), overrides.get(body_key, body_default)


def render_mail(kind: str, context: dict[str, Any]) -> tuple[str, str, str]:
    """Render (subject, text body, html body) for a mail kind."""
    subject_template, html_template = template_paths(kind)
    subject = " ".join(render_to_string(subject_template, context).split())
    html = render_to_string(html_template, context)
    text_template = html_template.rsplit(".", 1)[0] + ".txt"
    text: str
    try:
        text = render_to_string(text_template, context)
    except TemplateDoesNotExist:
        text = strip_tags(html)
    return subject, text, html


def build_templated_mail(kind: str, to: str, context: dict[str, Any]) -> EmailMultiAlternatives:
    """The rendered message, ready to ``send()``."""
    subject, text, html = render_mail(kind, context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[to])
    message.attach_alternative(html, "text/html")
    return message


def send_templated_mail(kind: str, to: str, context: dict[str, Any]) -> None:
    send_on_commit(build_templated_mail(kind, to, context))


def send_on_commit(message: EmailMessage) -> None:
    """Send ``message`` when the current transaction commits (at once outside one)."""
    transaction.on_commit(partial(send_or_log, message), robust=True)


def send_or_log(message: EmailMessage) -> None:
    """Send; a refused or unreachable mail server is logged, never the request's answer.

    What a request answers must not depend on whether a mail went out, or it
    would tell which addresses have accounts. The log names no address.
    """
    try:
        message.send()
    except (smtplib.SMTPException, OSError) as error:
        # Not the error's text: SMTPRecipientsRefused spells out the addresses.
        code = getattr(error, "smtp_code", None) or getattr(error, "errno", None)
        name = type(error).__name__
        logger.error("A mail (%r) could not be sent: %s (code %s).", message.subject, name, code)
