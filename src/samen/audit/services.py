"""The one function that writes the audit log, and the chain verification."""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from typing import Any

from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from samen.audit import registry
from samen.audit.actor import Actor
from samen.audit.chain import PRUNED_ACTION, Anchor, ChainReport, Checkpoint, verify_records
from samen.audit.middleware import current_request_id
from samen.audit.models import GENESIS_HASH, AuditEntry

__all__ = [
    "Anchor",
    "ChainReport",
    "ReasonRequiredError",
    "append_entries",
    "current_anchor",
    "record",
    "verify_chain",
]

# Any constant works; it only has to be the same for every writer of the chain.
_CHAIN_LOCK_KEY = 7_316_001


def _lock_chain() -> None:
    """Serialise writers of the chain inside the current transaction: a PostgreSQL advisory
    lock; SQLite serialises write transactions itself (they begin IMMEDIATE, decision 0005)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])


def _head_hash() -> str:
    last = AuditEntry.objects.order_by("-id").values_list("entry_hash", flat=True).first()
    return last or GENESIS_HASH


class ReasonRequiredError(ValueError):
    """The action requires a reason and none was given."""


def _label_of(target: Any) -> str:
    label = getattr(target, "audit_label", None)
    if callable(label):
        return str(label())
    return f"{target._meta.verbose_name} {target.pk}"


def _municipality_of(obj: Any) -> int | None:
    """The municipality an object belongs to, read without importing the apps above."""
    for name in ("audit_municipality_id", "home_municipality_id", "municipality_id"):
        value = getattr(obj, name, None)
        if isinstance(value, int):
            return value
    return None


def record(
    actor: Actor,
    action: str,
    target: Model | None = None,
    *,
    targets: Iterable[Model] | None = None,
    reason: str = "",
    outcome: str = AuditEntry.Outcome.ALLOWED,
    object_type: str = "",
    object_id: str = "",
    object_label: str = "",
    municipality_id: int | None = None,
) -> AuditEntry:
    """Append one entry to the audit log.

    ``actor`` says who acts (``samen.audit.actor.Actor``: user, organisation, request id, or a
    machine client). ``target`` is the object read or changed; ``targets`` the objects a list
    page showed. The municipality the entry concerns is ``municipality_id`` when given, else
    the target's (``audit_municipality_id`` or ``municipality_id``), else the acting
    organisation's.
    """
    registered = registry.get(action)
    if registered.requires_reason and outcome == AuditEntry.Outcome.ALLOWED and not reason.strip():
        raise ReasonRequiredError(f"{action} requires a reason")
    who = actor
    user = who.user
    if target is not None:
        object_type = object_type or target._meta.label_lower
        object_id = object_id or str(target.pk)
        object_label = object_label or _label_of(target)
    if targets is not None:
        shown = list(targets)
        if shown:
            object_type = object_type or shown[0]._meta.label_lower
            object_label = object_label or ", ".join(_label_of(t) for t in shown)[:500]
    organisation = who.organisation
    user_label = user.get_username() if user is not None else who.client
    if municipality_id is None:
        first = target
        if first is None and targets is not None and shown:
            first = shown[0]
        municipality_id = _municipality_of(first) if first is not None else None
    if municipality_id is None and organisation is not None:
        municipality_id = _municipality_of(organisation)
    entry = AuditEntry(
        municipality_id=municipality_id,
        user_id=user.pk if user is not None else None,
        user_label=user_label,
        organisation_id=organisation.pk if organisation is not None else None,
        organisation_label=organisation.name if organisation is not None else "",
        action=action,
        object_type=object_type,
        object_id=object_id[:100],
        object_label=object_label[:500],
        reason=reason,
        request_id=who.request_id or current_request_id.get(),
        outcome=outcome,
    )
    with transaction.atomic():
        _lock_chain()
        entry.previous_hash = _head_hash()
        entry.timestamp = timezone.now()
        entry.entry_hash = entry.compute_hash()
        entry.save()
    return entry


def append_entries(entries: Iterable[AuditEntry]) -> int:
    """Append prepared entries (everything but the hashes set, timestamps included) in one
    transaction, chained to the log's end at that moment: the bulk path of ``record`` for the
    data generator and imports. Action ids must be registered."""
    with transaction.atomic():
        _lock_chain()
        previous = _head_hash()
        batch: list[AuditEntry] = []
        for entry in entries:
            registry.get(entry.action)
            entry.previous_hash = previous
            entry.entry_hash = previous = entry.compute_hash()
            batch.append(entry)
        AuditEntry.objects.bulk_create(batch, batch_size=2000)
    return len(batch)


def latest_checkpoint() -> Checkpoint | None:
    """The newest pruning checkpoint: where the remaining chain starts."""
    label = (
        AuditEntry.objects.filter(action=PRUNED_ACTION)
        .order_by("-id")
        .values_list("object_label", flat=True)
        .first()
    )
    return Checkpoint.parse(label) if label else None


def verify_chain(anchor: Anchor | None = None) -> ChainReport:
    """Walk the chain in id order; name the first entry that was altered, inserted or removed.

    With an anchor (``samen audit-anchor``), also check that the anchored entry is still there
    with its hash, which a rebuilt or truncated chain fails.
    """
    start = latest_checkpoint()
    entries = AuditEntry.objects.order_by("id").iterator(chunk_size=2000)
    return verify_records((entry.as_record() for entry in entries), anchor, start)


def current_anchor() -> Anchor:
    """The head of the chain now: the newest entry's id, hash and time, and the entry count."""
    head = AuditEntry.objects.order_by("-id").first()
    if head is None:
        return Anchor(None, GENESIS_HASH, None, 0)
    # Entries up to the head since the genesis (pruned ones included); one more may have been
    # appended since, which is not counted.
    start = latest_checkpoint()
    count = AuditEntry.objects.filter(id__lte=head.pk).count() + (start.count if start else 0)
    return Anchor(head.pk, head.entry_hash, head.as_record()["timestamp"], count)


def prune(before: Any) -> int:
    """Remove the entries older than ``before`` (the audit log's own retention term).

    A checkpoint entry is appended first, naming the last pruned entry's id and hash and how
    many entries the chain held up to it, so verification and anchors carry on from there.
    The append-only triggers are lifted inside this one transaction only."""
    with transaction.atomic():
        _lock_chain()
        last = AuditEntry.objects.filter(timestamp__lt=before).order_by("-id").first()
        if last is None:
            return 0
        previous = latest_checkpoint()
        removed = AuditEntry.objects.filter(id__lte=last.pk).count()
        already = previous.count if previous is not None else 0
        checkpoint = Checkpoint(last.pk, last.entry_hash, already + removed)
        record(
            Actor.system(),
            PRUNED_ACTION,
            object_type="audit.auditentry",
            object_id=str(last.pk),
            object_label=checkpoint.label(),
        )
        _set_triggers(enabled=False)
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_auditentry WHERE id <= %s", [last.pk])
        _set_triggers(enabled=True)
    return removed


def _set_triggers(*, enabled: bool) -> None:
    migration = importlib.import_module("samen.audit.migrations.0002_append_only_triggers")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            state = "ENABLE" if enabled else "DISABLE"
            for name in ("audit_auditentry_no_update",):
                cursor.execute(f"ALTER TABLE audit_auditentry {state} TRIGGER {name}")
        elif enabled:
            for statement in migration.SQLITE_UP:
                cursor.execute(statement)
        else:
            for statement in migration.SQLITE_DOWN:
                cursor.execute(statement)
