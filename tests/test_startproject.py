"""``jwt-allauth startproject``: a generated project checks, migrates and logs a user in.

The project runs in subprocesses from its own directory, without our test settings
and with jwt_allauth imported as an installed package, the way a user runs it.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

import jwt_allauth
from jwt_allauth import cli
from jwt_allauth.exceptions import InvalidCredentials

REPO = Path(__file__).resolve().parent.parent
PACKAGE = Path(jwt_allauth.__file__).resolve().parent
EMAIL = "admin@example.com"
PASSWORD = "s3cret-Passw0rd-for-tests"
TIMEOUT = 60


def project_env(**extra: str) -> dict[str, str]:
    """Our environment without what would tie the project to the test setup."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "PYTHONPATH"} and not key.startswith("DJANGO_")
    }
    env.update(extra)
    return env


def run(cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        cwd=cwd,
        env=project_env(**env),
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )


def manage(project: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    result = run(project, "manage.py", *args, **env)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> tuple[Path, str]:
    """``jwt-allauth startproject mysite``, migrated, with a superuser; and what it printed."""
    workdir = tmp_path_factory.mktemp("startproject")
    result = run(workdir, "-m", "jwt_allauth.cli", "startproject", "mysite")
    assert result.returncode == 0, result.stderr
    project = workdir / "mysite"
    manage(project, "migrate", "--verbosity", "0")
    manage(
        project,
        "createsuperuser",
        "--noinput",
        "--username",
        "admin",
        "--email",
        EMAIL,
        DJANGO_SUPERUSER_PASSWORD=PASSWORD,
    )
    return project, result.stdout


@pytest.fixture(scope="module")
def project(generated) -> Path:
    return generated[0]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def server(project, tmp_path_factory) -> Iterator[str]:
    """The project's ``runserver`` on a free local port; always stopped."""
    port = free_port()
    log = (tmp_path_factory.mktemp("runserver") / "log.txt").open("w")
    process = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=project,
        env=project_env(),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for_port(process, port)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        log.close()


def wait_for_port(process: subprocess.Popen, port: int, limit: float = 30) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        assert process.poll() is None, "runserver exited"
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"runserver did not listen on port {port} within {limit} s")


def request(url: str, data: dict | None = None, token: str | None = None):
    """(status, headers, JSON body) of a GET, or of a POST when ``data`` is given."""
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    body = None if data is None else json.dumps(data).encode()
    try:
        with urllib.request.urlopen(
            urllib.request.Request(url, data=body, headers=headers), timeout=TIMEOUT
        ) as response:
            return response.status, response.headers, json.loads(response.read())
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.headers, json.loads(error.read())


def test_generated_project_passes_checks_and_migrations(project):
    check = manage(project, "check", "--fail-level", "WARNING")
    pending = manage(project, "makemigrations", "--check", "--dry-run")
    manage(project, "migrate", "--check")  # exits 1 if a migration is unapplied

    assert "no issues" in check.stdout
    assert "No changes detected" in pending.stdout
    assert (project / "db.sqlite3").is_file()


def test_generated_settings(project):
    dump = (
        "import json, jwt_allauth; from django.conf import settings as s; print(json.dumps({"
        "'package': jwt_allauth.__file__, 'apps': s.INSTALLED_APPS, 'debug': s.DEBUG, "
        "'site': s.SITE_ID, 'backends': s.AUTHENTICATION_BACKENDS, "
        "'login': sorted(s.ACCOUNT_LOGIN_METHODS), 'signup': s.ACCOUNT_SIGNUP_FIELDS, "
        "'rest': s.REST_FRAMEWORK, 'mail': s.EMAIL_BACKEND, "
        "'db': [s.DATABASES['default']['ENGINE'], str(s.DATABASES['default']['NAME'])], "
        "'secure_cookies': [s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE]}))"
    )
    default = json.loads(manage(project, "shell", "-v", "0", "-c", dump).stdout)
    production = json.loads(
        manage(project, "shell", "-v", "0", "-c", dump, DJANGO_DEBUG="false").stdout
    )

    assert Path(default.pop("package")).resolve().parent == PACKAGE
    assert default == {
        "apps": [
            "django.contrib.admin",
            "django.contrib.auth",
            "django.contrib.contenttypes",
            "django.contrib.sessions",
            "django.contrib.messages",
            "django.contrib.sites",
            "django.contrib.staticfiles",
            "rest_framework",
            "allauth",
            "allauth.account",
            "jwt_allauth",
        ],
        "debug": True,
        "site": 1,
        "backends": [
            "django.contrib.auth.backends.ModelBackend",
            "allauth.account.auth_backends.AuthenticationBackend",
        ],
        "login": ["email"],
        "signup": ["email*", "password1*", "password2*"],
        "rest": {
            "DEFAULT_AUTHENTICATION_CLASSES": ["jwt_allauth.authentication.JWTAuthentication"]
        },
        "mail": "django.core.mail.backends.console.EmailBackend",
        "db": ["django.db.backends.sqlite3", str(project / "db.sqlite3")],
        "secure_cookies": [False, False],
    }
    assert (production["debug"], production["secure_cookies"]) == (False, [True, True])


def test_each_project_gets_its_own_secret_key(project, tmp_path):
    assert cli.main(["startproject", "othersite", str(tmp_path / "other")]) == 0
    pattern = re.compile(r'"DJANGO_SECRET_KEY",\s*"([^"]+)"')
    keys = [
        pattern.search((path / "settings.py").read_text()).group(1)
        for path in (project / "mysite", tmp_path / "other" / "othersite")
    ]

    assert keys[0] != keys[1]
    assert all(len(key) >= 50 for key in keys)


def test_every_template_variable_is_rendered(project):
    texts = [path.read_text() for path in project.rglob("*.py")]

    assert len(texts) == 6  # manage, __init__, settings, urls, wsgi, asgi
    assert not [text for text in texts if "{{" in text or "{%" in text]
    assert all("mysite" in text for text in texts if text)


def test_login_against_runserver(server):
    status, headers, body = request(f"{server}/auth/login/", {"email": EMAIL, "password": PASSWORD})
    assert status == 200, body
    assert set(body) == {"access"}
    cookie = headers["Set-Cookie"]
    assert cookie.startswith("refresh_token=")
    assert "HttpOnly" in cookie and "Path=/auth/" in cookie

    status, _, me = request(f"{server}/auth/user/", token=body["access"])
    assert (status, me) == (200, {"email": EMAIL, "first_name": "", "last_name": ""})


def test_wrong_password_is_refused_by_the_project(server):
    status, _, body = request(f"{server}/auth/login/", {"email": EMAIL, "password": "nope"})

    assert (status, body) == (
        401,
        {"detail": str(InvalidCredentials.default_detail), "code": "incorrect_credentials"},
    )


def test_prints_the_next_steps(generated):
    _, printed = generated
    steps = [line.strip() for line in printed.splitlines()]

    assert steps.index("cd mysite") < steps.index("python manage.py migrate")
    assert steps.index("python manage.py migrate") < steps.index("python manage.py runserver")
    assert "python manage.py createsuperuser" in steps
    assert any("/auth/login/" in line for line in steps)


def test_writes_into_an_existing_directory_next_to_other_files(tmp_path, capsys):
    (tmp_path / "README.md").write_text("mine")

    assert cli.main(["startproject", "mysite", str(tmp_path)]) == 0
    assert (tmp_path / "manage.py").is_file()
    assert (tmp_path / "mysite" / "settings.py").is_file()
    assert (tmp_path / "README.md").read_text() == "mine"


def test_creates_a_missing_directory(tmp_path, capsys):
    target = tmp_path / "deep" / "er"

    assert cli.main(["startproject", "mysite", str(target)]) == 0
    assert sorted(p.name for p in target.iterdir()) == ["manage.py", "mysite"]
    assert f"cd {target}" in capsys.readouterr().out


@pytest.mark.parametrize("name", ["1abc", "my-site", "class", "django", "json"])
def test_bad_names_are_refused(name, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)

    assert cli.main(["startproject", name]) == 1
    assert capsys.readouterr().err.startswith(f"jwt-allauth: error: '{name}' ")
    assert list(tmp_path.iterdir()) == []


def test_an_existing_project_directory_is_refused(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mysite").mkdir()

    assert cli.main(["startproject", "mysite"]) == 1
    assert (
        capsys.readouterr().err == f"jwt-allauth: error: '{tmp_path / 'mysite'}' already exists.\n"
    )
    assert list((tmp_path / "mysite").iterdir()) == []


def test_an_existing_file_is_never_overwritten(tmp_path, capsys):
    (tmp_path / "mysite").mkdir()
    (tmp_path / "mysite" / "urls.py").write_text("mine")

    assert cli.main(["startproject", "mysite", str(tmp_path)]) == 1
    assert "urls.py' already exists" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["mysite", "urls.py"]
    assert (tmp_path / "mysite" / "urls.py").read_text() == "mine"


def test_errors_exit_non_zero_without_a_traceback(tmp_path):
    result = run(tmp_path, "-m", "jwt_allauth.cli", "startproject", "1abc")

    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.startswith("jwt-allauth: error: '1abc' is not a valid project name")
    assert "Traceback" not in result.stderr


def test_version_and_help(capsys):
    with pytest.raises(SystemExit) as version:
        cli.main(["--version"])
    assert (version.value.code, capsys.readouterr().out) == (
        0,
        f"jwt-allauth {jwt_allauth.__version__}\n",
    )

    with pytest.raises(SystemExit) as help_:
        cli.main(["--help"])
    assert help_.value.code == 0
    assert "startproject" in capsys.readouterr().out

    with pytest.raises(SystemExit) as nothing:
        cli.main([])
    assert nothing.value.code == 2


def test_console_script_and_template_are_packaged():
    tomllib = pytest.importorskip("tomllib")
    config = tomllib.loads((REPO / "pyproject.toml").read_text())
    globs = config["tool"]["setuptools"]["package-data"]["jwt_allauth"]
    shipped = {path for pattern in globs for path in PACKAGE.glob(pattern) if path.is_file()}
    template = {path for path in cli.TEMPLATE_DIR.rglob("*-tpl")}

    assert config["project"]["scripts"] == {"jwt-allauth": "jwt_allauth.cli:main"}
    assert len(template) == 6
    assert template <= shipped
