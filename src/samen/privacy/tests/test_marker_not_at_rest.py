"""A marker typed into the forms is found neither in the database files nor in the logs.

Runs with committed transactions (``transactional_db``) so that the data really reaches the
SQLite file (and its write-ahead log) or PostgreSQL, which ``pg_dump`` then reads."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import uuid
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.urls import reverse

from samen.accounts.capabilities import DEFAULT_ROLES
from samen.accounts.models import Role
from samen.casework.models import CaseNote, Signal
from samen.casework.tests.factories import build_world
from samen.conftest import login


def _database_bytes() -> bytes:
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        connection.close()  # nothing held back in this connection
        name = Path(settings["NAME"])
        files = [name, Path(f"{name}-wal"), Path(f"{name}-journal")]
        return b"".join(p.read_bytes() for p in files if p.exists())
    pg_dump = shutil.which("pg_dump") or "/usr/bin/pg_dump"
    environment = {**os.environ, "PGPASSWORD": settings.get("PASSWORD") or ""}
    dump = subprocess.run(
        [
            pg_dump,
            "--host",
            settings.get("HOST") or "127.0.0.1",
            "--port",
            str(settings.get("PORT") or 5432),
            "--username",
            settings.get("USER") or "postgres",
            "--no-password",
            settings["NAME"],
        ],
        capture_output=True,
        check=True,
        env=environment,
    )
    return dump.stdout


def test_marker_entered_in_the_ui_is_not_in_the_database_files_or_logs(
    transactional_db: None, client: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    # A transactional test before this one flushed the roles of the migration: put them back.
    for code, (name, capabilities) in DEFAULT_ROLES.items():
        Role.objects.update_or_create(
            code=code, defaults={"name": name, "capabilities": [str(c) for c in capabilities]}
        )
    world = build_world()
    marker = f"MARKER{uuid.uuid4().hex}"
    response = client.post(
        reverse("casework:public_report"),
        {
            "municipality": world.municipality.pk,
            "observation": f"Observation {marker}",
            "subject_name": f"Subject {marker}",
            "anonymous": "on",
        },
    )
    assert response.status_code == 302
    login(client, world.users["case_table_member"])
    response = client.post(
        reverse("casework:case_note", args=[world.case.pk]), {"note-text": f"Note {marker}"}
    )
    assert response.status_code == 302
    # The marker did arrive (decrypted through the ORM) ...
    assert Signal.objects.filter(subject_index__gt="").count() >= 1
    assert any(marker in n.text for n in CaseNote.objects.all())
    # ... but not in the stored bytes, nor in any log record.
    stored = _database_bytes()
    assert len(stored) > 10_000
    assert b"fernet:" in stored
    assert marker.encode() not in stored
    assert marker not in caplog.text
    assert all(marker not in str(r.args) for r in caplog.records)
