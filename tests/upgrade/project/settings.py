"""The 1.5.1 fixture project (``tests/upgrade/data``) after the documented upgrade.

What 1.5.1's ``startproject`` wrote and the fixture kept: the apps (with
``rest_framework.authtoken`` and ``allauth.socialaccount``), the middleware,
``AUTH_USER_MODEL = "jwt_allauth.JAUser"``, log-in by e-mail, MFA in optional
mode, RS256 signing with the project's key pair, and the ``SECRET_KEY`` the data
was signed under. What the upgrade changed: the ``MIGRATION_MODULES`` entry is
gone, and the names this package reads stand where 1.x's differ.

The database comes from the environment: ``UPGRADE_SQLITE`` (a file) or
``UPGRADE_PG_NAME`` (a PostgreSQL database on PGHOST/PGPORT as PGUSER).
"""

import os
from datetime import timedelta
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"

SECRET_KEY = "legacy-fixture-NOT-A-SECRET-jwt-allauth-1.5.1-0000000000000000"
DEBUG = False
ALLOWED_HOSTS = ["testserver"]
USE_TZ = True
TIME_ZONE = "UTC"
ROOT_URLCONF = "tests.upgrade.project.urls"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "jwt_allauth",
    "rest_framework",
    "rest_framework.authtoken",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.mfa",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]

if os.environ.get("UPGRADE_PG_NAME"):
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": os.environ["UPGRADE_PG_NAME"],
            "USER": os.environ.get("PGUSER", "postgres"),
            "HOST": os.environ.get("PGHOST", "127.0.0.1"),
            "PORT": os.environ.get("PGPORT", "5432"),
        }
    }
else:
    DATABASES = {
        "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.environ["UPGRADE_SQLITE"]}
    }

# The user model 1.x's startproject names; its table and rows are 1.x's.
AUTH_USER_MODEL = "jwt_allauth.JAUser"

ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["jwt_allauth.authentication.JWTAuthentication"],
}

JWT_ACCESS_TOKEN_LIFETIME = timedelta(minutes=30)
# As in the fixture project: its refresh tokens and sessions outlive the test run.
JWT_REFRESH_TOKEN_LIFETIME = timedelta(days=3650)
JWT_ALLAUTH_COLLECT_USER_AGENT = True

# 1.x's RS256 pair: what signed the fixture's tokens signs and verifies ours.
SIMPLE_JWT = {
    "ALGORITHM": "RS256",
    "SIGNING_KEY": (DATA / "keys" / "private.pem").read_text(),
    "VERIFYING_KEY": (DATA / "keys" / "public.pem").read_text(),
}

JWT_ALLAUTH_MFA_TOTP_MODE = "optional"
MFA_ADAPTER = "jwt_allauth.mfa.adapter.MFAAdapter"

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STATIC_URL = "static/"

# The fixture's links were mailed on 2026-12-04: keep them inside their lifetimes.
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 3650
PASSWORD_RESET_TIMEOUT = 3650 * 24 * 3600

# Routes depend on these, so a driver run that follows links sets them here.
if os.environ.get("UPGRADE_LINKS"):
    EMAIL_VERIFICATION = "mandatory"
    JWT_ALLAUTH_ADMIN_MANAGED_REGISTRATION = True

if os.environ.get("UPGRADE_FORGOT_MIGRATION_MODULES"):
    # The line 1.x's startproject wrote, left in by mistake.
    MIGRATION_MODULES = {"jwt_allauth": "legacysite.migrations_external.jwt_allauth"}
