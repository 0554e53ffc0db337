"""The shipped catalogs: complete, faithful to the source, compiled, and used at run time.

Nothing here needs GNU gettext except the cross-check against ``makemessages``,
which is skipped on a developer machine without it (and fails in CI).
"""

from __future__ import annotations

import ast
import os
import re
import shutil
from gettext import GNUTranslations
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import translation
from django.utils.translation.template import templatize
from rest_framework.test import APIClient

import jwt_allauth

try:
    import polib
except ImportError:  # the test-core extra alone: the catalog files go unread, the rest runs
    polib = None
needs_polib = pytest.mark.skipif(polib is None, reason="reads .po files with polib (test extra)")

PACKAGE = Path(jwt_allauth.__file__).parent
LOCALE = PACKAGE / "locale"
LANGUAGES = ("es", "fr", "de", "pt_BR", "ko", "zh_Hans", "zh_Hant", "cs", "pl", "ru", "tr")
# Not scanned, as in the makemessages command in docs/translations.rst.
IGNORED_DIRS = ("locale", "migrations", "project_template", "__pycache__")

# Python gettext functions: name -> (context arg, msgid arg, plural arg), as xgettext reads them.
PY_KEYWORDS = {
    "_": (None, 0, None),
    "gettext": (None, 0, None),
    "gettext_lazy": (None, 0, None),
    "gettext_noop": (None, 0, None),
    "ngettext": (None, 0, 1),
    "ngettext_lazy": (None, 0, 1),
    "pgettext": (0, 1, None),
    "pgettext_lazy": (0, 1, None),
    "npgettext": (0, 1, 2),
    "npgettext_lazy": (0, 1, 2),
}
PRINTF = re.compile(r"%(?:\(\w+\))?[-#0 +]*(?:\d+|\*)?(?:\.\d+)?[diouxXeEfFgGcrsa%]")
BRACES = re.compile(r"\{\w*\}")
# templatize() turns each translate tag into a gettext call with Python string literals.
LITERAL = r"u(?:'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\")"
TEMPLATE_CALL = re.compile(rf"\b(n?p?gettext)\(((?:\s*{LITERAL}\s*,?)+)")

Key = tuple[str | None, str, str | None]  # (msgctxt, msgid, msgid_plural)
LOGIN_FAILED = "Unable to log in with the provided credentials."


@pytest.fixture(autouse=True)
def _english_afterwards():
    """LocaleMiddleware leaves the request's language active in this thread; undo it."""
    yield
    translation.deactivate()


def catalog(language: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


def keys_of(entries) -> set[Key]:
    return {(e.msgctxt, e.msgid, e.msgid_plural or None) for e in entries if e.msgid}


def package_files(suffixes: tuple[str, ...]) -> list[Path]:
    return [
        path
        for path in sorted(PACKAGE.rglob("*"))
        if path.suffix in suffixes
        and not any(part in IGNORED_DIRS for part in path.relative_to(PACKAGE).parts)
    ]


def call_name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


def python_strings(path: Path) -> set[Key]:
    """The literal arguments of gettext calls in one module (implicit concatenation joined)."""
    found: set[Key] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call) or call_name(node) not in PY_KEYWORDS:
            continue
        positions = PY_KEYWORDS[call_name(node)]
        args = [a.value if isinstance(a, ast.Constant) else None for a in node.args]
        if len(args) <= max(p for p in positions if p is not None):
            continue
        context, msgid, plural = (None if p is None else args[p] for p in positions)
        if isinstance(msgid, str) and msgid:
            found.add((context, msgid, plural))
    return found


def template_strings(path: Path) -> set[Key]:
    """The strings of translate/blocktranslate tags, as Django's makemessages sees them."""
    found: set[Key] = set()
    source = templatize(path.read_text(encoding="utf-8"), origin=str(path))
    for function, arguments in TEMPLATE_CALL.findall(source):
        values = [ast.literal_eval(literal) for literal in re.findall(LITERAL, arguments)]
        context = values.pop(0) if "p" in function[:2] else None
        found.add((context, values[0], values[1] if function.startswith(("n", "np")) else None))
    return found


def source_strings() -> set[Key]:
    found: set[Key] = set()
    for path in package_files((".py",)):
        found |= python_strings(path)
    for path in package_files((".html", ".txt")):
        found |= template_strings(path)
    return found


def placeholders(text: str) -> list[str]:
    return sorted(PRINTF.findall(text) + BRACES.findall(text))


def translations_of(entry: polib.POEntry) -> list[str]:
    if entry.msgid_plural:
        return [entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural)]
    return [entry.msgstr]


@needs_polib
@pytest.mark.parametrize("language", LANGUAGES)
def test_catalog_is_complete(language):
    po = catalog(language)
    assert po.metadata["Language"] == language
    assert not po.metadata_is_fuzzy
    nplurals = int(re.search(r"nplurals=(\d+)", po.metadata["Plural-Forms"]).group(1))
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []
    assert [e.msgid for e in po.obsolete_entries()] == []
    plurals = [e for e in po if e.msgid_plural]
    assert {e.msgid: sorted(e.msgstr_plural) for e in plurals} == {
        e.msgid: list(range(nplurals)) for e in plurals
    }


@needs_polib
@pytest.mark.parametrize("language", LANGUAGES)
def test_placeholders_and_line_ends_match(language):
    mismatched = []
    for entry in catalog(language):
        expected = placeholders(entry.msgid_plural or entry.msgid)
        for text in translations_of(entry):
            same_ends = [text.startswith("\n"), text.endswith("\n")] == [
                entry.msgid.startswith("\n"),
                entry.msgid.endswith("\n"),
            ]
            if placeholders(text) != expected or not same_ends:
                mismatched.append((entry.msgid, text))
    assert mismatched == []


@needs_polib
@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalog_matches_the_po(language):
    po = catalog(language)
    path = LOCALE / language / "LC_MESSAGES" / "django.mo"

    def table(entries):
        return {
            (e.msgctxt, e.msgid, e.msgid_plural or None): tuple(translations_of(e))
            for e in entries
            if e.msgid and not e.obsolete
        }

    assert table(polib.mofile(str(path))) == table(po)
    with path.open("rb") as compiled:
        runtime = GNUTranslations(compiled)  # what Django loads
    assert runtime.info()["plural-forms"] == po.metadata["Plural-Forms"]
    for entry in po:
        if entry.msgid_plural:
            forms = [runtime.ngettext(entry.msgid, entry.msgid_plural, n) for n in (1, 2, 5)]
            assert set(forms) <= set(translations_of(entry)), entry.msgid
        elif not entry.msgctxt:
            assert runtime.gettext(entry.msgid) == entry.msgstr


@needs_polib
@pytest.mark.parametrize("language", LANGUAGES)
def test_catalog_has_every_string_of_the_source(language):
    assert keys_of(catalog(language)) == source_strings()


@needs_polib
def test_source_extraction_agrees_with_makemessages(tmp_path, monkeypatch):
    """Proves the pure-Python extraction above sees what GNU xgettext sees."""
    if shutil.which("xgettext") is None:
        if os.environ.get("CI"):
            pytest.fail("GNU gettext is missing in CI: apt-get install gettext")
        pytest.skip("GNU gettext (xgettext) is not installed; install it to cross-check")
    copy = tmp_path / "jwt_allauth"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns(*IGNORED_DIRS))
    (copy / "locale").mkdir()
    monkeypatch.chdir(copy)
    call_command("makemessages", locale=["es"], no_obsolete=True, verbosity=0)
    extracted = polib.pofile(str(copy / "locale" / "es" / "LC_MESSAGES" / "django.po"))
    assert keys_of(extracted) == source_strings()


@pytest.mark.parametrize(
    ("accept_language", "detail"),
    [
        ("es", "No se puede iniciar sesión con las credenciales proporcionadas."),
        ("fr-FR,fr;q=0.9", "Impossible de se connecter avec les identifiants fournis."),
        ("de", "Mit den angegebenen Zugangsdaten ist keine Anmeldung möglich."),
        ("pt-BR", "Não foi possível entrar com as credenciais fornecidas."),
        ("ko-KR,ko;q=0.9", "제공된 자격 증명으로 로그인할 수 없습니다."),
        ("zh-Hans", "无法使用提供的凭据登录。"),
        ("zh-CN,zh;q=0.9", "无法使用提供的凭据登录。"),
        ("zh-Hant", "無法使用提供的憑證登入。"),
        ("zh-TW", "無法使用提供的憑證登入。"),
        ("cs", "S uvedenými přihlašovacími údaji se nelze přihlásit."),
        ("pl", "Nie można się zalogować przy użyciu podanych danych logowania."),
        ("ru", "Невозможно войти с предоставленными учетными данными."),
        ("tr", "Verilen kimlik bilgileriyle giriş yapılamıyor."),
        ("en", LOGIN_FAILED),
    ],
)
def test_login_failure_answers_in_the_requested_language(user, accept_language, detail):
    response = APIClient().post(
        "/auth/login/",
        {"email": user.email, "password": "wrong password"},
        format="json",
        HTTP_ACCEPT_LANGUAGE=accept_language,
    )
    assert response.status_code == 401
    assert response.json() == {"detail": detail, "code": "incorrect_credentials"}


def test_password_reset_mail_is_written_in_the_requested_language(user, settings):
    settings.PASSWORD_RESET_TIMEOUT = 3600
    response = APIClient().post(
        "/auth/password/reset/", {"email": user.email}, format="json", HTTP_ACCEPT_LANGUAGE="fr"
    )
    assert response.status_code == 200
    detail = "Si un compte utilise cette adresse, un lien de réinitialisation lui a été envoyé."
    assert response.json() == {"detail": detail}
    [message] = mail.outbox
    link = re.search(r"http://example.com/\S+", message.body).group(0)
    assert message.subject == "Réinitialisez votre mot de passe sur example.com"
    assert message.body == (
        "Bonjour,\n\n"
        "Quelqu'un (vous, nous l'espérons) a demandé la réinitialisation du mot de passe du "
        f"compte utilisant {user.email} sur example.com.\n\n"
        "Ouvrez ce lien pour choisir un nouveau mot de passe\u00a0:\n\n"
        f"{link}\n\n"
        "Le lien ne fonctionne qu'une fois et expire dans 1 heure.\n"
        "Si vous n'êtes pas à l'origine de cette demande, ignorez cet e-mail\u00a0: "
        "votre mot de passe reste inchangé.\n"
    )
    html = message.alternatives[0][0]
    assert '<h1 style="font-size:20px;">Réinitialisez votre mot de passe</h1>' in html
    assert "Choisissez un nouveau mot de passe</a>" in html


@pytest.mark.parametrize(
    ("accept_language", "subject", "greeting", "expiry"),
    [
        (
            "ko",
            "example.com 비밀번호 재설정",
            "안녕하세요.",
            "이 링크는 한 번만 사용할 수 있으며 1시간 후에 만료됩니다.",
        ),
        (
            "zh-Hans",
            "重置您在 example.com 的密码",
            "您好：",
            "此链接仅能使用一次，将在 1 小时后过期。",
        ),
        (
            "zh-Hant",
            "重設您在 example.com 的密碼",
            "您好：",
            "此連結僅能使用一次，將於 1 小時後失效。",
        ),
    ],
)
def test_reset_mail_in_a_language_with_one_plural_form(
    user, settings, accept_language, subject, greeting, expiry
):
    """The single plural form of ko / zh-hans / zh-hant is the one rendered for any count."""
    settings.PASSWORD_RESET_TIMEOUT = 3600
    response = APIClient().post(
        "/auth/password/reset/",
        {"email": user.email},
        format="json",
        HTTP_ACCEPT_LANGUAGE=accept_language,
    )
    assert response.status_code == 200
    [message] = mail.outbox
    lines = message.body.splitlines()
    assert (message.subject, lines[0], lines[-2]) == (subject, greeting, expiry)
    assert user.email in lines[2]
    assert "Hello" not in message.body


@pytest.mark.parametrize(
    ("accept_language", "hours", "expiry"),
    [
        ("cs", 1, "Odkaz funguje jen jednou a jeho platnost vyprší za 1 hodinu."),
        ("cs", 3, "Odkaz funguje jen jednou a jeho platnost vyprší za 3 hodiny."),
        ("cs", 5, "Odkaz funguje jen jednou a jeho platnost vyprší za 5 hodin."),
        ("pl", 1, "Link działa tylko raz i wygasa za 1 godzinę."),
        ("pl", 22, "Link działa tylko raz i wygasa za 22 godziny."),
        ("pl", 12, "Link działa tylko raz i wygasa za 12 godzin."),
        ("ru", 21, "Ссылка сработает только один раз и перестанет действовать через 21 час."),
        ("ru", 24, "Ссылка сработает только один раз и перестанет действовать через 24 часа."),
        ("ru", 11, "Ссылка сработает только один раз и перестанет действовать через 11 часов."),
        ("tr", 1, "Bağlantı yalnızca bir kez çalışır ve 1 saat içinde geçerliliğini yitirir."),
        ("tr", 48, "Bağlantı yalnızca bir kez çalışır ve 48 saat içinde geçerliliğini yitirir."),
    ],
)
def test_reset_mail_takes_the_plural_form_of_the_count(
    user, settings, accept_language, hours, expiry
):
    """cs, pl and ru have three forms for whole numbers; the count picks the right one."""
    settings.PASSWORD_RESET_TIMEOUT = 3600 * hours
    response = APIClient().post(
        "/auth/password/reset/",
        {"email": user.email},
        format="json",
        HTTP_ACCEPT_LANGUAGE=accept_language,
    )
    assert response.status_code == 200
    [message] = mail.outbox
    lines = message.body.splitlines()
    assert lines[-2] == expiry
    assert expiry in message.alternatives[0][0]
    assert "Hello" not in message.body


@needs_polib
@pytest.mark.parametrize("language", ["es", "en"])
def test_a_project_catalog_overrides_a_message(user, settings, tmp_path, language):
    """The recipe in docs/translations.rst: LOCALE_PATHS come before installed apps."""
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    po.append(polib.POEntry(msgid=LOGIN_FAILED, msgstr="Nope."))
    (tmp_path / language / "LC_MESSAGES").mkdir(parents=True)
    po.save_as_mofile(str(tmp_path / language / "LC_MESSAGES" / "django.mo"))
    settings.LOCALE_PATHS = [str(tmp_path)]
    response = APIClient().post(
        "/auth/login/",
        {"email": user.email, "password": "wrong password"},
        format="json",
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert (response.status_code, response.json()) == (
        401,
        {"detail": "Nope.", "code": "incorrect_credentials"},
    )
