"""Verification starts after the last verified entry, pinned by an authenticated checkpoint in
the log: what was changed after it is found as before, and a chain rewritten or shortened before
it too; a forged checkpoint is passed over. Verification shows its progress and reads every
entry the same way as the entry's own hash."""

from __future__ import annotations

import json
import random
import string
from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from samen.audit.actor import Actor
from samen.audit.chain import (
    CHAINED_FIELDS,
    RECORD_FIELDS,
    Checkpoint,
    canonical_bytes,
    hash_of,
    row_hash,
)
from samen.audit.models import AuditEntry
from samen.audit.services import (
    VERIFIED_ACTION,
    latest_verified,
    prune,
    record,
    verified_label,
    verify_chain,
)
from samen.audit.tests.test_audit_export_and_anchor import _rebuild_chain
from samen.audit.tests.test_audit_prune import old_entries
from samen.conftest import set_audit_triggers

pytestmark = pytest.mark.django_db


def _entries(n: int) -> list[AuditEntry]:
    return [
        record(Actor.system(), "casework.case.list", object_label=f"entry {i}") for i in range(n)
    ]


def verify(*args: str, **options: Any) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("audit_verify", *args, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def _sql(statement: str, params: list[Any]) -> None:
    """What someone owning the database could do, the triggers lifted."""
    set_audit_triggers(enabled=False)
    try:
        with connection.cursor() as cursor:
            cursor.execute(statement, params)
    finally:
        set_audit_triggers(enabled=True)


def test_a_verification_records_a_checkpoint_and_the_next_starts_after_it() -> None:
    _entries(5)
    out, _ = verify()
    assert "audit chain intact: 5 entries verified" in out
    checkpoint = AuditEntry.objects.get(action=VERIFIED_ACTION)
    head = AuditEntry.objects.filter(id__lt=checkpoint.pk).latest("id")
    assert checkpoint.object_id == str(head.pk)
    assert checkpoint.user_id is None  # samen itself, not a user
    assert latest_verified().checkpoint == Checkpoint(head.pk, head.entry_hash, 5)

    _entries(3)
    out, _ = verify()
    # The checkpoint entry and the three new ones; the five before were verified already.
    assert f"4 entries verified after entry {head.pk}, which was verified before" in out
    assert "(9 entries in all)" in out
    assert AuditEntry.objects.filter(action=VERIFIED_ACTION).count() == 2

    out, _ = verify(full=True)
    assert "audit chain intact: 10 entries verified" in out


def test_no_checkpoint_leaves_the_log_as_it_was() -> None:
    _entries(2)
    verify(no_checkpoint=True)
    assert not AuditEntry.objects.filter(action=VERIFIED_ACTION).exists()


def test_an_entry_changed_after_the_checkpoint_is_found() -> None:
    _entries(3)
    verify()
    later = _entries(3)
    _sql("UPDATE audit_auditentry SET object_label = 'x' WHERE id = %s", [later[1].pk])
    with pytest.raises(CommandError, match=f"entry {later[1].pk}: it was altered"):
        verify()


def test_a_chain_rewritten_before_the_checkpoint_is_found() -> None:
    entries = _entries(4)
    verify()
    _entries(2)
    _rebuild_chain(entries[1].pk, user_label="someone else")
    assert verify_chain().intact  # a full walk cannot see a rebuilt chain
    with pytest.raises(CommandError, match="does not have the last verified hash"):
        verify()


def test_an_entry_removed_before_the_checkpoint_is_found() -> None:
    entries = _entries(4)
    verify()
    _sql("DELETE FROM audit_auditentry WHERE id = %s", [entries[1].pk])
    with pytest.raises(CommandError, match="is entry number 3 of the chain"):
        verify()


def test_an_entry_edited_in_place_before_the_checkpoint_needs_the_full_walk() -> None:
    """The limit of incremental verification (docs/audit.md): an old entry edited with its
    hashes left as they were is found by --full, which is why a full walk runs weekly."""
    entries = _entries(4)
    verify()
    _sql("UPDATE audit_auditentry SET user_label = 'x' WHERE id = %s", [entries[1].pk])
    verify()
    with pytest.raises(CommandError, match=f"entry {entries[1].pk}: it was altered"):
        verify(full=True)


def test_a_forged_checkpoint_is_passed_over() -> None:
    """Someone who can write the audit table, not the secret key, tries to make verification
    skip an entry they changed by appending a checkpoint after it."""
    entries = _entries(4)
    _sql("UPDATE audit_auditentry SET object_label = 'x' WHERE id = %s", [entries[1].pk])
    head = AuditEntry.objects.latest("id")
    forged = verified_label(Checkpoint(head.pk, head.entry_hash, 4))[:-64] + "0" * 64
    record(Actor.system(), VERIFIED_ACTION, object_id=str(head.pk), object_label=forged)
    assert latest_verified().checkpoint is None
    with pytest.raises(CommandError, match=f"entry {entries[1].pk}: it was altered"):
        verify()


def test_a_checkpoint_made_with_another_secret_key_is_passed_over(settings: Any) -> None:
    _entries(2)
    verify()
    settings.SECRET_KEY = "another secret key of at least fifty characters, for this test"
    assert latest_verified().passed_over == 1
    out, err = verify()
    assert "passed over" in err
    assert "audit chain intact: 3 entries verified" in out  # from the start again
    settings.SECRET_KEY_FALLBACKS = ["the old one"]  # a rotated key still authenticates
    assert latest_verified().checkpoint is not None


def test_an_anchor_before_the_checkpoint_is_checked_where_it_stands(
    tmp_path: Any, capsys: Any
) -> None:
    entries = _entries(3)
    anchor = tmp_path / "anchor.json"
    call_command("audit_anchor", output=str(anchor))
    capsys.readouterr()
    verify()
    _entries(2)
    out, _ = verify(anchor=str(anchor))
    assert f"anchored entry {entries[-1].pk} present with its hash" in out
    _sql("DELETE FROM audit_auditentry WHERE id = %s", [entries[0].pk])
    with pytest.raises(CommandError, match="removed or inserted"):
        verify(anchor=str(anchor))


def test_after_pruning_an_older_checkpoint_is_not_used() -> None:
    old_entries(4)
    verify()  # its checkpoint pins an entry that pruning removes
    _entries(2)
    prune(timezone.now() - timedelta(days=365 * 7))
    out, _ = verify()
    # Starts at the pruning checkpoint: the verification entry, two new ones, the pruning entry.
    assert "audit chain intact: 4 entries verified" in out


def test_verification_shows_its_progress() -> None:
    _entries(5)
    seen: list[int] = []
    report = verify_chain(progress=seen.append, progress_every=2)
    assert report.intact and seen == [2, 4]
    _, err = verify()
    assert err == ""  # fewer entries than one progress step


def test_the_fast_canonical_form_is_the_json_definition() -> None:
    """The hash covers json.dumps(sorted keys, no ASCII escaping); the written-out form used
    for speed gives the same bytes for any text, and falls back for other types."""
    rng = random.Random(7)
    alphabet = string.printable + 'éß€\u202e\u200b\x00\x1f"\\/😀'
    for n in range(2000):
        fields: dict[str, Any] = {
            name: "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 20)))
            for name in CHAINED_FIELDS
        }
        fields["user_id"] = rng.choice([None, 0, 7, -1, 10**20, True, 1.5])
        fields["organisation_id"] = rng.choice([None, 3])
        definition = json.dumps(fields, sort_keys=True, ensure_ascii=False).encode()
        assert canonical_bytes(fields) == definition
        row = tuple({**fields, "id": n, "entry_hash": ""}[name] for name in RECORD_FIELDS)
        assert row_hash(row) == hash_of(fields)


def test_the_database_walk_reads_what_the_model_hashes() -> None:
    """Entries read in batches as rows (the timestamp as text) hash as the model does, whatever
    the text looks like: PostgreSQL leaves out trailing zeros of the fraction, SQLite a
    fraction that is zero."""
    previous = record(Actor.system(), "casework.case.list", object_label="é \u202e")
    for microsecond in (0, 403000, 120000, 5, 999999):
        entry = AuditEntry(
            timestamp=timezone.now().replace(microsecond=microsecond),
            action="casework.case.view",
            outcome="allowed",
            previous_hash=previous.entry_hash,
        )
        entry.entry_hash = entry.compute_hash()
        entry.save()
        previous = entry
    report = verify_chain()
    assert report.intact, report.describe()
    assert report.head is not None and report.head.id == previous.pk
