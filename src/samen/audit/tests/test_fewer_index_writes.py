"""Migration audit 0012: an audit entry is written to the indexes the log's filters read and no
others (docs/decisions/0026); back to 0011 the indexes come back, and forward they go again.

A module of its own: the test is transactional (a migration cannot run inside the test's
transaction on SQLite)."""

from __future__ import annotations

from django.db import connection

from samen.core.tests.migrations import indexes, like_indexes, migrate_to, migrated_back, triggers

TABLE = "audit_auditentry"


def _by_columns() -> dict[tuple[str, ...], list[str]]:
    found: dict[tuple[str, ...], list[str]] = {}
    for name, (columns, unique) in indexes(TABLE).items():
        found.setdefault((*columns, "unique" if unique else ""), []).append(name)
    return found


def _assert_pruned() -> None:
    found = _by_columns()
    assert ("action", "") not in found  # audit_action_id serves the filter
    assert found[("object_id", "")] == ["audit_object_id_alone"]
    assert found[("action", "id", "")] == ["audit_action_id"]
    assert like_indexes(TABLE) == []
    if connection.vendor == "postgresql":
        # SQLite keeps the UNIQUE of its table definition (no rebuild of the table).
        assert ("entry_hash", "unique") not in found
        assert not any("entry_hash" in columns for columns in found)
    assert triggers("audit_auditentry_no_") != []


def test_entries_are_written_only_to_the_indexes_that_are_read(transactional_db: None) -> None:
    _assert_pruned()
    with migrated_back("audit", "0011_denied_by_time"):
        found = _by_columns()
        assert ("action", "") in found
        assert ("object_id", "") in found
        assert "audit_object_id_alone" not in indexes(TABLE)
        assert ("entry_hash", "unique") in found
        if connection.vendor == "postgresql":
            assert len(like_indexes(TABLE)) == 3
        migrate_to("audit", "0012_fewer_index_writes")
    _assert_pruned()
