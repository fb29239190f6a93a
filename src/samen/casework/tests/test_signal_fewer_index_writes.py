"""Migration casework 0034: a signal is written to fewer indexes (docs/decisions/0026), and its
reference and receipt code stay unique; back to 0033 the indexes come back.

A module of its own: the test is transactional (a migration cannot run inside the test's
transaction on SQLite), and without a module-wide ``django_db`` mark the audit log's triggers
are lifted for the flush that ends it (``transactional_db`` in ``samen/conftest.py``)."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction

from samen.accounts.models import Organisation
from samen.casework.models import Signal
from samen.core.tests.migrations import indexes, like_indexes, migrate_to, migrated_back

TABLE = "casework_signal"


def _single_column() -> dict[str, tuple[str, bool]]:
    return {
        name: (columns[0], unique)
        for name, (columns, unique) in indexes(TABLE).items()
        if len(columns) == 1
    }


def _assert_pruned() -> None:
    single = _single_column()
    assert single["signal_status"] == ("status", False)
    assert single["signal_subject_index"] == ("subject_index", False)
    assert ("municipality_id", False) not in single.values()
    assert ("reference", True) in single.values()
    assert ("receipt_code_hash", True) in single.values()
    if connection.vendor == "postgresql":
        assert single["signal_reference_unique"] == ("reference", True)
        assert single["signal_receipt_unique"] == ("receipt_code_hash", True)
    assert like_indexes(TABLE) == []


def _signal(municipality: Organisation, reference: str, receipt: str) -> Signal:
    return Signal.objects.create(
        reference=reference,
        municipality=municipality,
        channel=Signal.Channel.PHONE,
        received_at="2026-12-01T10:00:00Z",
        observation="Zorgen over een jongere.",
        receipt_code_hash=receipt,
    )


def test_signals_are_written_to_fewer_indexes_and_stay_unique(transactional_db: None) -> None:
    _assert_pruned()
    municipality = Organisation.objects.create(name="Gemeente Test", kind="municipality")
    _signal(municipality, "S-2026-00001", "a" * 64)
    for reference, receipt in (("S-2026-00001", "b" * 64), ("S-2026-00002", "a" * 64)):
        with pytest.raises(IntegrityError), transaction.atomic():
            _signal(municipality, reference, receipt)
    with migrated_back("casework", "0033_person_created_at"):
        single = _single_column()
        assert ("municipality_id", False) in single.values()
        assert "signal_status" not in single
        if connection.vendor == "postgresql":
            assert len(like_indexes(TABLE)) == 4
        migrate_to("casework", "0034_signal_fewer_index_writes")
    _assert_pruned()
