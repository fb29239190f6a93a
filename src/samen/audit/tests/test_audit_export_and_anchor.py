"""The audit log can be checked outside samen: an export verifies without the database, and an
anchor kept outside it catches a rebuilt or truncated chain that verifies on its own."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from samen.audit import chain
from samen.audit.actor import Actor
from samen.audit.chain import GENESIS_HASH, Anchor, verify_export
from samen.audit.models import AuditEntry
from samen.audit.services import record, verify_chain
from samen.conftest import set_audit_triggers

pytestmark = pytest.mark.django_db


def _entries(n: int) -> list[AuditEntry]:
    return [
        record(Actor.system(), "casework.signal.list", object_label=f"entry {i}") for i in range(n)
    ]


def _anchor(tmp_path: Path, capsys: Any) -> Path:
    path = tmp_path / "anchor.json"
    call_command("audit_anchor", output=str(path))
    assert json.loads(capsys.readouterr().out) == json.loads(path.read_text())
    return path


def _rebuild_chain(tampered_id: int, **changes: str) -> None:
    """What someone owning the database could do: change an entry, then recompute the
    previous_hash and entry_hash of it and of every later entry, so the chain verifies."""
    set_audit_triggers(enabled=False)
    try:
        with connection.cursor() as cursor:
            for field, value in changes.items():
                cursor.execute(
                    f"UPDATE audit_auditentry SET {field} = %s WHERE id = %s",  # noqa: S608
                    [value, tampered_id],
                )
            previous = (
                AuditEntry.objects.filter(id__lt=tampered_id)
                .order_by("-id")
                .values_list("entry_hash", flat=True)
                .first()
                or GENESIS_HASH
            )
            for entry in AuditEntry.objects.filter(id__gte=tampered_id).order_by("id"):
                entry.previous_hash = previous
                previous = entry.compute_hash()
                cursor.execute(
                    "UPDATE audit_auditentry SET previous_hash = %s, entry_hash = %s WHERE id = %s",
                    [entry.previous_hash, previous, entry.pk],
                )
    finally:
        set_audit_triggers(enabled=True)


def test_export_round_trip_verifies_without_the_database(tmp_path: Path, capsys: Any) -> None:
    _entries(3)
    record(Actor.system(), "accounts.two_factor.reset", reason="telefoon kwijt: één ü")
    path = tmp_path / "audit.jsonl"
    call_command("audit_export", output=str(path))
    assert "exported 5 audit entries" in capsys.readouterr().out
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    entries, trailer = lines[:-1], lines[-1]["audit_export"]
    # The export records itself, and is the head of what it holds.
    assert entries[-1]["action"] == "audit.log.export"
    assert entries[-1]["object_label"] == "audit.jsonl"
    optional = set(chain.OPTIONAL_CHAINED_FIELDS)
    assert set(chain.RECORD_FIELDS) <= set(entries[0]) <= set(chain.RECORD_FIELDS) | optional
    database = [e.as_record() for e in AuditEntry.objects.order_by("id")]
    assert entries == database
    assert trailer == {
        "count": 5,
        "head_id": database[-1]["id"],
        "head_hash": database[-1]["entry_hash"],
    }
    report = verify_export(path)
    assert report.intact and report.checked == 5
    call_command("audit_verify", export=str(path))
    assert "5 entries verified" in capsys.readouterr().out
    # The independent checker needs only chain.py and Python: no Django, no settings.
    checker = subprocess.run(
        [sys.executable, chain.__file__, str(path)], capture_output=True, text=True, check=False
    )
    assert checker.returncode == 0, checker.stderr
    assert "5 entries verified" in checker.stdout


def test_a_changed_or_cut_export_fails(tmp_path: Path) -> None:
    _entries(3)
    path = tmp_path / "audit.jsonl"
    call_command("audit_export", output=str(path))
    lines = path.read_text(encoding="utf-8").splitlines()

    altered = json.loads(lines[1])
    altered["object_label"] = "something else"
    (tmp_path / "altered.jsonl").write_text("\n".join([lines[0], json.dumps(altered), *lines[2:]]))
    report = verify_export(tmp_path / "altered.jsonl")
    assert report.first_broken_id == altered["id"] and "altered" in report.problem

    (tmp_path / "cut.jsonl").write_text("\n".join(lines[:-2]) + "\n")
    assert "no final line" in verify_export(tmp_path / "cut.jsonl").problem

    (tmp_path / "short.jsonl").write_text("\n".join([*lines[:-2], lines[-1]]) + "\n")
    assert "final line says 4 entries" in verify_export(tmp_path / "short.jsonl").problem
    with pytest.raises(CommandError, match="final line says 4"):
        call_command("audit_verify", export=str(tmp_path / "short.jsonl"))
    checker = subprocess.run(
        [sys.executable, chain.__file__, str(tmp_path / "short.jsonl")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert checker.returncode == 1 and "final line says 4" in checker.stderr


def test_anchor_holds_the_head(tmp_path: Path, capsys: Any) -> None:
    entries = _entries(3)
    anchor = Anchor.load(_anchor(tmp_path, capsys))
    assert anchor.id == entries[-1].pk
    assert anchor.entry_hash == entries[-1].entry_hash
    assert anchor.timestamp == entries[-1].timestamp.isoformat(timespec="microseconds")
    assert anchor.count == 3
    _entries(2)  # the log grows after the anchor: still fine
    call_command("audit_verify", anchor=str(tmp_path / "anchor.json"))
    out = capsys.readouterr().out
    assert "5 entries verified" in out and f"anchored entry {anchor.id} present" in out


def test_a_rebuilt_chain_passes_plain_verify_but_not_the_anchor(
    tmp_path: Path, capsys: Any
) -> None:
    entries = _entries(5)
    anchor_file = _anchor(tmp_path, capsys)
    _rebuild_chain(entries[1].pk, user_label="someone else")
    assert AuditEntry.objects.get(pk=entries[1].pk).user_label == "someone else"
    assert verify_chain().intact
    call_command("audit_verify")
    with pytest.raises(CommandError) as failure:
        call_command("audit_verify", anchor=str(anchor_file))
    message = str(failure.value)
    assert f"entry {entries[-1].pk}" in message
    assert "does not have the anchored hash" in message


def test_a_chain_rebuilt_without_an_entry_fails_the_anchor(tmp_path: Path, capsys: Any) -> None:
    entries = _entries(4)
    anchor_file = _anchor(tmp_path, capsys)
    set_audit_triggers(enabled=False)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE id = %s", [entries[1].pk])
    set_audit_triggers(enabled=True)
    _rebuild_chain(entries[2].pk)
    assert verify_chain().intact
    report = verify_chain(Anchor.load(anchor_file))
    assert report.first_broken_id == entries[-1].pk
    assert not report.intact


def test_removing_the_tail_up_to_the_anchor_is_detected(tmp_path: Path, capsys: Any) -> None:
    entries = _entries(4)
    anchor_file = _anchor(tmp_path, capsys)
    set_audit_triggers(enabled=False)
    try:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_auditentry WHERE id >= %s", [entries[2].pk])
    finally:
        set_audit_triggers(enabled=True)
    assert verify_chain().intact  # the chain alone cannot see it
    with pytest.raises(CommandError, match=f"anchored entry {entries[-1].pk} is missing"):
        call_command("audit_verify", anchor=str(anchor_file))


def test_anchor_of_an_empty_log(tmp_path: Path, capsys: Any) -> None:
    assert not AuditEntry.objects.exists()
    anchor_file = _anchor(tmp_path, capsys)
    assert json.loads(anchor_file.read_text()) == {
        "id": None,
        "entry_hash": GENESIS_HASH,
        "timestamp": None,
        "count": 0,
    }
    call_command("audit_verify", anchor=str(anchor_file))
    assert "0 entries verified" in capsys.readouterr().out
    _entries(2)
    call_command("audit_verify", anchor=str(anchor_file))
    assert "2 entries verified" in capsys.readouterr().out


def test_an_unreadable_anchor_file_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "anchor.json").write_text("not json")
    with pytest.raises(CommandError, match="cannot read the anchor file"):
        call_command("audit_verify", anchor=str(tmp_path / "anchor.json"))


def test_an_anchor_with_another_count_fails(tmp_path: Path, capsys: Any) -> None:
    entries = _entries(3)
    anchor = Anchor.load(_anchor(tmp_path, capsys))
    report = verify_chain(Anchor(anchor.id, anchor.entry_hash, anchor.timestamp, 2))
    assert report.first_broken_id == entries[-1].pk
    assert "is entry number 3 of the chain, the anchor says 2" in report.problem
