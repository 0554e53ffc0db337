"""Settings of the demo: jwt_allauth installed the way a project would install it.

For local use only: DEBUG is on and the secret key is public.
"""

import importlib.util
import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = "demo-only-not-secret-change-me-in-a-real-project-0123456789"
DEBUG = True
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "jwt_allauth",
    "demo_api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "demo_project.urls"
WSGI_APPLICATION = "demo_project.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
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

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        # DEMO_DB_PATH: another SQLite file, such as the end-to-end tests' temporary one.
        "NAME": os.environ.get("DEMO_DB_PATH") or BASE_DIR / "db.sqlite3",
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

USE_TZ = True
TIME_ZONE = "UTC"
LANGUAGE_CODE = "en-us"
USE_I18N = True
STATIC_URL = "static/"

# Accounts: allauth checks the credentials, by e-mail address.
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]

# The API authenticates with access tokens.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["jwt_allauth.authentication.JWTAuthentication"],
}

# jwt_allauth: describe each session's device (browser, OS) for sessions/.
JWT_ALLAUTH_COLLECT_USER_AGENT = True

# Mail (password reset, verification) is printed in the runserver console and kept
# in the database for the page /dev/mails/, where the front end's user finds the links.
EMAIL_BACKEND = "demo_api.mailbox.ConsoleAndDatabaseBackend"
DEFAULT_FROM_EMAIL = "demo@example.com"

# Sign-up sends a link that must be opened before the first login.
EMAIL_VERIFICATION = True
ACCOUNT_ADAPTER = "jwt_allauth.adapter.AccountAdapter"

# Two-factor authentication (TOTP + recovery codes) for those who enrol.
MFA_ADAPTER = "jwt_allauth.mfa.adapter.MFAAdapter"
JWT_ALLAUTH_MFA_TOTP_MODE = "optional"
# Accept the codes of the neighbouring 30-second steps too: phones' clocks drift.
MFA_TOTP_TOLERANCE = 1
# After the link is opened, back to the front end, which says so.
EMAIL_VERIFIED_REDIRECT = "/#verified"
# "Send the link again" mails at once here: the mails only reach /dev/mails/. Keep
# allauth's default cooldown (3 minutes per address) in a real project.
ACCOUNT_EMAIL_CONFIRMATION_COOLDOWN = 0

# Social login (the ``social`` extra): "Sign in with" an OpenID Connect provider named
# by the environment, such as the tests' loopback provider (tests/idp):
#   DEMO_OIDC_SERVER_URL, DEMO_OIDC_CLIENT_ID, DEMO_OIDC_SECRET, DEMO_OIDC_AUTHORIZE_URL
# The front end sends the provider back to its own page, which must be listed here.
if all(importlib.util.find_spec(name) for name in ("requests", "jwt")):
    INSTALLED_APPS[INSTALLED_APPS.index("jwt_allauth") : 0] = [
        "allauth.socialaccount",
        "allauth.socialaccount.providers.openid_connect",
    ]
    JWT_ALLAUTH_SOCIAL_CALLBACK_URLS = os.environ.get(
        "DEMO_SOCIAL_CALLBACK_URLS", "http://127.0.0.1:8000/ http://localhost:8000/"
    ).split()
    DEMO_SOCIAL_AUTHORIZE_URLS = {}
    if os.environ.get("DEMO_OIDC_SERVER_URL"):
        SOCIALACCOUNT_PROVIDERS = {
            "openid_connect": {
                "APPS": [
                    {
                        "provider_id": "loopback",
                        "name": "Loopback ID",
                        "client_id": os.environ["DEMO_OIDC_CLIENT_ID"],
                        "secret": os.environ["DEMO_OIDC_SECRET"],
                        "settings": {"server_url": os.environ["DEMO_OIDC_SERVER_URL"]},
                    }
                ]
            }
        }
        DEMO_SOCIAL_AUTHORIZE_URLS["loopback"] = os.environ["DEMO_OIDC_AUTHORIZE_URL"]

# The OpenAPI schema at /api/schema/, when drf-spectacular (the ``schema`` extra) is
# installed. Swagger UI is not served: its scripts would come from a CDN.
if importlib.util.find_spec("drf_spectacular") is not None:
    INSTALLED_APPS.append("drf_spectacular")
    REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"] = "drf_spectacular.openapi.AutoSchema"
    SPECTACULAR_SETTINGS = {
        "TITLE": "jwt-allauth demo",
        "VERSION": "1.0.0",
        "COMPONENT_SPLIT_REQUEST": True,
        "SERVE_INCLUDE_SCHEMA": False,
    }
