"""The audit log is append-only, hash-chained, and verification names the first broken entry."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from samen.audit.actor import Actor
from samen.audit.models import GENESIS_HASH, AppendOnlyError, AuditEntry
from samen.audit.services import ReasonRequiredError, record, verify_chain
from samen.casework.tests.factories import World
from samen.conftest import login, set_audit_triggers

pytestmark = pytest.mark.django_db


def _entries(n: int) -> list[AuditEntry]:
    return [
        record(Actor.system(), "casework.signal.list", object_label=f"entry {i}") for i in range(n)
    ]


@contextmanager
def triggers_disabled() -> Iterator[None]:
    """What an attacker with the database owner's rights could do."""
    set_audit_triggers(enabled=False)
    try:
        yield
    finally:
        set_audit_triggers(enabled=True)


def test_entries_chain_from_genesis() -> None:
    first, second = _entries(2)
    assert AuditEntry.objects.order_by("id").first().previous_hash == GENESIS_HASH
    assert second.previous_hash == first.entry_hash
    assert second.entry_hash == second.compute_hash()
    report = verify_chain()
    assert report.intact
    assert report.checked == AuditEntry.objects.count()


def test_orm_refuses_update_and_delete() -> None:
    (entry,) = _entries(1)
    entry.object_label = "changed"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(object_label="changed")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()


def test_database_refuses_update_and_delete_even_in_raw_sql() -> None:
    (entry,) = _entries(1)
    for sql in (
        "UPDATE audit_auditentry SET object_label = 'x' WHERE id = %s",
        "DELETE FROM audit_auditentry WHERE id = %s",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).object_label == "entry 0"


def test_verify_names_an_altered_entry() -> None:
    entries = _entries(4)
    with triggers_disabled(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_auditentry SET user_label = 'someone else' WHERE id = %s",
            [entries[1].pk],
        )
    report = verify_chain()
    assert report.first_broken_id == entries[1].pk
    assert "altered" in report.problem
    with pytest.raises(CommandError, match=f"entry {entries[1].pk}"):
        call_command("audit_verify")


def test_verify_names_the_entry_after_a_removed_one() -> None:
    entries = _entries(4)
    with triggers_disabled(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE id = %s", [entries[2].pk])
    report = verify_chain()
    assert report.first_broken_id == entries[3].pk
    assert "removed or inserted" in report.problem


def test_verify_names_an_inserted_entry() -> None:
    entries = _entries(3)
    forged = AuditEntry(
        timestamp=entries[0].timestamp,
        action="casework.case.view",
        outcome="allowed",
        previous_hash=entries[0].entry_hash,
        object_label="forged",
    )
    forged.entry_hash = forged.compute_hash()
    forged.save()
    report = verify_chain()
    assert report.first_broken_id == forged.pk


def test_verify_command_reports_an_intact_chain(capsys: Any) -> None:
    _entries(3)
    call_command("audit_verify")
    assert "intact" in capsys.readouterr().out


def test_unregistered_action_is_a_programming_error() -> None:
    with pytest.raises(LookupError):
        record(Actor.system(), "casework.case.peek")


def test_action_that_requires_a_reason_refuses_without_one() -> None:
    with pytest.raises(ReasonRequiredError):
        record(Actor.system(), "accounts.two_factor.reset", object_label="x")
    assert (
        record(Actor.system(), "accounts.two_factor.reset", reason="phone lost").reason
        == "phone lost"
    )


def test_entry_records_who_what_when_and_the_request(client: Any, world: World) -> None:
    user = world.users["case_table_member"]
    login(client, user)
    response = client.get(reverse("casework:case_detail", kwargs={"pk": world.case.pk}))
    assert response.status_code == 200
    entry = AuditEntry.objects.filter(action="casework.case.view").latest("id")
    assert entry.user_id == user.pk
    assert entry.user_label == user.username
    assert entry.organisation_id == world.police.pk
    assert entry.organisation_label == world.police.name
    assert entry.object_type == "casework.case"
    assert entry.object_id == str(world.case.pk)
    assert entry.object_label == world.case.reference
    assert entry.request_id == response["X-Request-ID"]
    assert entry.outcome == AuditEntry.Outcome.ALLOWED
    assert entry.timestamp.utcoffset().total_seconds() == 0


def test_denied_attempt_is_recorded(client: Any, world: World) -> None:
    login(client, world.outsider)
    response = client.get(reverse("casework:case_detail", kwargs={"pk": world.case.pk}))
    assert response.status_code == 404
    entry = AuditEntry.objects.filter(action="casework.case.view").latest("id")
    assert entry.outcome == AuditEntry.Outcome.DENIED
    assert entry.user_label == "outsider"
    assert entry.object_id == str(world.case.pk)
    assert entry.object_label == ""  # nothing about the case leaks into the outsider's entry


def test_dpo_browses_and_filters_the_log(client: Any, world: World) -> None:
    login(client, world.outsider)
    client.get(reverse("casework:case_detail", kwargs={"pk": world.case.pk}))
    login(client, world.users["dpo"])
    response = client.get(reverse("audit:log"), {"outcome": "denied", "user": "outsider"})
    assert response.status_code == 200
    shown = list(response.context["page"].object_list)
    assert shown
    assert all(e.outcome == "denied" and e.user_label == "outsider" for e in shown)
    response = client.get(reverse("audit:log"), {"action": "casework.case.view"})
    assert all(e.action == "casework.case.view" for e in response.context["page"])
    assert AuditEntry.objects.filter(action="audit.log.view", user_label="dpo").count() == 2


def test_the_municipality_is_chained_only_when_set(world: World) -> None:
    """Regions added ``municipality_id``: an entry without one hashes as entries always did, so
    the chains of existing installations stay intact; an entry with one cannot be moved to
    another municipality unnoticed."""
    from samen.audit import chain

    assert world.case is not None
    old_style = record(Actor.system(), "casework.signal.list", object_label="no municipality")
    assert old_style.municipality_id is None
    fields = {name: getattr(old_style, name) for name in chain.CHAINED_FIELDS}
    fields["timestamp"] = old_style.timestamp.isoformat(timespec="microseconds")
    assert old_style.entry_hash == chain.hash_of(fields)  # the hash of before regions
    concerned = record(Actor.system(), "casework.case.view", world.case)
    assert concerned.municipality_id == world.municipality.pk
    assert verify_chain().intact
    with triggers_disabled(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_auditentry SET municipality_id = %s WHERE id = %s",
            [world.other_municipality.pk, concerned.pk],
        )
    report = verify_chain()
    assert not report.intact and report.first_broken_id == concerned.pk


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite rebuilds tables")
def test_a_database_migrated_from_scratch_has_the_triggers(migrated_sqlite: Any) -> None:
    """``samen migrate`` on a new SQLite database leaves the audit log's append-only triggers
    and the signal's weighing triggers in place: SQLite drops a table's triggers when a later
    migration rebuilds the table (audit 0006 did; 0008 restores them)."""
    import sqlite3
    from contextlib import closing

    with closing(sqlite3.connect(migrated_sqlite)) as database:
        triggers = {
            name
            for (name,) in database.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        }
    assert {
        "audit_auditentry_no_update",
        "audit_auditentry_no_delete",
        "casework_weighing_kept_insert",
        "casework_weighing_kept_update",
        "casework_weighing_kept_delete",
    } <= triggers
