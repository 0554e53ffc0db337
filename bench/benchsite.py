"""The Django project both benchmarks run in (its URLs are in ``benchurls``).

``setup("sqlite", path)`` or ``setup("postgres")`` configures Django and
migrates. PostgreSQL uses the database ``jwt_allauth_bench`` on
127.0.0.1:5432 unless told another (created when missing), apart from
pytest's ``test_test``.
"""

from __future__ import annotations

import os
from typing import Any

import django
from django.conf import settings

from jwt_allauth.constants import ThrottleScope

PG_DATABASE = os.environ.get("JWT_ALLAUTH_BENCH_DB", "jwt_allauth_bench")
PASSWORD_HASHER = "django.contrib.auth.hashers.MD5PasswordHasher"
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]


def pg_params(name: str) -> dict[str, Any]:
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": name,
        "USER": os.environ.get("PGUSER", "postgres"),
        "HOST": os.environ.get("PGHOST", "127.0.0.1"),
        "PORT": os.environ.get("PGPORT", "5432"),
    }


def database_settings(db: str, name: str | None) -> dict[str, Any]:
    if db == "postgres":
        return pg_params(name or PG_DATABASE)
    return {"ENGINE": "django.db.backends.sqlite3", "NAME": name or ":memory:"}


def setup(db: str, name: str | None = None, migrate: bool = True, **overrides: Any) -> None:
    """Configure Django for the benchmark project and bring its schema up to date.

    ``name`` is the SQLite file (default: in memory) or the PostgreSQL database;
    ``overrides`` replace or add settings.
    """
    if db == "postgres":
        create_pg_database(name or PG_DATABASE)
    configured = dict(
        DEBUG=False,
        SECRET_KEY="bench-only-not-secret-" + "x" * 40,
        ALLOWED_HOSTS=["*"],
        USE_TZ=True,
        ROOT_URLCONF="benchurls",
        INSTALLED_APPS=[
            "django.contrib.auth",
            "django.contrib.contenttypes",
            "django.contrib.sessions",
            "rest_framework",
            "allauth",
            "allauth.account",
            "jwt_allauth",
        ],
        MIDDLEWARE=MIDDLEWARE,
        TEMPLATES=[{"BACKEND": "django.template.backends.django.DjangoTemplates"}],
        DATABASES={"default": database_settings(db, name)},
        DEFAULT_AUTO_FIELD="django.db.models.BigAutoField",
        AUTHENTICATION_BACKENDS=[
            "django.contrib.auth.backends.ModelBackend",
            "allauth.account.auth_backends.AuthenticationBackend",
        ],
        ACCOUNT_LOGIN_METHODS={"email"},
        PASSWORD_HASHERS=[PASSWORD_HASHER],
        REST_FRAMEWORK={
            "DEFAULT_AUTHENTICATION_CLASSES": ["jwt_allauth.authentication.JWTAuthentication"],
        },
        # The benchmark logs in thousands of times from one address.
        JWT_ALLAUTH_THROTTLE_RATES={
            ThrottleScope.LOGIN: None,
            ThrottleScope.LOGIN_FAILURES: None,
        },
        CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
    )
    settings.configure(**{**configured, **overrides})
    django.setup()
    if migrate:
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)


def create_pg_database(name: str) -> None:
    """CREATE DATABASE ``name`` unless it exists (connecting to ``postgres``)."""
    import psycopg

    params = pg_params("postgres")
    conninfo = f"host={params['HOST']} port={params['PORT']} user={params['USER']} dbname=postgres"
    with psycopg.connect(conninfo, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
