"""Run the loopback OpenID Connect provider: ``python -m tests.idp.server PORT STATE_DIR``.

Migrates a fresh SQLite file, creates the client and users named on stdin as
JSON, prints ``ready`` and serves on 127.0.0.1 until terminated.
"""

from __future__ import annotations

import json
import os
import sys
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server


class ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args) -> None:
        pass


def bootstrap(config: dict) -> None:
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from oauth2_provider.models import Application

    call_command("migrate", verbosity=0)
    User = get_user_model()
    for spec in config["users"]:
        user = User(username=spec["username"], email=spec["email"])
        user.last_name = spec.get("last_name", "")
        user.set_password(spec["password"])
        user.save()
    Application.objects.create(
        name="jwt-allauth tests",
        client_id=config["client_id"],
        client_secret=config["client_secret"],
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=" ".join(config["redirect_uris"]),
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True,
    )


def main() -> None:
    port, state_dir = int(sys.argv[1]), sys.argv[2]
    config = json.loads(sys.stdin.readline())
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.idp.settings"
    os.environ["IDP_DATABASE"] = os.path.join(state_dir, "idp.sqlite3")
    os.environ["IDP_ISSUER"] = f"http://127.0.0.1:{port}/o"
    os.environ["IDP_RSA_KEY"] = config["rsa_key"]
    import django
    from django.core.wsgi import get_wsgi_application

    django.setup()
    bootstrap(config)
    server = make_server(
        "127.0.0.1",
        port,
        get_wsgi_application(),
        server_class=ThreadingWSGIServer,
        handler_class=QuietHandler,
    )
    print("ready", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
