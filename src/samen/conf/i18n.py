"""Completeness of the translation catalogs (nl is the default language; en and fr complete)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from babel.messages.pofile import read_po

SRC = Path(__file__).resolve().parent.parent
LANGUAGES = ("nl", "en", "fr")


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
    problems.extend(_missing_from_catalogs())
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
