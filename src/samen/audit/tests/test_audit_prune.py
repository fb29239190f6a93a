"""The audit log's own retention term: old entries are pruned behind a checkpoint, and the
chain, exports and anchors still verify."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from samen.audit.actor import Actor
from samen.audit.chain import GENESIS_HASH, Anchor, verify_export
from samen.audit.export import export_log
from samen.audit.models import AuditEntry
from samen.audit.services import current_anchor, prune, record, verify_chain
from samen.conftest import set_audit_triggers

pytestmark = pytest.mark.django_db


def old_entries(n: int, years_ago: int = 8) -> list[AuditEntry]:
    """Entries written long ago: a valid chain from the genesis with old timestamps."""
    previous = GENESIS_HASH
    start = timezone.now() - timedelta(days=365 * years_ago)
    made = []
    for i in range(n):
        entry = AuditEntry(
            timestamp=start + timedelta(minutes=i),
            action="casework.case.view",
            object_label=f"old {i}",
            outcome="allowed",
            previous_hash=previous,
        )
        entry.entry_hash = entry.compute_hash()
        entry.save()
        previous = entry.entry_hash
        made.append(entry)
    return made


def test_old_entries_are_pruned_and_the_chain_still_verifies(settings: Any) -> None:
    old = old_entries(5)
    recent = [
        record(Actor.system(), "casework.case.list", object_label=f"new {i}") for i in range(3)
    ]
    anchor_before = current_anchor()
    assert anchor_before.count == 8
    removed = prune(timezone.now() - timedelta(days=365 * 7))
    assert removed == 5
    assert not AuditEntry.objects.filter(pk__in=[e.pk for e in old]).exists()
    checkpoint = AuditEntry.objects.get(action="audit.log.pruned")
    assert str(old[-1].pk) == checkpoint.object_id
    report = verify_chain()
    assert report.intact, report.describe()
    assert report.checked == 4  # three recent entries and the checkpoint
    # An anchor on an entry that remains keeps verifying: counts run from the genesis.
    assert verify_chain(anchor_before).intact
    assert current_anchor().count == 9
    assert recent[0].previous_hash == old[-1].entry_hash


def test_an_anchor_on_a_pruned_entry_asks_for_a_new_anchor() -> None:
    old = old_entries(3)
    on_last_pruned = current_anchor()
    record(Actor.system(), "casework.case.list")
    prune(timezone.now() - timedelta(days=365 * 7))
    # The checkpoint names the last pruned entry, so an anchor on exactly that one still checks.
    assert verify_chain(on_last_pruned).intact
    stale = Anchor(old[1].pk, old[1].entry_hash, None, 2)
    report = verify_chain(stale)
    assert not report.intact
    assert "pruned" in report.problem


def test_removing_an_entry_after_pruning_is_still_detected() -> None:
    old_entries(3)
    first_new = record(Actor.system(), "casework.case.list")
    record(Actor.system(), "casework.case.list")
    prune(timezone.now() - timedelta(days=365 * 7))
    set_audit_triggers(enabled=False)
    try:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_auditentry WHERE id = %s", [first_new.pk])
    finally:
        set_audit_triggers(enabled=True)
    report = verify_chain()
    assert not report.intact


def test_an_export_after_pruning_verifies(tmp_path: Path) -> None:
    old_entries(2)
    record(Actor.system(), "casework.case.list")
    prune(timezone.now() - timedelta(days=365 * 7))
    path = tmp_path / "audit.jsonl"
    with path.open("w", encoding="utf-8") as out:
        export_log(out)
    assert verify_export(path).intact


def test_nothing_old_nothing_pruned(capsys: Any) -> None:
    record(Actor.system(), "casework.case.list")
    call_command("audit_prune", "--dry-run")
    assert "0 audit entries" in capsys.readouterr().out
    call_command("audit_prune")
    assert not AuditEntry.objects.filter(action="audit.log.pruned").exists()
    assert verify_chain().intact
