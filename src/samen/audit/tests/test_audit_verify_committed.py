"""Verification as the command runs it: outside a transaction, over committed entries. A long
walk is shared out over worker processes in spans of ids (on PostgreSQL a short one reads its
batches ahead with a second connection); either way the report is the one a walk in a single
process gives."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from samen.audit import services
from samen.audit.actor import Actor
from samen.audit.chain import Anchor
from samen.audit.models import AuditEntry
from samen.audit.services import current_anchor, record, verify_chain
from samen.audit.tests.test_audit_export_and_anchor import _rebuild_chain
from samen.conftest import set_audit_triggers


def _sql(statement: str, params: list[Any]) -> None:
    set_audit_triggers(enabled=False)
    try:
        with connection.cursor() as cursor:
            cursor.execute(statement, params)
    finally:
        set_audit_triggers(enabled=True)


def _both(monkeypatch: Any, check: Callable[[], Any]) -> tuple[Any, Any]:
    """The result of ``check`` walked in worker processes (spans of 2 ids) and in this one."""
    monkeypatch.setattr(services, "_BATCH", 2)  # more than one batch
    monkeypatch.setattr(services, "_PARALLEL_FROM", 3)
    monkeypatch.setattr(services, "_SPAN", 2)
    monkeypatch.setattr(services, "_workers", lambda: 2)
    shared = check()
    monkeypatch.setattr(services, "_workers", lambda: 1)
    return shared, check()


def _summary(report: Any) -> tuple[Any, ...]:
    return (report.intact, report.first_broken_id, report.problem, report.checked, report.head)


@pytest.mark.parametrize(
    "tamper",
    ["nothing", "alter", "remove_at_a_span_boundary", "remove_the_first"],
)
def test_a_walk_in_worker_processes_reports_what_one_process_does(
    transactional_db: None, monkeypatch: Any, tamper: str
) -> None:
    entries = [
        record(Actor.system(), "casework.case.list", object_label=f"entry {i}") for i in range(9)
    ]
    if tamper == "alter":
        _sql("UPDATE audit_auditentry SET reason = 'x' WHERE id = %s", [entries[6].pk])
    elif tamper == "remove_at_a_span_boundary":
        _sql("DELETE FROM audit_auditentry WHERE id = %s", [entries[4].pk])
    elif tamper == "remove_the_first":
        _sql("DELETE FROM audit_auditentry WHERE id = %s", [entries[0].pk])
    seen: list[int] = []
    shared, alone = _both(monkeypatch, lambda: verify_chain(progress=seen.append))
    assert _summary(shared) == _summary(alone)
    assert shared.intact == (tamper == "nothing")
    if tamper == "alter":
        assert shared.first_broken_id == entries[6].pk and shared.checked == 6
    if tamper == "nothing":
        assert shared.checked == 9 and seen[-1] == 9  # progress after each span, too


def test_anchors_in_a_walk_in_worker_processes(transactional_db: None, monkeypatch: Any) -> None:
    entries = [
        record(Actor.system(), "casework.case.list", object_label=f"entry {i}") for i in range(8)
    ]
    anchor = current_anchor()
    middle = Anchor(entries[4].pk, entries[4].entry_hash, None, 5)
    record(Actor.system(), "casework.case.list", object_label="after the anchor")
    shared, alone = _both(monkeypatch, lambda: verify_chain(middle))
    assert shared.intact and _summary(shared) == _summary(alone)
    _rebuild_chain(entries[2].pk, user_label="someone else")
    shared, alone = _both(monkeypatch, lambda: verify_chain(middle))
    assert _summary(shared) == _summary(alone)
    assert "does not have the anchored hash" in shared.problem
    _sql("DELETE FROM audit_auditentry WHERE id >= %s", [entries[6].pk])
    shared, alone = _both(monkeypatch, lambda: verify_chain(anchor))
    assert _summary(shared) == _summary(alone)
    assert f"anchored entry {anchor.id} is missing" in shared.problem


def test_verification_outside_a_transaction_finds_an_alteration(
    transactional_db: None, monkeypatch: Any
) -> None:
    entries = [
        record(Actor.system(), "casework.case.list", object_label=f"entry {i}") for i in range(5)
    ]
    monkeypatch.setattr(services, "_BATCH", 2)  # more than one batch, read ahead on PostgreSQL
    assert verify_chain().intact
    _sql("UPDATE audit_auditentry SET reason = 'x' WHERE id = %s", [entries[3].pk])
    report = verify_chain()
    assert report.first_broken_id == entries[3].pk
    assert report.checked == 3
    assert AuditEntry.objects.count() == 5
