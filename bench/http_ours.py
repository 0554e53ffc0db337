"""jwt_allauth as bench_http.py serves it: the WSGI application, and ``prepare``.

Configured from BENCH_DB (sqlite | postgres) and BENCH_DB_NAME (file or database).
"""

from __future__ import annotations

import os
import sys

import benchsite
import http_common

benchsite.setup(
    os.environ["BENCH_DB"],
    os.environ["BENCH_DB_NAME"],
    migrate=False,
    DATABASES={
        "default": http_common.database(os.environ["BENCH_DB"], os.environ["BENCH_DB_NAME"])
    },
    MIDDLEWARE=["http_common.QueryCountMiddleware", *benchsite.MIDDLEWARE],
    JWT_ALLAUTH_REFRESH_TOKEN_AS_COOKIE=False,  # both packages then take the token in the body
)

if __name__ == "__main__" and sys.argv[1:2] == ["prepare"]:
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    http_common.create_users(int(sys.argv[2]))
else:
    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()
