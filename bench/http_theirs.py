"""dj-rest-auth with simplejwt (rotation + blacklist), as bench_http.py serves it.

Runs in bench/.venv-djrestauth, which has no jwt_allauth: the WSGI application,
the URLs (ROOT_URLCONF is this module) and ``prepare``. Same host settings as
ours (benchsite.py): DEBUG off, MD5 hasher, the same apps and middleware with
allauth signing in by e-mail, JWTs signed HS256 with the secret key, refresh
tokens sent and returned in the body.
"""

from __future__ import annotations

import os
import sys

import django
import http_common
from django.conf import settings
from django.urls import include, path

settings.configure(
    DEBUG=False,
    SECRET_KEY="bench-only-not-secret-" + "x" * 40,
    ALLOWED_HOSTS=["*"],
    USE_TZ=True,
    ROOT_URLCONF="http_theirs",
    INSTALLED_APPS=[
        "django.contrib.auth",
        "django.contrib.contenttypes",
        "django.contrib.sessions",
        "rest_framework",
        "rest_framework.authtoken",
        "rest_framework_simplejwt.token_blacklist",
        "allauth",
        "allauth.account",
        "dj_rest_auth",
    ],
    MIDDLEWARE=[
        "http_common.QueryCountMiddleware",
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.middleware.common.CommonMiddleware",
        "django.middleware.csrf.CsrfViewMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
        "allauth.account.middleware.AccountMiddleware",
    ],
    TEMPLATES=[{"BACKEND": "django.template.backends.django.DjangoTemplates"}],
    DATABASES={
        "default": http_common.database(os.environ["BENCH_DB"], os.environ["BENCH_DB_NAME"])
    },
    DEFAULT_AUTO_FIELD="django.db.models.BigAutoField",
    PASSWORD_HASHERS=[http_common.MD5_HASHER],
    AUTHENTICATION_BACKENDS=[
        "django.contrib.auth.backends.ModelBackend",
        "allauth.account.auth_backends.AuthenticationBackend",
    ],
    ACCOUNT_LOGIN_METHODS={"email"},
    REST_FRAMEWORK={
        "DEFAULT_AUTHENTICATION_CLASSES": ["dj_rest_auth.jwt_auth.JWTCookieAuthentication"],
    },
    REST_AUTH={
        "USE_JWT": True,
        "JWT_AUTH_HTTPONLY": False,  # the refresh token in the body, as ours
        "SESSION_LOGIN": False,
        "TOKEN_MODEL": None,
    },
    SIMPLE_JWT={"ROTATE_REFRESH_TOKENS": True, "BLACKLIST_AFTER_ROTATION": True},
    CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
)
django.setup()

urlpatterns = [
    path("auth/", include("dj_rest_auth.urls")),
    path("bench/bare/", http_common.bare_view()),
]

if __name__ == "__main__" and sys.argv[1:2] == ["prepare"]:
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    http_common.create_users(int(sys.argv[2]))
else:
    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()
