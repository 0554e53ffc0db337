"""A host project configured only as the contract documents (seeds 000, 003, 004).

The apps, allauth's middleware and backend, ``include("jwt_allauth.urls")`` and
the documented settings; nothing else about allauth: no ``ACCOUNT_LOGIN_METHODS``,
no ``ACCOUNT_SIGNUP_FIELDS``, no ``MFA_ADAPTER``. ``DOCUMENTED_DB`` names the
SQLite file; ``DOCUMENTED_INVITATIONS`` turns on admin-managed registration.
"""

import os
from datetime import timedelta

SECRET_KEY = "documented-project-NOT-A-SECRET-0123456789abcdefghijklmnopqrstuvwxyz"
DEBUG = False
ALLOWED_HOSTS = ["testserver"]
USE_TZ = True
ROOT_URLCONF = "tests.documented.urls"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

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

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["jwt_allauth.authentication.JWTAuthentication"],
}

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

DATABASES = {
    "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.environ["DOCUMENTED_DB"]}
}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
EMAIL_HOST = "mail.example.com"
STATIC_URL = "static/"
JWT_ALLAUTH_LINK_BASE_URL = "https://api.example.com"

# The documented settings (seed 000), with the values a project would write.
EMAIL_VERIFICATION = True
JWT_ACCESS_TOKEN_LIFETIME = timedelta(minutes=30)
JWT_REFRESH_TOKEN_LIFETIME = timedelta(days=90)
JWT_ALLAUTH_MFA_TOTP_MODE = "optional"
JWT_ALLAUTH_TOTP_ISSUER = "Documented Project"
PASSWORD_RESET_REDIRECT = "password_reset/"
PASSWORD_SET_REDIRECT = "set_password/"
JWT_ALLAUTH_ADMIN_MANAGED_REGISTRATION = bool(os.environ.get("DOCUMENTED_INVITATIONS"))
# 1.x's documented dedicated HS256 key (no SIMPLE_JWT in this project).
JWT_ALLAUTH_SECRET_KEY = "documented-jwt-key-NOT-A-SECRET-abcdefghijklmnopqrstuvwxyz0123"
