"""Completeness of the translation catalogs (nl is the default language; en and fr complete).

Strings are found behind any name a module gives Django's gettext functions
(``from django.utils.translation import gettext_lazy as _l``): xgettext knows only the usual
names, so ``make messages`` passes each alias as an extra keyword (``samen.ui``'s
``makemessages``), and ``check-messages`` reads the aliased calls itself, with or without GNU
gettext installed.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from babel.messages.pofile import read_po

SRC = Path(__file__).resolve().parent.parent
LANGUAGES = ("nl", "en", "fr")
TRANSLATION_MODULE = "django.utils.translation"
# Django's translation functions -> the xgettext keyword arguments for a name that stands for it
# (the positions of context, singular and plural).
FUNCTIONS = {
    "gettext": "",
    "gettext_lazy": "",
    "gettext_noop": "",
    "ngettext": ":1,2",
    "ngettext_lazy": ":1,2",
    "pgettext": ":1c,2",
    "pgettext_lazy": ":1c,2",
    "npgettext": ":1c,2,3",
    "npgettext_lazy": ":1c,2,3",
}
# The names xgettext (as Django's makemessages calls it) already knows.
KNOWN_NAMES = {"_", "gettext", "gettext_lazy", "gettext_noop", "ngettext", "ngettext_lazy"}
KNOWN_NAMES |= {"pgettext", "pgettext_lazy", "npgettext", "npgettext_lazy", "N_"}


def _python_files(root: Path) -> list[Path]:
    return [
        path
        for path in sorted(root.rglob("*.py"))
        if "tests" not in path.parts and "migrations" not in path.parts
    ]


def _aliases(tree: ast.AST) -> dict[str, str]:
    """Names this module gives Django's translation functions: alias -> function."""
    found: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == TRANSLATION_MODULE:
            for name in node.names:
                if name.name in FUNCTIONS and name.asname and name.asname not in KNOWN_NAMES:
                    found[name.asname] = name.name
    return found


def gettext_aliases(root: Path = SRC) -> dict[str, str]:
    """Every alias of a translation function in samen's code: alias -> function."""
    found: dict[str, str] = {}
    for path in _python_files(root):
        found.update(_aliases(ast.parse(path.read_text(), filename=str(path))))
    return found


def keyword_options(root: Path = SRC) -> list[str]:
    """xgettext ``--keyword`` options that make it extract the strings behind the aliases."""
    return [
        f"--keyword={alias}{FUNCTIONS[function]}"
        for alias, function in sorted(gettext_aliases(root).items())
    ]


def aliased_strings(root: Path = SRC) -> set[str]:
    """The literal message ids passed to an aliased translation function."""
    strings: set[str] = set()
    for path in _python_files(root):
        tree = ast.parse(path.read_text(), filename=str(path))
        aliases = _aliases(tree)
        if not aliases:
            continue
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            function = aliases.get(node.func.id)
            if function is None:
                continue
            position = 1 if function.startswith(("pgettext", "npgettext")) else 0
            if len(node.args) > position:
                argument = node.args[position]
                if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                    strings.add(argument.value)
    return strings


def _read(path: Path, language: str):  # type: ignore[no-untyped-def]
    with path.open("rb") as source:
        return read_po(source, locale=language)


def catalog_problems() -> list[str]:
    problems: list[str] = []
    for language in LANGUAGES:
        po = SRC / "locale" / language / "LC_MESSAGES" / "django.po"
        if not po.exists():
            problems.append(f"{language}: catalog {po} is missing")
            continue
        catalog = _read(po, language)
        for message in catalog:
            if not message.id:
                continue
            if message.fuzzy:
                problems.append(f"{language}: fuzzy translation for {message.id!r}")
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            if not all(strings):
                problems.append(f"{language}: no translation for {message.id!r}")
    problems.extend(_aliased_missing())
    problems.extend(_missing_from_catalogs())
    return problems


def _catalog_ids(language: str) -> set[str]:
    po = SRC / "locale" / language / "LC_MESSAGES" / "django.po"
    if not po.exists():
        return set()
    return {m.id if isinstance(m.id, str) else m.id[0] for m in _read(po, language) if m.id}


def _aliased_missing(root: Path = SRC) -> list[str]:
    """Strings behind a gettext alias that a catalog lacks (no GNU gettext needed)."""
    wanted = aliased_strings(root)
    problems = []
    for language in LANGUAGES:
        have = _catalog_ids(language)
        for missing in sorted(wanted - have):
            problems.append(
                f"{language}: string behind a gettext alias not in catalog "
                f"(run make messages): {missing!r}"
            )
    return problems


def _missing_from_catalogs() -> list[str]:
    """Strings in the code that the catalogs lack (needs GNU gettext's xgettext to extract)."""
    if shutil.which("xgettext") is None:
        print("note: xgettext not found, so catalogs were not compared with the code")
        return []
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "samen"
        shutil.copytree(SRC, copy, ignore=shutil.ignore_patterns("locale", "__pycache__", "tests"))
        (copy / "locale").mkdir()
        env = {**os.environ, "SAMEN_MODE": "test", "SAMEN_DATA_DIR": str(Path(tmp) / "var")}
        subprocess.run(
            [
                sys.executable,
                "-m",
                "django",
                "makemessages",
                "-l",
                "nl",
                "--no-location",
                "--settings",
                "samen.conf.testing",
            ],
            cwd=copy,
            env=env,
            check=True,
            capture_output=True,
        )
        extracted = _read(copy / "locale" / "nl" / "LC_MESSAGES" / "django.po", "nl")
    wanted = {m.id if isinstance(m.id, str) else m.id[0] for m in extracted if m.id}
    problems = []
    for language in LANGUAGES:
        po = SRC / "locale" / language / "LC_MESSAGES" / "django.po"
        if not po.exists():
            continue
        have = {m.id if isinstance(m.id, str) else m.id[0] for m in _read(po, language) if m.id}
        for missing in sorted(wanted - have):
            problems.append(f"{language}: string not in catalog (run make messages): {missing!r}")
    return problems
