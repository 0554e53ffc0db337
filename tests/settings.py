"""Test settings: SQLite and local memory by default; PostgreSQL and Redis on request.

JWT_ALLAUTH_TEST_DB=postgres   run on PostgreSQL (127.0.0.1:5432, database ``test``)
JWT_ALLAUTH_TEST_CACHE=redis   use Redis (127.0.0.1:6379) as the cache
JWT_ALLAUTH_TEST_USER=custom   swap in tests.testapp.EmailUser as AUTH_USER_MODEL
JWT_ALLAUTH_TEST_DB_NAME=...   the PostgreSQL test database's name (default ``test_test``)
"""

import importlib.util
import os

SECRET_KEY = "tests-only-not-secret-" + "x" * 40
DEBUG = False
USE_TZ = True
ROOT_URLCONF = "tests.urls"
ALLOWED_HOSTS = ["*"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sites",
    "rest_framework",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "jwt_allauth",
    "tests.testapp",
]
SITE_ID = 1

MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
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

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
MFA_ADAPTER = "jwt_allauth.mfa.adapter.MFAAdapter"

if os.environ.get("JWT_ALLAUTH_TEST_USER") == "custom":
    AUTH_USER_MODEL = "testapp.EmailUser"
    ACCOUNT_USER_MODEL_USERNAME_FIELD = None

# Fast hashing: tests measure our code, not PBKDF2.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

REST_FRAMEWORK: dict[str, object] = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["jwt_allauth.authentication.JWTAuthentication"],
}

# MFA (the ``mfa`` extra: QR codes, secrets encrypted with cryptography), when installed.
MFA_EXTRA = ("qrcode", "cryptography")
if not all(importlib.util.find_spec(name) is not None for name in MFA_EXTRA):
    INSTALLED_APPS.remove("allauth.mfa")
    JWT_ALLAUTH_MFA_TOTP_MODE = "disabled"  # as a project without the extra sets it

# Social login (the ``social`` extra: requests and PyJWT), when installed.
SOCIAL_EXTRA = ("requests", "jwt", "cryptography")
if all(importlib.util.find_spec(name) is not None for name in SOCIAL_EXTRA):
    INSTALLED_APPS[INSTALLED_APPS.index("jwt_allauth") : 0] = [
        "allauth.socialaccount",
        "allauth.socialaccount.providers.openid_connect",
        "allauth.socialaccount.providers.github",
    ]
    JWT_ALLAUTH_SOCIAL_CALLBACK_URLS = ["http://localhost:3000/callback"]

# The OpenAPI schema (the ``schema`` extra), when drf-spectacular is installed.
if importlib.util.find_spec("drf_spectacular") is not None:
    INSTALLED_APPS.append("drf_spectacular")
    REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"] = "drf_spectacular.openapi.AutoSchema"

if os.environ.get("JWT_ALLAUTH_TEST_DB") == "postgres":
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": "test",
            "USER": os.environ.get("PGUSER", "postgres"),
            "HOST": os.environ.get("PGHOST", "127.0.0.1"),
            "PORT": os.environ.get("PGPORT", "5432"),
            # A name of its own lets parallel runs share the server without colliding.
            "TEST": {"NAME": os.environ.get("JWT_ALLAUTH_TEST_DB_NAME", "test_test")},
        }
    }
else:
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}

if os.environ.get("JWT_ALLAUTH_TEST_CACHE") == "redis":
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15"),
            "KEY_PREFIX": "jwt-allauth-tests",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STATIC_URL = "/static/"  # pytest-django's live_server needs one
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
