"""Everything samen writes under its data folder is readable by its own user only (0600 files,
0700 folders): the database and its WAL, the generated secrets, attachments, mail files,
backups."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.db import connection

from samen.core.files import is_private


def _not_private(root: Path) -> list[str]:
    return [
        f"{path.relative_to(root)} {oct(stat.S_IMODE(path.lstat().st_mode))}"
        for path in [root, *root.rglob("*")]
        if not is_private(path)
    ]


@pytest.mark.slow
def test_a_new_data_folder_is_private(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(SAMEN_MODE="demo", SAMEN_DATA_DIR=str(tmp_path / "data"), SAMEN_LOG_LEVEL="ERROR")
    # A umask that would leave files world-readable, as a service manager may hand down.
    subprocess.run(
        [
            sys.executable,
            "-c",
            "import os, runpy, sys; os.umask(0o022); "
            "sys.argv = ['samen', 'migrate', '--verbosity', '0']; "
            "runpy.run_module('samen.cli', run_name='__main__')",
        ],
        env=env,
        check=True,
        timeout=300,
    )
    data = tmp_path / "data"
    assert (data / "samen.sqlite3").exists() and (data / "secret_key").exists()
    assert _not_private(data) == []


def test_an_existing_world_readable_database_is_tightened(tmp_path: Path) -> None:
    from samen.core.files import secure_data_dir

    (tmp_path / "samen.sqlite3").write_bytes(b"")
    (tmp_path / "samen.sqlite3").chmod(0o644)
    tmp_path.chmod(0o755)
    secure_data_dir(tmp_path)
    assert _not_private(tmp_path) == []


@pytest.mark.django_db
def test_attachments_are_private(world: Any) -> None:
    from samen.casework.attachments import storage_dir

    folder = storage_dir()
    assert is_private(folder)
    assert is_private(folder / world.attachment.storage_name)


def test_mail_files_are_private(tmp_path: Path, settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path / "mail")
    mail.send_mail("Nieuwe actie", "Er staat een actie voor u klaar.", "samen@localhost", ["a@b"])
    assert list((tmp_path / "mail").iterdir())
    assert _not_private(tmp_path / "mail") == []


@pytest.mark.skipif(connection.vendor != "sqlite", reason="samen backup is for SQLite")
def test_backups_are_private(transactional_db: None, tmp_path: Path) -> None:
    from django.core.management import call_command

    from samen.casework.tests.factories import build_world
    from samen.operations.backup import configured_attachments

    build_world()
    legacy = configured_attachments() / "legacy-file"
    legacy.write_bytes(b"gAAAA from before private modes")
    legacy.chmod(0o644)
    try:
        call_command("backup", output=str(tmp_path / "backup"))
        assert _not_private(tmp_path / "backup") == []
        call_command("restore", input=str(tmp_path / "backup"), target=str(tmp_path / "drill"))
        assert _not_private(tmp_path / "drill") == []
    finally:
        legacy.unlink()
