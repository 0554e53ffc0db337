#!/usr/bin/env python3
"""Developer commands for a fresh clone; needs only Python 3.10+.

    python3 dev.py demo [--port N]              run the demo project on 127.0.0.1:N
    python3 dev.py test [--postgres] [ARGS...]  run pytest (ARGS go to pytest)
    python3 dev.py bench [core|purge|http] [ARGS...] run a benchmark (see bench/README.rst)
    python3 dev.py lint                         ruff check + ruff format --check
    python3 dev.py docs                         build the docs with warnings as errors
    python3 dev.py typecheck                    mypy --strict over the package
    python3 dev.py matrix [LINE...] [-- ARGS]   the suite on the other Django lines (below)
    python3 dev.py setup                        install everything the commands above use

Every command creates ``.venv`` when it is missing and installs the package
editable into it with the extras the command needs (``test`` installs every
feature's extra too, since the suite covers them all); the install is skipped
while pyproject.toml is unchanged. Everything after that runs on the venv's
Python.

``matrix`` runs the suite (SQLite, no browser) once per line of ``MATRIX``, each in
its own venv under ``.venv-matrix/`` made with that line's Python (found on PATH as
``python3.X`` or under pyenv), two lines at a time; ``--jobs N`` changes that.
``.venv`` itself is the Django 5.2 line.
"""

from __future__ import annotations

import argparse
import glob
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
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
# the ``noextras`` line of ``dev.py matrix`` checks the core alone.
TEST_EXTRAS = ["test", "mfa", "passkeys", "social", "schema"]
# .venv is the Django 5.2 line of the matrix below, whatever python3 is.
MAIN_PINS = ["Django>=5.2,<6.0"]


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
    current = stamp.get("pyproject") == pyproject_hash() and stamp.get("pins") == MAIN_PINS
    installed = set(stamp.get("extras", [])) if current else None
    if installed is not None and wanted <= installed:
        return python
    extras_now = sorted(wanted | (installed or set()))
    target = f".[{','.join(extras_now)}]" if extras_now else "."
    say(f"installing -e {target} {' '.join(MAIN_PINS)} into .venv")
    # One pip call, so the resolver sees the pins and the extras together.
    check([python, "-m", "pip", "install", "--quiet", "-e", target, *MAIN_PINS])
    STAMP.write_text(
        json.dumps({"pyproject": pyproject_hash(), "extras": extras_now, "pins": MAIN_PINS})
    )
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
    ensure_system_packages()  # before CI starts the matrix beside the tests: one apt-get
    return 0


# ---- matrix: the suite on each other Django line, and the core alone (issue 12) ----
# Pins come from each package's own metadata: DRF 3.18 requires Django>=5.2, and on
# Python 3.10 pip finds allauth 65.19 at most (later ones require Python>=3.11).
# Keep pyproject's classifiers and lower bounds to what these lines and .venv prove.


@dataclass(frozen=True)
class Line:
    python: str
    django: str
    pins: tuple[str, ...]
    extras: tuple[str, ...] = tuple(TEST_EXTRAS)


MATRIX = {
    "django42": Line("3.10", "4.2", ("Django>=4.2,<5.0", "djangorestframework<3.18")),
    "django60": Line("3.13", "6.0", ("Django>=6.0,<6.1",)),
    # No feature extras and only pytest, pytest-django and time-machine: the core alone.
    "noextras": Line("3.12", "5.2", ("Django>=5.2,<6.0",), ("test-core",)),
}
MATRIX_ROOT = ROOT / ".venv-matrix"
# SQLite, no browser (the browser and demo tests drive Chromium) and no fuzzing: .venv's
# run covers both. The fuzzers are no test of a Django line, and schemathesis differs by
# Python (on 3.10 pip gets 4.30, whose WSGI transport fails on bodies it generates).
MATRIX_PYTEST = [
    *("-q", "-p", "no:cacheprovider", "-m", "not fuzz"),
    *("--ignore=tests/browser", "--ignore=tests/e2e"),
]


def find_python(version: str) -> Path | None:
    """``python3.X`` on PATH (not a pyenv shim, which may not dispatch), else pyenv's."""
    pyenv = os.environ.get("PYENV_ROOT", str(Path.home() / ".pyenv"))
    found = shutil.which(f"python{version}")
    candidates = [found] if found and "shims" not in Path(found).parts else []
    candidates += sorted(glob.glob(f"{pyenv}/versions/{version}.*/bin/python{version}"))
    for candidate in reversed(candidates):
        if run([candidate, "-c", "pass"]) == 0:
            return Path(candidate)
    return None


def matrix_venv(name: str, line: Line, log) -> Path:
    """Create .venv-matrix/NAME with the line's Python; install the package and the pins."""
    venv = MATRIX_ROOT / name
    python = venv / "bin" / "python"
    stamp = venv / ".jwt-allauth-matrix.json"
    wanted = {"pyproject": pyproject_hash(), "pins": list(line.pins), "extras": list(line.extras)}
    if python.exists() and stamp.exists() and json.loads(stamp.read_text()) == wanted:
        return python
    base = find_python(line.python)
    if base is None:
        raise LookupError(f"no Python {line.python} (python{line.python} or pyenv)")
    shutil.rmtree(venv, ignore_errors=True)
    subprocess.check_call([base, "-m", "venv", venv], stdout=log, stderr=log)  # noqa: S603
    target = f".[{','.join(line.extras)}]"
    install = [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.check_call([*install, "-e", target, *line.pins], cwd=ROOT, stdout=log, stderr=log)  # noqa: S603
    stamp.write_text(json.dumps(wanted))
    return python


VERSIONS = """
import json, sys, django, rest_framework, allauth
from importlib.metadata import version
print(json.dumps({"Python": sys.version.split()[0], "Django": django.get_version(),
    "DRF": rest_framework.__version__, "allauth": allauth.__version__,
    "simplejwt": version("djangorestframework-simplejwt")}))
"""


def timed_call(args: Sequence[str | Path], log) -> tuple[int, str]:
    """Run a command into ``log``: its exit code, and its wall and CPU time as text."""
    started = time.monotonic()
    process = subprocess.Popen(args, cwd=ROOT, stdout=log, stderr=log)  # noqa: S603
    _, status, usage = os.wait4(process.pid, 0)  # the CPU time of it and its children
    wall, cpu = time.monotonic() - started, usage.ru_utime + usage.ru_stime
    return os.waitstatus_to_exitcode(status), f"{wall:.0f} s ({cpu:.0f} s CPU)"


def run_line(name: str, args: list[str]) -> tuple[int, str]:
    """Install and test one line, its output in .venv-matrix/NAME.log: (exit code, summary)."""
    line = MATRIX[name]
    started = time.monotonic()
    with (MATRIX_ROOT / f"{name}.log").open("w") as log:
        try:
            python = matrix_venv(name, line, log)
            found = subprocess.run(  # noqa: S603
                [python, "-c", VERSIONS], cwd=ROOT, capture_output=True, text=True, check=True
            )
        except (LookupError, subprocess.CalledProcessError) as error:
            log.write(f"dev.py: {error}\n")
            return 1, f"install failed: {error}"
        installed = time.monotonic() - started
        versions = json.loads(found.stdout)
        summary = " · ".join(f"{key} {value}" for key, value in versions.items())
        log.write(f"dev.py: {summary}\n")
        if not versions["Django"].startswith(f"{line.django}."):
            return 1, f"expected Django {line.django}: {summary}"
        log.flush()
        code, took = timed_call([python, "-m", "pytest", *MATRIX_PYTEST, *args], log)
    last = (MATRIX_ROOT / f"{name}.log").read_text().rstrip().rsplit("\n", 1)[-1]
    if code == PYTEST_NO_TESTS:
        code, last = 1, "pytest collected no tests"
    return code, f"{summary}\n    install {installed:.0f} s, pytest {took}: {last}"


def cmd_matrix(args: list[str]) -> int:
    """``dev.py matrix [LINE...] [--jobs N] [-- PYTEST ARGS]``: every line unless named."""
    split = args.index("--") if "--" in args else len(args)
    parser = argparse.ArgumentParser(prog="dev.py matrix")
    parser.add_argument("lines", nargs="*", metavar="LINE", help=", ".join(MATRIX))
    parser.add_argument("--jobs", type=int, default=2, help="lines run at once (default 2)")
    options = parser.parse_args(args[:split])
    names = options.lines or list(MATRIX)
    unknown = [name for name in names if name not in MATRIX]
    if unknown:
        parser.error(f"unknown line {', '.join(unknown)}; the lines are {', '.join(MATRIX)}")
    MATRIX_ROOT.mkdir(exist_ok=True)
    ensure_system_packages()
    say(f"matrix {' '.join(names)}, {options.jobs} at a time; output in .venv-matrix/LINE.log")

    pytest_args = args[split + 1 :]
    with ThreadPoolExecutor(max_workers=max(1, options.jobs)) as pool:
        futures = {name: pool.submit(run_line, name, pytest_args) for name in names}
    results = {name: future.result() for name, future in futures.items()}
    for name, (code, _) in results.items():
        if code:
            print(f"\n---- {name}: the end of .venv-matrix/{name}.log", flush=True)
            print((MATRIX_ROOT / f"{name}.log").read_text()[-20000:], flush=True)
    for name, (code, summary) in results.items():
        say(f"{name} {'passed' if code == 0 else 'FAILED'}: {summary}")
    return 1 if any(code for code, _ in results.values()) else 0


COMMANDS = {
    "demo": cmd_demo,
    "test": cmd_test,
    "bench": cmd_bench,
    "lint": cmd_lint,
    "docs": cmd_docs,
    "typecheck": cmd_typecheck,
    "matrix": cmd_matrix,
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
