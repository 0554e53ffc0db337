"""System checks on mail, links, grant cookies, roles and mail templates."""

from __future__ import annotations

import pytest

from jwt_allauth import checks
from jwt_allauth.checks.accounts import TEMPLATE_KEYS
from tests.helpers import ids

SMTP = "django.core.mail.backends.smtp.EmailBackend"
DUMMY = "django.core.mail.backends.dummy.EmailBackend"


# W006: mail that would go nowhere


@pytest.fixture
def production(settings):
    settings.DEBUG = False
    settings.EMAIL_BACKEND = SMTP
    return settings


def test_w006_smtp_to_the_default_localhost(production):
    messages = checks.check_mail_delivery()

    assert ids(messages) == ["jwt_allauth.W006"]
    assert messages[0].msg.startswith("Password reset mails go to an SMTP server on localhost")


@pytest.mark.parametrize(
    ("verification", "managed", "senders"),
    [
        (True, False, "Password reset mails, e-mail verification mails go"),
        ("mandatory", False, "Password reset mails, e-mail verification mails go"),
        ("optional", True, "Password reset mails, e-mail verification mails, invitations go"),
        (False, True, "Password reset mails, invitations go"),
    ],
)
def test_w006_names_every_mail_that_is_lost(production, verification, managed, senders):
    production.EMAIL_VERIFICATION = verification
    production.JWT_ALLAUTH_ADMIN_MANAGED_REGISTRATION = managed

    messages = checks.check_mail_delivery()

    assert ids(messages) == ["jwt_allauth.W006"]
    assert messages[0].msg.startswith(senders)


def test_w006_dummy_backend_drops_mail(production):
    production.EMAIL_BACKEND = DUMMY
    production.EMAIL_HOST = "smtp.example.com"

    messages = checks.check_mail_delivery()

    assert ids(messages) == ["jwt_allauth.W006"]
    assert "are dropped" in messages[0].msg


@pytest.mark.parametrize("host", ["smtp.example.com", "localhost"])
def test_an_email_host_set_on_purpose_is_silent(production, host):
    production.EMAIL_HOST = host

    assert checks.check_mail_delivery() == []


@pytest.mark.parametrize(
    "backend",
    [
        "django.core.mail.backends.console.EmailBackend",
        "django.core.mail.backends.locmem.EmailBackend",
        "anymail.backends.mailgun.EmailBackend",
    ],
)
def test_other_backends_are_silent(production, backend):
    production.EMAIL_BACKEND = backend

    assert checks.check_mail_delivery() == []


@pytest.mark.parametrize("backend", [SMTP, DUMMY])
def test_mail_check_is_silent_under_debug(production, backend):
    production.DEBUG = True
    production.EMAIL_BACKEND = backend

    assert checks.check_mail_delivery() == []


# E015: redirect settings

REDIRECTS = ["EMAIL_VERIFIED_REDIRECT", "PASSWORD_RESET_REDIRECT", "PASSWORD_SET_REDIRECT"]


@pytest.mark.parametrize("name", REDIRECTS)
@pytest.mark.parametrize(
    "value",
    [
        "ftp://example.com/verified",
        "javascript:alert(1)",
        "https://",
        "https:/app.example.com",
        "http://[::1",
        "/verified\r\nSet-Cookie: x=1",
        5,
        ["/verified"],
    ],
)
def test_e015_not_a_path_nor_a_url(settings, name, value):
    setattr(settings, name, value)

    messages = checks.check_redirects()

    assert ids(messages) == ["jwt_allauth.E015"]
    assert messages[0].msg.startswith(name)


@pytest.mark.parametrize("name", REDIRECTS)
@pytest.mark.parametrize(
    "value",
    [
        None,
        "",
        "/",
        "/account/verified/",
        "/reset?step=2",
        "password_reset/",  # 1.x's documented relative form
        "verified",
        "account/verified/?step=2",
        "https://app.example.com/verified",
        "http://localhost:3000/#/reset",
    ],
)
def test_paths_and_urls_are_silent(settings, name, value):
    setattr(settings, name, value)

    assert checks.check_redirects() == []


def test_e015_reports_each_bad_redirect(settings):
    settings.PASSWORD_RESET_REDIRECT = "javascript:reset()"
    settings.REST_AUTH = {"PASSWORD_SET_REDIRECT": "ftp://example.com/set"}

    messages = checks.check_redirects()

    assert ids(messages) == ["jwt_allauth.E015", "jwt_allauth.E015"]
    assert [m.msg.split(" ")[0] for m in messages] == REDIRECTS[1:]


# E016 / E017 / E018: the password-reset and set-password cookies

COOKIES = ["PASSWORD_RESET_COOKIE", "PASSWORD_SET_COOKIE"]


@pytest.fixture
def managed(settings):
    """Admin-managed registration: the set-password cookie is in use."""
    settings.JWT_ALLAUTH_ADMIN_MANAGED_REGISTRATION = True
    return settings


@pytest.mark.parametrize("prefix", COOKIES)
@pytest.mark.parametrize("max_age", [0, -1, "3600", 3600.0, True, None])
def test_e016_max_age_must_be_positive_seconds(managed, prefix, max_age):
    setattr(managed, f"{prefix}_MAX_AGE", max_age)

    messages = checks.check_grant_cookies()

    assert ids(messages) == ["jwt_allauth.E016"]
    assert messages[0].msg.startswith(f"{prefix}_MAX_AGE")


@pytest.mark.parametrize("prefix", COOKIES)
@pytest.mark.parametrize("samesite", ["lax", "none", "Sometimes", 1])
def test_e017_unknown_samesite(managed, prefix, samesite):
    setattr(managed, f"{prefix}_SAME_SITE", samesite)

    assert ids(checks.check_grant_cookies()) == ["jwt_allauth.E017"]


@pytest.mark.parametrize("prefix", COOKIES)
def test_e018_samesite_none_without_secure(managed, prefix):
    setattr(managed, f"{prefix}_SAME_SITE", "None")
    setattr(managed, f"{prefix}_SECURE", False)

    messages = checks.check_grant_cookies()

    assert ids(messages) == ["jwt_allauth.E018"]
    assert messages[0].msg.startswith(f"{prefix}_SAME_SITE")


@pytest.mark.parametrize("prefix", COOKIES)
def test_e018_follows_the_debug_default_of_secure(managed, prefix):
    setattr(managed, f"{prefix}_SAME_SITE", "None")
    managed.DEBUG = True

    assert ids(checks.check_grant_cookies()) == ["jwt_allauth.E018"]
    managed.DEBUG = False
    assert checks.check_grant_cookies() == []


def test_grant_cookie_problems_are_all_reported(managed):
    managed.PASSWORD_RESET_COOKIE_MAX_AGE = 0
    managed.REST_AUTH = {"PASSWORD_RESET_COOKIE_SAME_SITE": "lax"}
    managed.PASSWORD_SET_COOKIE_SAME_SITE = "None"
    managed.PASSWORD_SET_COOKIE_SECURE = False

    assert ids(checks.check_grant_cookies()) == [
        "jwt_allauth.E016",
        "jwt_allauth.E017",
        "jwt_allauth.E018",
    ]


@pytest.mark.parametrize("prefix", COOKIES)
@pytest.mark.parametrize(
    ("samesite", "secure", "max_age"),
    [("Lax", False, 1), ("Strict", False, 3600), ("None", True, 86400), (None, False, 60)],
)
def test_good_grant_cookies_are_silent(managed, prefix, samesite, secure, max_age):
    setattr(managed, f"{prefix}_SAME_SITE", samesite)
    setattr(managed, f"{prefix}_SECURE", secure)
    setattr(managed, f"{prefix}_MAX_AGE", max_age)

    assert checks.check_grant_cookies() == []


def test_set_password_cookie_is_checked_only_when_registration_is_admin_managed(settings):
    settings.PASSWORD_SET_COOKIE_MAX_AGE = "a day"
    settings.PASSWORD_SET_COOKIE_SAME_SITE = "None"
    settings.PASSWORD_SET_COOKIE_SECURE = False

    assert checks.check_grant_cookies() == []
    settings.JWT_ALLAUTH_ADMIN_MANAGED_REGISTRATION = True
    assert ids(checks.check_grant_cookies()) == ["jwt_allauth.E016", "jwt_allauth.E018"]


# E019: roles allowed to register users


@pytest.mark.parametrize("roles", ["staff", 1, None, {"staff": 1}])
def test_e019_allowed_roles_not_a_list(settings, roles):
    settings.JWT_ALLAUTH_REGISTRATION_ALLOWED_ROLES = roles

    assert ids(checks.check_registration_roles()) == ["jwt_allauth.E019"]


@pytest.mark.parametrize("roles", [[], [600, 900], (900,), {600}])
def test_allowed_roles_as_a_collection_are_silent(settings, roles):
    settings.JWT_ALLAUTH_REGISTRATION_ALLOWED_ROLES = roles

    assert checks.check_registration_roles() == []


# E020 / W007 / E021: mail template overrides


@pytest.fixture
def project_templates(settings, tmp_path):
    """A templates directory of the project's, with one good and one broken template."""
    (tmp_path / "mail").mkdir()
    (tmp_path / "mail" / "reset.html").write_text("Reset: {{ url }}")
    (tmp_path / "mail" / "broken.html").write_text("{% if %}")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    return settings


@pytest.mark.parametrize(
    "templates",
    [
        ["email/password/reset_email_message.html"],
        "email/password/reset_email_message.html",
        {"PASS_RESET_EMAIL": 5},
        {"PASS_RESET_EMAIL": ""},
        {"PASS_RESET_EMAIL": None},
    ],
)
def test_e020_templates_must_map_keys_to_names(settings, templates):
    settings.JWT_ALLAUTH_TEMPLATES = templates

    assert ids(checks.check_templates()) == ["jwt_allauth.E020"]


def test_w007_unknown_keys_and_the_known_ones_in_the_hint(project_templates):
    project_templates.JWT_ALLAUTH_TEMPLATES = {
        "PASS_RESET_MAIL": "mail/reset.html",
        "PASS_RESET_EMAIL": "mail/reset.html",
    }

    messages = checks.check_templates()

    assert ids(messages) == ["jwt_allauth.W007"]
    assert "PASS_RESET_MAIL" in messages[0].msg
    assert all(key in messages[0].hint for key in TEMPLATE_KEYS)


def test_the_known_keys_are_the_documented_ones():
    assert set(TEMPLATE_KEYS) == {
        "PASS_RESET_SUBJECT",
        "PASS_RESET_EMAIL",
        "EMAIL_VERIFICATION_SUBJECT",
        "EMAIL_VERIFICATION",
        "ADMIN_EMAIL_VERIFICATION_SUBJECT",
        "ADMIN_EMAIL_VERIFICATION",
        "ACCOUNT_EXISTS_SUBJECT",
        "ACCOUNT_EXISTS_EMAIL",
        "EMAIL_CHANGE_SUBJECT",
        "EMAIL_CHANGE_EMAIL",
        "EMAIL_TAKEN_SUBJECT",
        "EMAIL_TAKEN_EMAIL",
    }


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("mail/missing.html", "does not exist"),
        ("/srv/site/templates/mail/reset.html", "does not exist"),
        ("mail/broken.html", "does not compile"),
    ],
)
def test_e021_template_that_does_not_load(project_templates, name, problem):
    project_templates.JWT_ALLAUTH_TEMPLATES = {"ADMIN_EMAIL_VERIFICATION": name}

    messages = checks.check_templates()

    assert ids(messages) == ["jwt_allauth.E021"]
    assert f"['ADMIN_EMAIL_VERIFICATION'] = {name!r} {problem}" in messages[0].msg


@pytest.mark.parametrize(
    "templates",
    [
        None,
        {},
        {"PASS_RESET_EMAIL": "mail/reset.html"},
        {key: "mail/reset.html" for key in TEMPLATE_KEYS},
        {"PASS_RESET_SUBJECT": "email/password/reset_email_subject.txt"},
    ],
)
def test_loadable_templates_are_silent(project_templates, templates):
    project_templates.JWT_ALLAUTH_TEMPLATES = templates

    assert checks.check_templates() == []


@pytest.mark.parametrize("value", [True, False, "optional", "mandatory", "none"])
def test_e010_silent_for_valid_modes(settings, value):
    settings.EMAIL_VERIFICATION = value
    assert checks.check_email_verification() == []


@pytest.mark.parametrize("value", ["yes", 1, None, ["optional"]])
def test_e010_invalid_mode(settings, value):
    settings.EMAIL_VERIFICATION = value
    assert ids(checks.check_email_verification()) == ["jwt_allauth.E010"]
