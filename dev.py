#!/usr/bin/env python3
"""Developer commands for a fresh clone; needs only Python 3.10+.

    python3 dev.py demo [--port N]              run the demo project on 127.0.0.1:N
    python3 dev.py test [--postgres] [ARGS...]  run pytest (ARGS go to pytest)
    python3 dev.py bench [core|purge|http] [ARGS...] run a benchmark (see bench/README.rst)
    python3 dev.py lint                         ruff check + ruff format --check
    python3 dev.py docs                         build the docs with warnings as errors
    python3 dev.py typecheck                    mypy --strict over the package
    python3 dev.py setup                        install everything the commands above use

Every command creates ``.venv`` when it is missing and installs the package
editable into it with the extras the command needs (``test`` installs every
feature's extra too, since the suite covers them all); the install is skipped
while pyproject.toml is unchanged. Everything after that runs on the venv's
Python.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".jwt-allauth-dev.json"
DEMO = ROOT / "demo"
LINT_PATHS = ["jwt_allauth", "tests", "bench", "demo", "dev.py"]

DEMO_PASSWORD = "demo-password-2024"
POSTGRES_ENV = {
    "JWT_ALLAUTH_TEST_DB": "postgres",
    "JWT_ALLAUTH_TEST_CACHE": "redis",
    "JWT_ALLAUTH_TEST_USER": "custom",
}
PYTEST_NO_TESTS = 5
# The suite covers every optional feature, so it runs with all of them installed;
# tox's ``noextras`` env checks the core alone.
TEST_EXTRAS = ["test", "mfa", "passkeys", "social", "schema"]


def say(message: str) -> None:
    print(f"dev.py: {message}", flush=True)


def venv_python() -> Path:
    if os.name == "nt":
        return VENV / "Scripts" / "python.exe"
    return VENV / "bin" / "python"


def run(args: Sequence[str | Path], env: dict[str, str] | None = None, cwd: Path = ROOT) -> int:
    """Run a command, passing Ctrl-C to it rather than dying with a traceback."""
    merged = {**os.environ, **(env or {})}
    try:
        return subprocess.call([str(arg) for arg in args], env=merged, cwd=cwd)  # noqa: S603
    except KeyboardInterrupt:
        return 130


def check(args: Sequence[str | Path], env: dict[str, str] | None = None) -> None:
    code = run(args, env)
    if code:
        say(f"failed ({code}): {' '.join(str(a) for a in args)}")
        raise SystemExit(code)


def pyproject_hash() -> str:
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()


def read_stamp() -> dict:
    try:
        return json.loads(STAMP.read_text())
    except (OSError, ValueError):
        return {}


def ensure_venv(extras: Iterable[str] = ()) -> Path:
    """Create .venv if needed and install ``-e .[extras]`` unless already up to date."""
    python = venv_python()
    if not python.exists():
        say(f"creating {VENV.relative_to(ROOT)} with {sys.executable}")
        check([sys.executable, "-m", "venv", VENV])
    wanted = set(extras)
    stamp = read_stamp()
    installed = set(stamp.get("extras", [])) if stamp.get("pyproject") == pyproject_hash() else None
    if installed is not None and wanted <= installed:
        return python
    extras_now = sorted(wanted | (installed or set()))
    target = f".[{','.join(extras_now)}]" if extras_now else "."
    say(f"installing -e {target} into .venv")
    check([python, "-m", "pip", "install", "--quiet", "-e", target])
    STAMP.write_text(json.dumps({"pyproject": pyproject_hash(), "extras": extras_now}))
    return python


# Debian packages the tests use: the browser tests drive Chromium, the catalog test
# compares our extraction with gettext's. Installed when missing and we can (root, apt-get);
# elsewhere those tests say how to install them: they skip, or fail under CI.
SYSTEM_PACKAGES = {
    "/usr/bin/chromium": ("chromium", "chromium-driver"),
    "/usr/bin/xgettext": ("gettext",),
}


def ensure_system_packages() -> None:
    missing = [
        pkg for path, pkgs in SYSTEM_PACKAGES.items() if not Path(path).exists() for pkg in pkgs
    ]
    if not missing or os.name == "nt" or os.geteuid() != 0 or not shutil.which("apt-get"):
        return
    say(f"installing {' '.join(missing)} for the tests (apt-get)")
    apt_env = {"DEBIAN_FRONTEND": "noninteractive"}
    run(["apt-get", "update", "-qq"], apt_env)
    run(["apt-get", "install", "-y", "-qq", *missing], apt_env)


def cmd_test(args: list[str]) -> int:
    """pytest with ``args``; ``--postgres`` switches to PostgreSQL, Redis and the custom user."""
    env = {}
    if "--postgres" in args:
        args = [arg for arg in args if arg != "--postgres"]
        env.update(POSTGRES_ENV)
    python = ensure_venv(TEST_EXTRAS)
    ensure_system_packages()
    label = "PostgreSQL + Redis + custom user" if env else "SQLite"
    say(f"pytest on {label}: {' '.join(args) or '(whole suite)'}")
    code = run([python, "-m", "pytest", *args], env)
    if code == PYTEST_NO_TESTS:
        say("pytest collected no tests: counted as a failure")
    return code


def cmd_demo(args: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="dev.py demo")
    parser.add_argument("--port", type=int, default=8000)
    options = parser.parse_args(args)
    python = ensure_venv(["mfa", "schema"])  # TOTP (QR codes, encrypted secrets); /api/schema/
    manage = [python, DEMO / "manage.py"]
    check([*manage, "migrate", "--noinput", "--verbosity", "0"])
    check([*manage, "demo_accounts", "--password", DEMO_PASSWORD])
    print_demo_help(options.port)
    server = [*manage, "runserver", f"127.0.0.1:{options.port}"]
    if os.name == "nt":
        return run(server, cwd=DEMO)
    os.chdir(DEMO)  # the server replaces this process, so Ctrl-C and signals reach it directly
    os.execv(str(python), [str(arg) for arg in server])  # noqa: S606


def print_demo_help(port: int) -> None:
    base = f"http://127.0.0.1:{port}"
    body = json.dumps({"email": "demo@example.com", "password": DEMO_PASSWORD})
    print(
        f"""
  Demo running at {base}/   (admin: {base}/admin/)
  Mails sent (verification, password reset) are listed at {base}/dev/mails/

  Accounts (password for both: {DEMO_PASSWORD})
    demo@example.com    a regular user
    staff@example.com   staff + superuser; the admin login takes the username "staff"

  Try it:
    curl -s -c cookies.txt -H 'Content-Type: application/json' \\
         -d '{body}' {base}/auth/login/
    curl -s -H "Authorization: Bearer ACCESS_TOKEN_FROM_ABOVE" {base}/api/hello/
    curl -s -b cookies.txt -c cookies.txt -X POST {base}/auth/refresh/
""",
        flush=True,
    )


BENCHES = ("core", "purge", "http")


def cmd_bench(args: list[str]) -> int:
    which = args[0] if args and args[0] in BENCHES else "core"
    rest = args[1:] if args and args[0] in BENCHES else args
    python = ensure_venv(["test", "bench"])
    return run([python, ROOT / "bench" / f"bench_{which}.py", *rest])


def cmd_lint(args: list[str]) -> int:
    python = ensure_venv(["lint"])
    code = run([python, "-m", "ruff", "check", *LINT_PATHS])
    return run([python, "-m", "ruff", "format", "--check", *LINT_PATHS]) or code


def cmd_docs(args: list[str]) -> int:
    python = ensure_venv(["docs"])
    out = ROOT / "docs" / "_build" / "html"
    return run([python, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html", "docs", out])


def cmd_typecheck(args: list[str]) -> int:
    """mypy with pyproject's [tool.mypy] (strict, django-stubs); ``args`` go to mypy.

    django-stubs types user lookups by the settings' user model: always Django's
    own here, whatever ``--postgres`` runs left in the environment.
    """
    python = ensure_venv(["typing"])
    return run([python, "-m", "mypy", *args], {"JWT_ALLAUTH_TEST_USER": ""})


def cmd_setup(args: list[str]) -> int:
    ensure_venv([*TEST_EXTRAS, "lint", "docs", "typing"])
    return 0


COMMANDS = {
    "demo": cmd_demo,
    "test": cmd_test,
    "bench": cmd_bench,
    "lint": cmd_lint,
    "docs": cmd_docs,
    "typecheck": cmd_typecheck,
    "setup": cmd_setup,
}


def main(argv: list[str]) -> int:
    if sys.version_info < (3, 10):  # noqa: UP036  (the script itself may run on an old python3)
        say("needs Python 3.10 or newer")
        return 2
    if not argv or argv[0] not in COMMANDS:
        print(__doc__)
        return 0 if argv[:1] in (["-h"], ["--help"]) else 2
    return COMMANDS[argv[0]](argv[1:])


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
