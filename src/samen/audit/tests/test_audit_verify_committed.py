"""Verification as the command runs it: outside a transaction, over committed entries (on
PostgreSQL a second thread and connection read the batches ahead while the first hashes)."""

from __future__ import annotations

from typing import Any

from django.db import connection

from samen.audit import services
from samen.audit.services import record, verify_chain
from samen.conftest import set_audit_triggers


def test_verification_outside_a_transaction_finds_an_alteration(
    transactional_db: None, monkeypatch: Any
) -> None:
    entries = [record(None, "casework.case.list", object_label=f"entry {i}") for i in range(5)]
    monkeypatch.setattr(services, "_BATCH", 2)  # more than one batch
    assert verify_chain().intact
    set_audit_triggers(enabled=False)
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE audit_auditentry SET reason = 'x' WHERE id = %s", [entries[3].pk]
            )
    finally:
        set_audit_triggers(enabled=True)
    report = verify_chain()
    assert report.first_broken_id == entries[3].pk
    assert report.checked == 3
