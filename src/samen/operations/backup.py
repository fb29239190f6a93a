"""Backup and restore of a SQLite installation: the database and the attachments folder.

A backup is a folder::

    samen.sqlite3    a consistent copy of the database, made with SQLite's online backup API
                     while the server may keep running (rollback journal, one file)
    attachments/     a copy of <data folder>/attachments (the files are encrypted)
    manifest.json    when, the row count of every table, and the head of the audit chain

Everything personal in it is encrypted, with the field-encryption keys
(``SAMEN_FIELD_ENCRYPTION_KEYS``), which are not in the backup: keep them backed up apart from it.
PostgreSQL is backed up with its own tools (``postgres_instructions``).
"""

from __future__ import annotations

import json
import shlex
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections

from samen.audit.chain import (
    CHAINED_FIELDS,
    OPTIONAL_CHAINED_FIELDS,
    Anchor,
    ChainReport,
    verify_records,
)
from samen.core.files import DIR_MODE, secure_data_dir, secure_tree

DATABASE_FILE = "samen.sqlite3"
ATTACHMENTS = "attachments"
MANIFEST = "manifest.json"
MANIFEST_FORMAT = 1


class BackupError(Exception):
    """The backup or restore cannot go ahead; the message says why."""


def database_vendor() -> str:
    return str(connections["default"].vendor)


def configured_database() -> Path:
    """The SQLite file of the ``default`` database (the test database while testing)."""
    return Path(str(connections["default"].settings_dict["NAME"]))


def configured_attachments() -> Path:
    return Path(settings.DATA_DIR) / ATTACHMENTS


def postgres_instructions(command: str) -> str:
    """What to run instead of ``samen backup``/``samen restore`` on PostgreSQL."""
    db = connections["default"].settings_dict
    target = " ".join(
        f"--{option}={db[key]}"
        for option, key in (("host", "HOST"), ("port", "PORT"), ("username", "USER"))
        if db.get(key)
    )
    attachments = shlex.quote(str(configured_attachments()))
    # Folder contents are copied ("/."), so an attachments folder that already exists is filled
    # rather than given an attachments/attachments inside it.
    if command == "backup":
        steps = [
            f"pg_dump --format=custom --file=BACKUP/samen.dump {target} {db['NAME']}",
            "mkdir -p -m 700 BACKUP/attachments",
            f"cp -a {attachments}/. BACKUP/attachments",
        ]
    else:
        steps = [
            f"createdb {target} NEW_DATABASE",
            f"pg_restore --no-owner --exit-on-error --single-transaction {target} "
            "--dbname=NEW_DATABASE BACKUP/samen.dump",
            f"mkdir -p -m 700 {attachments}",
            f"cp -a BACKUP/attachments/. {attachments}",
            f"chmod -R go= {attachments}",
            "DATABASE_URL=postgres://…/NEW_DATABASE samen audit-verify --anchor ANCHOR_FILE",
        ]
    return (
        f"samen {command} works on SQLite only. This installation uses PostgreSQL; use its own "
        "tools (see docs/operations.md):\n" + "\n".join(f"  {step}" for step in steps)
    )


@contextmanager
def _open(path: Path, *, read_only: bool = False) -> Iterator[sqlite3.Connection]:
    uri = f"{path.resolve().as_uri()}{'?mode=ro' if read_only else ''}"
    with closing(sqlite3.connect(uri, uri=True, timeout=20)) as db:
        yield db


def integrity(db: sqlite3.Connection) -> str:
    """``ok``, or what ``PRAGMA integrity_check`` found."""
    rows = db.execute("PRAGMA integrity_check").fetchall()
    return "; ".join(str(row[0]) for row in rows)


def row_counts(db: sqlite3.Connection) -> dict[str, int]:
    names = [
        row[0]
        for row in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        )
    ]
    # The names come from the database's own catalogue, quoted as identifiers.
    return {
        name: db.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]  # noqa: S608
        for name in names
    }


def _audit_records(db: sqlite3.Connection) -> Iterator[dict[str, Any]]:
    present = {row[1] for row in db.execute("PRAGMA table_info(audit_auditentry)")}
    optional = [name for name in OPTIONAL_CHAINED_FIELDS if name in present]
    columns = ", ".join(("id", *CHAINED_FIELDS, *optional, "entry_hash"))
    cursor = db.execute(f"SELECT {columns} FROM audit_auditentry ORDER BY id")  # noqa: S608
    names = [description[0] for description in cursor.description]
    for row in cursor:
        record = dict(zip(names, row, strict=True))
        for name in optional:
            if record[name] is None:
                del record[name]
        # Django keeps UTC times in SQLite as naive text; the hash covers the aware ISO form.
        moment = datetime.fromisoformat(record["timestamp"]).replace(tzinfo=UTC)
        record["timestamp"] = moment.isoformat(timespec="microseconds")
        yield record


def verify_audit(db: sqlite3.Connection, anchor: Anchor | None = None) -> ChainReport:
    """The audit chain of a SQLite file, checked with plain sqlite3 (no Django connection)."""
    return verify_records(_audit_records(db), anchor)


def _is_empty_database(path: Path) -> bool:
    if not path.exists() or path.stat().st_size == 0:
        return True
    with _open(path, read_only=True) as db:
        return db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0


def _is_empty_folder(path: Path) -> bool:
    return not path.exists() or not any(path.iterdir())


@dataclass(frozen=True)
class Manifest:
    created: str
    tables: dict[str, int]
    attachments: int
    audit: Anchor

    def as_json(self) -> str:
        return json.dumps(
            {
                "format": MANIFEST_FORMAT,
                "created": self.created,
                "database": DATABASE_FILE,
                "tables": self.tables,
                "attachments": self.attachments,
                "audit": json.loads(self.audit.as_json()),
            },
            indent=2,
        )

    @classmethod
    def load(cls, folder: Path) -> Manifest:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        if data.get("format") != MANIFEST_FORMAT:
            raise BackupError(f"{folder / MANIFEST}: unknown backup format {data.get('format')}")
        audit = data["audit"]
        return cls(
            data["created"],
            data["tables"],
            data["attachments"],
            Anchor(audit["id"], audit["entry_hash"], audit["timestamp"], audit["count"]),
        )


def backup(destination: Path, *, source: Path | None = None) -> Manifest:
    """Copy the database (online, consistent) and the attachments folder into ``destination``.

    The attachments are copied after the database, so every attachment the copied database
    names is in the copy (files are only ever added under new names).
    """
    source = source or configured_database()
    if not source.exists():
        raise BackupError(f"there is no database at {source}")
    if not _is_empty_folder(destination):
        raise BackupError(f"{destination} is not empty; choose a new folder for the backup")
    destination.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    target = destination / DATABASE_FILE
    with _open(source) as live, _open(target) as copy:
        # One step: a consistent snapshot. In WAL mode this blocks no writer.
        live.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")
        result = integrity(copy)
        if result != "ok":
            raise BackupError(f"the copy fails its integrity check: {result}")
        tables = row_counts(copy)
        report = verify_audit(copy)
    if not report.intact:
        raise BackupError(f"the backup was made, but its {report.describe()}")
    attachments = configured_attachments()
    if attachments.exists():
        shutil.copytree(attachments, destination / ATTACHMENTS)
    else:
        (destination / ATTACHMENTS).mkdir()
    assert report.head is not None
    manifest = Manifest(
        created=datetime.now(UTC).isoformat(timespec="seconds"),
        tables=tables,
        attachments=sum(1 for path in (destination / ATTACHMENTS).rglob("*") if path.is_file()),
        audit=report.head,
    )
    (destination / MANIFEST).write_text(manifest.as_json() + "\n", encoding="utf-8")
    # Copies keep the modes of their sources: files from before private modes are tightened.
    secure_tree(destination)
    return manifest


@dataclass(frozen=True)
class Restored:
    database: Path
    attachments: Path
    manifest: Manifest
    audit: ChainReport


def restore(
    backup_folder: Path,
    *,
    database: Path | None = None,
    attachments: Path | None = None,
    force: bool = False,
) -> Restored:
    """Restore a backup into ``database`` and ``attachments`` (default: the configured ones).

    Refuses a target that holds data unless ``force``. The restored database must pass
    ``PRAGMA integrity_check``, its audit chain must verify up to the head the backup
    recorded, and its row counts must be those of the backup.
    """
    database = database or configured_database()
    attachments = attachments or configured_attachments()
    source = backup_folder / DATABASE_FILE
    if not source.exists() or not (backup_folder / MANIFEST).exists():
        raise BackupError(
            f"{backup_folder} is not a samen backup (no {DATABASE_FILE} or {MANIFEST})"
        )
    manifest = Manifest.load(backup_folder)
    if not force and not (_is_empty_database(database) and _is_empty_folder(attachments)):
        raise BackupError(
            f"the target holds data ({database}, {attachments}); use --force to replace it"
        )
    database.parent.mkdir(parents=True, exist_ok=True)
    with _open(source, read_only=True) as copy, _open(database) as restored:
        copy.backup(restored)
        restored.execute("PRAGMA journal_mode=WAL")
        result = integrity(restored)
        if result != "ok":
            raise BackupError(f"the restored database fails its integrity check: {result}")
        report = verify_audit(restored, manifest.audit)
        counts = row_counts(restored)
    if not report.intact:
        raise BackupError(f"the restored database's {report.describe()}")
    if counts != manifest.tables:
        raise BackupError("the restored database's row counts differ from the backup's manifest")
    # Attachments: copied beside the target first, then swapped in.
    incoming = attachments.with_name(attachments.name + ".restoring")
    shutil.rmtree(incoming, ignore_errors=True)
    shutil.copytree(backup_folder / ATTACHMENTS, incoming)
    secure_tree(incoming)
    secure_data_dir(database.parent)
    if attachments.exists():
        shutil.rmtree(attachments)
    incoming.rename(attachments)
    return Restored(database, attachments, manifest, report)
