"""The ``jwt-allauth`` console script: ``jwt-allauth startproject NAME [DIRECTORY]``.

The project is laid out by Django's own ``startproject`` from our template in
``project_template/`` (files end in ``-tpl`` so they are not byte-compiled as
package code); this module only checks the arguments first, so a mistake ends
with one line on stderr instead of a traceback or a half-written directory.
"""

from __future__ import annotations

import argparse
import keyword
import shlex
import shutil
import sys
from collections.abc import Iterator, Sequence
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING

from jwt_allauth import __version__

if TYPE_CHECKING:
    from django.core.management.base import BaseCommand

TEMPLATE_DIR = Path(__file__).resolve().parent / "project_template"
TEMPLATE_SUFFIX = "-tpl"


class StartProjectError(Exception):
    """A mistake in the arguments, worded for the person who typed them."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="jwt-allauth",
        description="Tools for projects that use jwt-allauth.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    start = commands.add_parser(
        "startproject",
        help="create a Django project with jwt-allauth set up",
        description="Create a Django project with jwt-allauth installed and its API "
        "mounted at /auth/ (SQLite, mail printed to the console, DEBUG on).",
    )
    start.add_argument("name", help="the project's Python package name, e.g. mysite")
    start.add_argument(
        "directory",
        nargs="?",
        help="where to put it (default: ./NAME); created if missing, "
        "may exist if no generated file is already there",
    )
    return parser


def check_identifier(name: str) -> None:
    """The project is a package, so its name must be importable: no keywords either."""
    if not name.isidentifier() or keyword.iskeyword(name):
        raise StartProjectError(
            f"'{name}' is not a valid project name: use a Python identifier "
            "such as mysite or my_api."
        )


def check_not_taken(name: str) -> None:
    """Django's rule: a project named like an installed module would shadow it."""
    if find_spec(name) is not None:
        raise StartProjectError(
            f"'{name}' is already the name of a Python module; choose another project name."
        )


def template_outputs(name: str) -> Iterator[Path]:
    """The paths, relative to the target, that the template will write."""
    for path in TEMPLATE_DIR.rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts:
            relative = path.relative_to(TEMPLATE_DIR).as_posix()
            yield Path(relative.replace("project_name", name).removesuffix(TEMPLATE_SUFFIX))


def find_target(name: str, directory: str | None) -> Path:
    """The absolute directory to write to, refused if the project would overwrite a file."""
    if directory is None:
        target = Path.cwd() / name
        if target.exists():
            raise StartProjectError(f"'{target}' already exists.")
        return target
    target = Path(directory).expanduser().resolve()
    if target.exists() and not target.is_dir():
        raise StartProjectError(f"'{target}' exists and is not a directory.")
    for path in template_outputs(name):
        if (target / path).exists():
            raise StartProjectError(f"'{target / path}' already exists; nothing was written.")
    return target


def start_project(name: str, directory: str | None) -> Path:
    """Write the project and return its directory; on failure leave nothing new behind."""
    from django.core.management import call_command

    check_identifier(name)
    target = find_target(name, directory)
    check_not_taken(name)
    created = not target.exists()
    target.mkdir(parents=True, exist_ok=True)
    try:
        call_command(_startproject(), name, str(target), template=str(TEMPLATE_DIR), verbosity=0)
    except BaseException:
        if created:
            shutil.rmtree(target, ignore_errors=True)
        raise
    return target


def _startproject() -> BaseCommand:
    """Django's startproject, minus its name check: ours ran before the directory existed.

    Run again now, it could mistake the new directory for an importable package of
    the same name (``python -m`` puts the working directory on ``sys.path``).
    """
    from django.core.management.commands.startproject import Command

    class StartProject(Command):
        def validate_name(self, name: str, name_or_dir: str = "name") -> None:
            return None

    return StartProject()


def next_steps(name: str, directory: str | None, target: Path) -> str:
    """What to type next, printed after the project is written."""
    shown = name if directory is None else directory
    cd = "" if target == Path.cwd() else f"  cd {shlex.quote(shown)}\n"
    return (
        f"Created the Django project '{name}' in {target}, with jwt-allauth at /auth/.\n"
        "\nNext steps:\n"
        f"{cd}"
        "  python manage.py migrate\n"
        "  python manage.py createsuperuser\n"
        "  python manage.py runserver\n"
        "\nThen, in another terminal, log in with the e-mail address and password you\n"
        "gave createsuperuser; the answer holds an access token:\n"
        "  curl -s -H 'Content-Type: application/json' \\\n"
        '       -d \'{"email": "you@example.com", "password": "your-password"}\' \\\n'
        "       http://127.0.0.1:8000/auth/login/\n"
    )


def main(argv: Sequence[str] | None = None) -> int:
    from django.core.management.base import CommandError

    args = build_parser().parse_args(argv)
    try:
        target = start_project(args.name, args.directory)
    except (StartProjectError, CommandError, OSError) as error:
        print(f"jwt-allauth: error: {error}", file=sys.stderr)
        return 1
    print(next_steps(args.name, args.directory, target))
    return 0


if __name__ == "__main__":
    sys.exit(main())
