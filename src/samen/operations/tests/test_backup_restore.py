"""The backup drill: back up, restore into a scratch folder, and check the restored copy on its
own: integrity, audit chain, row counts, attachments."""

from __future__ import annotations

import json
import secrets
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from samen.audit.actor import Actor
from samen.audit.models import AuditEntry
from samen.audit.services import record, verify_chain
from samen.casework.tests.factories import build_world
from samen.operations.backup import (
    ATTACHMENTS,
    DATABASE_FILE,
    configured_attachments,
    configured_database,
    row_counts,
    verify_audit,
)

sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="samen backup/restore handle SQLite; PostgreSQL is backed up with pg_dump/pg_restore",
)


def _open(path: Path) -> closing[sqlite3.Connection]:
    return closing(sqlite3.connect(path))


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def committed(transactional_db: None) -> None:
    """Committed data, as a running server has it: the backup reads the file, not our
    transaction. (transactional_db from samen.conftest, which can empty the audit log.)"""
    build_world()


@pytest.fixture
def attachment() -> Iterator[Path]:
    path = configured_attachments()
    path.mkdir(parents=True, exist_ok=True)
    file = path / f"drill-{secrets.token_hex(8)}"
    file.write_bytes(b"gAAAA encrypted bytes")
    yield file
    file.unlink(missing_ok=True)


@sqlite_only
def test_backup_restore_drill(
    committed: None, tmp_path: Path, attachment: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("backup", output=str(tmp_path / "backup"))
    out = capsys.readouterr().out
    assert "backup written" in out and "keys are not in it" in out
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    assert manifest["tables"]["casework_signal"] == 2
    assert AuditEntry.objects.filter(action="operations.backup.create").count() == 1

    scratch = tmp_path / "scratch"
    call_command("restore", input=str(tmp_path / "backup"), target=str(scratch))
    assert "integrity ok" in capsys.readouterr().out

    restored = scratch / DATABASE_FILE
    with _open(restored) as db, _open(configured_database()) as live:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        report = verify_audit(db)
        assert report.intact, report.describe()
        head = AuditEntry.objects.order_by("-id").first()
        assert report.head is not None and report.head.entry_hash == head.entry_hash
        assert report.checked == AuditEntry.objects.count()
        counts = row_counts(db)
        assert counts == row_counts(live)
        assert counts["casework_signal"] == 2 and counts["audit_auditentry"] == report.checked
        # The encrypted columns stay encrypted in the copy.
        observation = db.execute("SELECT observation FROM casework_signal LIMIT 1").fetchone()[0]
        assert observation.startswith("fernet:")
    assert _files(scratch / ATTACHMENTS) == _files(configured_attachments())
    assert attachment.name in _files(scratch / ATTACHMENTS)


@sqlite_only
def test_restore_refuses_a_target_with_data_unless_forced(committed: None, tmp_path: Path) -> None:
    call_command("backup", output=str(tmp_path / "backup"))
    with pytest.raises(CommandError, match="not empty"):
        call_command("backup", output=str(tmp_path / "backup"))
    call_command("restore", input=str(tmp_path / "backup"), target=str(tmp_path / "scratch"))
    with pytest.raises(CommandError, match=r"holds data.*--force"):
        call_command("restore", input=str(tmp_path / "backup"), target=str(tmp_path / "scratch"))
    (tmp_path / "scratch" / ATTACHMENTS / "stale").write_bytes(b"x")
    call_command(
        "restore", input=str(tmp_path / "backup"), target=str(tmp_path / "scratch"), force=True
    )
    assert not (tmp_path / "scratch" / ATTACHMENTS / "stale").exists()


@sqlite_only
def test_restore_over_the_configured_database(committed: None, tmp_path: Path) -> None:
    call_command("backup", output=str(tmp_path / "backup"))
    record(Actor.system(), "casework.signal.list", object_label="after the backup")
    with pytest.raises(CommandError, match="holds data"):
        call_command("restore", input=str(tmp_path / "backup"))
    call_command("restore", input=str(tmp_path / "backup"), force=True)
    labels = list(AuditEntry.objects.order_by("-id").values_list("action", "object_label")[:2])
    assert labels[0][0] == "operations.backup.restore"
    assert labels[1] == ("operations.backup.create", "backup")
    assert verify_chain().intact


@sqlite_only
def test_restore_rejects_a_tampered_backup(committed: None, tmp_path: Path) -> None:
    call_command("backup", output=str(tmp_path / "backup"))
    with _open(tmp_path / "backup" / DATABASE_FILE) as db:
        db.execute("DROP TRIGGER audit_auditentry_no_update")
        db.execute(
            "UPDATE audit_auditentry SET object_label = 'x' "
            "WHERE id = (SELECT min(id) FROM audit_auditentry)"
        )
        db.commit()
    with pytest.raises(CommandError, match="audit chain broken at entry"):
        call_command("restore", input=str(tmp_path / "backup"), target=str(tmp_path / "scratch"))
    with pytest.raises(CommandError, match="not a samen backup"):
        call_command("restore", input=str(tmp_path / "nothing"), target=str(tmp_path / "other"))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the PostgreSQL instructions")
@pytest.mark.django_db
@pytest.mark.parametrize(("command", "tool"), [("backup", "pg_dump"), ("restore", "pg_restore")])
def test_on_postgresql_the_commands_name_its_tools(tmp_path: Path, command: str, tool: str) -> None:
    option = "output" if command == "backup" else "input"
    with pytest.raises(CommandError, match=tool) as failure:
        call_command(command, **{option: str(tmp_path / "backup")})
    assert "SQLite only" in str(failure.value)
    assert not (tmp_path / "backup").exists()


def _shell_steps(command: str, backup: Path) -> list[str]:
    from samen.operations.backup import postgres_instructions

    lines = [line.strip() for line in postgres_instructions(command).splitlines()]
    return [
        line.replace("BACKUP", str(backup))
        for line in lines
        if line.startswith(("mkdir ", "cp ", "chmod "))
    ]


@pytest.mark.django_db
def test_postgresql_restore_commands_keep_attachments_downloadable(
    client: Any, tmp_path: Path, settings: Any
) -> None:
    """The attachment steps that ``samen backup``/``samen restore`` print for PostgreSQL, run as
    printed into a data folder whose attachments folder already exists: downloads still work."""
    import subprocess

    from django.urls import reverse

    from samen.casework.tests.factories import TEST_PDF
    from samen.conftest import login
    from samen.core.files import is_private

    settings.DATA_DIR = tmp_path / "live"
    world = build_world()
    backup = tmp_path / "backup"
    backup.mkdir()
    for step in _shell_steps("backup", backup):
        subprocess.run(["bash", "-c", step], check=True)
    assert (backup / ATTACHMENTS / world.attachment.storage_name).exists()

    # A fresh installation: the attachments folder exists (samen made it) and is empty.
    settings.DATA_DIR = tmp_path / "restored"
    (tmp_path / "restored" / ATTACHMENTS).mkdir(parents=True)
    for step in _shell_steps("restore", backup):
        subprocess.run(["bash", "-c", step], check=True)
    restored = tmp_path / "restored" / ATTACHMENTS
    assert not (restored / ATTACHMENTS).exists()
    assert is_private(restored / world.attachment.storage_name)

    login(client, world.users["case_table_member"])
    url = reverse(
        "casework:attachment_download",
        kwargs={"pk": world.case.pk, "attachment_pk": world.attachment.pk},
    )
    response = client.get(url)
    assert response.status_code == 200
    assert response.content == TEST_PDF
