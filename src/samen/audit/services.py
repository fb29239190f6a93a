"""The one function that writes the audit log, and the chain verification."""

from __future__ import annotations

import importlib
import itertools
import multiprocessing
import os
import queue
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.db import connection, connections, transaction
from django.db.models import Max, Model
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from samen.audit import registry
from samen.audit.actor import Actor
from samen.audit.chain import (
    PRUNED_ACTION,
    ROW_FIELDS,
    Anchor,
    ChainReport,
    Checkpoint,
    verify_rows,
)
from samen.audit.middleware import current_request_id
from samen.audit.models import GENESIS_HASH, AuditEntry
from samen.core.generations import WRITERS_LOCK_KEY, lock_writers

__all__ = [
    "Anchor",
    "ChainReport",
    "ReasonRequiredError",
    "append_entries",
    "current_anchor",
    "latest_verified",
    "record",
    "record_verified",
    "verify_chain",
]


def _lock_chain() -> None:
    """Serialise writers of the chain inside the current transaction: a PostgreSQL advisory
    lock, the one the writers of the generations take too (``samen.core.generations``); SQLite
    serialises write transactions itself (they begin IMMEDIATE, decision 0005)."""
    lock_writers()


def _head_hash() -> str:
    last = AuditEntry.objects.order_by("-id").values_list("entry_hash", flat=True).first()
    return last or GENESIS_HASH


def _locked_head_hash() -> str:
    """Take the writers' lock and read the chain's last hash: one round trip on PostgreSQL.

    The two statements go in one message (the lock's key is our constant, so nothing is
    bound); in READ COMMITTED each statement reads from a snapshot of its own, taken when it
    starts, so the head is read after the lock is held and sees every entry committed before.
    (In one statement the snapshot would be taken before waiting for the lock, and could miss
    the entry of the writer that held it.)"""
    if connection.vendor != "postgresql":
        _lock_chain()
        return _head_hash()
    # Only our constant and our table's name are formatted into the statements.
    table = connection.ops.quote_name(AuditEntry._meta.db_table)
    lock = f"SELECT pg_advisory_xact_lock({int(WRITERS_LOCK_KEY)})"
    head = f"SELECT entry_hash FROM {table} ORDER BY id DESC LIMIT 1"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(f"{lock}; {head}")
        cursor.nextset()
        row = cursor.fetchone()
    return row[0] if row is not None else GENESIS_HASH


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
    # Without a savepoint of its own: an entry that cannot be written fails the whole
    # transaction it is part of, so no change is committed without its entry.
    with transaction.atomic(savepoint=False):
        entry.previous_hash = _locked_head_hash()
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


# --- verification ----------------------------------------------------------------------------

VERIFIED_ACTION = "audit.log.verified"
_VERIFIED_LABEL = re.compile(
    r"verified up to (\d+); hash ([0-9a-f]{64}); entries (\d+); mac ([0-9a-f]{64})"
)
_MAC_SALT = "samen.audit.verified-checkpoint"
_BATCH = 20_000


def _mac(checkpoint: Checkpoint, secret: str | bytes | None = None) -> str:
    message = f"{checkpoint.last_id}|{checkpoint.last_hash}|{checkpoint.count}"
    return salted_hmac(_MAC_SALT, message, secret=secret, algorithm="sha256").hexdigest()


def verified_label(checkpoint: Checkpoint) -> str:
    """The label of an ``audit.log.verified`` entry: the last entry verified (id, hash, entries
    since the genesis) and a MAC over them with a key derived from the secret key, which the
    database does not hold: someone who can rewrite the audit table cannot write a checkpoint
    that verification would start from."""
    return (
        f"verified up to {checkpoint.last_id}; hash {checkpoint.last_hash}; "
        f"entries {checkpoint.count}; mac {_mac(checkpoint)}"
    )


def _authentic(checkpoint: Checkpoint, mac: str) -> bool:
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return any(constant_time_compare(_mac(checkpoint, secret), mac) for secret in secrets)


@dataclass(frozen=True)
class VerifiedCheckpoint:
    """The newest authentic ``audit.log.verified`` checkpoint, and how many newer ones did not
    authenticate (a changed secret key, or a forgery) and were passed over."""

    checkpoint: Checkpoint | None
    passed_over: int = 0


def latest_verified() -> VerifiedCheckpoint:
    labels = (
        AuditEntry.objects.filter(action=VERIFIED_ACTION)
        .order_by("-id")
        .values_list("object_label", flat=True)
    )
    passed_over = 0
    for label in labels.iterator(chunk_size=100):
        found = _VERIFIED_LABEL.fullmatch(label)
        if found is not None:
            checkpoint = Checkpoint(int(found[1]), found[2], int(found[3]))
            if _authentic(checkpoint, found[4]):
                return VerifiedCheckpoint(checkpoint, passed_over)
        passed_over += 1
    return VerifiedCheckpoint(None, passed_over)


def record_verified(report: ChainReport) -> AuditEntry | None:
    """Append the checkpoint of an intact verification (``audit.log.verified``), from which the
    next incremental verification starts."""
    head = report.head
    if not report.intact or head is None or head.id is None:
        return None
    checkpoint = Checkpoint(head.id, head.entry_hash, head.count)
    return record(
        Actor.system(),
        VERIFIED_ACTION,
        object_type="audit.auditentry",
        object_id=str(head.id),
        object_label=verified_label(checkpoint),
    )


def _timestamp_text(value: Any) -> str:
    """The ISO text the hash covers (``isoformat(timespec="microseconds")`` of the UTC time),
    from the timestamp as the database writes it as text: ``2026-05-01 06:00:00.123456`` (how
    Django keeps it in SQLite) or ``2026-05-01 06:00:00.1234+00`` (PostgreSQL in UTC, which
    drops trailing zeros). Rewriting the text costs less than making a datetime of it."""
    if len(value) == 26 and value[10] == " " and value[19] == "." and value[20:].isdigit():
        return f"{value[:10]}T{value[11:]}+00:00"
    if len(value) == 29 and value[10] == " " and value[19] == "." and value[26:] == "+00":
        return f"{value[:10]}T{value[11:26]}+00:00"
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


# SQLite keeps Django's UTC text, "2026-05-01 06:00:00.123456" (no fraction when it is zero):
# the ISO text the hash covers is written by SQLite itself, the fastest way; any other shape
# is passed on as stored, and converted in Python when its hash does not match.
_SQLITE_ISO = (
    "CASE length({ts}) "
    "WHEN 26 THEN substr({ts}, 1, 10) || 'T' || substr({ts}, 12) || '+00:00' "
    "WHEN 19 THEN substr({ts}, 1, 10) || 'T' || substr({ts}, 12) || '.000000+00:00' "
    "ELSE {ts} END"
)


def _batches(after_id: int, up_to: int | None = None) -> Iterator[list[tuple[Any, ...]]]:
    """The entries after ``after_id`` (up to ``up_to``) in id order, in batches read by id (an
    index range each), the timestamp as text."""
    columns = [connection.ops.quote_name(name) for name in ROW_FIELDS]
    if connection.vendor == "sqlite":
        columns[1] = _SQLITE_ISO.format(ts=f"CAST({columns[1]} AS TEXT)")
    else:
        columns[1] = f"CAST({columns[1]} AS TEXT)"
    sql = (
        f"SELECT {', '.join(columns)} FROM audit_auditentry "  # noqa: S608 (fixed names)
        "WHERE id > %s AND id <= %s ORDER BY id LIMIT %s"
    )
    last = up_to if up_to is not None else 2**62
    while True:
        with connection.cursor() as cursor:
            cursor.execute(sql, [after_id, last, _BATCH])
            batch = cursor.fetchall()
        yield batch
        if len(batch) < _BATCH:
            return
        after_id = batch[-1][0]


def _read_ahead(batches: Iterator[list[tuple[Any, ...]]]) -> Iterator[list[tuple[Any, ...]]]:
    """PostgreSQL: the batches read by a second thread (its own connection) while this one
    hashes, so that the database server and the hashing work at the same time. SQLite reads in
    this process, where a second thread would only contend for the interpreter; and inside a
    transaction (tests) another connection would not see its rows: read here then."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield from batches
        return
    ready: queue.Queue[Any] = queue.Queue(maxsize=2)
    stop = threading.Event()

    def read() -> None:
        try:
            for batch in batches:
                if stop.is_set():
                    return
                ready.put(batch)
            ready.put(None)
        except BaseException as exc:  # handed to the reading side
            ready.put(exc)
        finally:
            connections.close_all()

    reader = threading.Thread(target=read, name="audit-verify-reader", daemon=True)
    reader.start()
    try:
        while (batch := ready.get()) is not None:
            if isinstance(batch, BaseException):
                raise batch
            yield batch
    finally:
        stop.set()
        while reader.is_alive():
            try:
                ready.get_nowait()
            except queue.Empty:
                reader.join(timeout=0.1)


def _rows(after_id: int, up_to: int | None = None, ahead: bool = True) -> Iterator[Sequence[Any]]:
    """Every entry after ``after_id`` (up to ``up_to``) in id order, as rows in
    ``ROW_FIELDS`` order with the timestamp as the ISO text the hash covers (constant
    memory)."""
    if connection.vendor == "sqlite":
        for batch in _batches(after_id, up_to):
            yield from batch
        return
    batches = _batches(after_id, up_to)
    for batch in _read_ahead(batches) if ahead else batches:
        for row in batch:
            yield (row[0], _timestamp_text(row[1]), *row[2:])


def _normalised(row: Sequence[Any]) -> Sequence[Any]:
    return (row[0], _timestamp_text(row[1]), *row[2:])


# A walk of more entries than this is shared out in spans of ``_SPAN`` ids over worker
# processes, one per processor: hashing is work for the processor, and each process reads its
# own spans. Fewer entries are walked in this process (starting workers costs more).
_PARALLEL_FROM = 200_000
_SPAN = 100_000


@dataclass(frozen=True)
class _Span:
    """What a worker found in one span of ids: its first row's id and ``previous_hash`` (the
    link to the span before, checked by the caller), the walk of the span from there, and the
    anchored entry's place and hash when it lies in the span."""

    first_id: int | None
    first_previous: str
    report: ChainReport
    anchor_at: tuple[int, str] | None = None


# Where a row of ``ROW_FIELDS`` holds the link to the entry before it and its own hash.
ROW_PREVIOUS, ROW_HASH = ROW_FIELDS.index("previous_hash"), ROW_FIELDS.index("entry_hash")


def _verify_span(after_id: int, up_to: int, anchor_id: int | None) -> _Span:
    rows = _rows(after_id, up_to, ahead=False)
    first = next(rows, None)
    if first is None:
        return _Span(None, "", ChainReport(0))
    anchor_at: list[tuple[int, str]] = []

    def walked() -> Iterator[Sequence[Any]]:
        for number, row in enumerate(itertools.chain([first], rows), start=1):
            if row[0] == anchor_id:
                anchor_at.append((number, row[ROW_HASH]))
            yield row

    start = Checkpoint(after_id, first[ROW_PREVIOUS], 0)
    report = verify_rows(walked(), None, start, normalise=_normalised)
    return _Span(first[0], first[ROW_PREVIOUS], report, anchor_at[0] if anchor_at else None)


def _workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _walk(
    after: int,
    start: Checkpoint | None,
    anchor: Anchor | None,
    progress: Callable[[int], None] | None,
    progress_every: int,
) -> ChainReport:
    """``verify_rows`` over every entry after ``after``: in this process, or for a long walk
    outside a transaction in spans over worker processes, the result combined as one walk."""
    top = AuditEntry.objects.aggregate(top=Max("id"))["top"] or 0
    workers = _workers()
    if workers < 2 or connection.in_atomic_block or top - after < _PARALLEL_FROM:
        return verify_rows(_rows(after), anchor, start, progress, progress_every, _normalised)
    pinned_before = anchor is not None and anchor.id is not None and start is not None
    if pinned_before and anchor.id <= start.last_id:  # type: ignore[union-attr, operator]
        # An anchor on a pruned entry: the walk in this process says so, as it does.
        return verify_rows(_rows(after), anchor, start, progress, progress_every, _normalised)
    bounds = [*range(after, top, _SPAN), top]
    anchor_id = anchor.id if anchor is not None else None
    expected = start.last_hash if start is not None else GENESIS_HASH
    before = start.count if start is not None else 0
    checked = 0
    head: Anchor | None = None
    anchor_seen = anchor_id is None
    connections.close_all()  # each worker opens its own
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = [
            pool.submit(_verify_span, low, high, anchor_id)
            for low, high in itertools.pairwise(bounds)
        ]
        for future in futures:
            span = future.result()
            if span.first_id is None:
                continue
            problem: ChainReport | None = None
            if span.first_previous != expected:
                problem = ChainReport(
                    checked,
                    span.first_id,
                    "does not follow the entry before it (an entry was removed or inserted)",
                )
            elif not span.report.intact:
                problem = replace(span.report, checked=checked + span.report.checked)
            elif span.anchor_at is not None:
                assert anchor is not None
                number, entry_hash = span.anchor_at
                if entry_hash != anchor.entry_hash:
                    problem = ChainReport(
                        checked + number - 1,
                        anchor_id,
                        "does not have the anchored hash (the chain was rewritten up to it)",
                    )
                elif before + checked + number != anchor.count:
                    problem = ChainReport(
                        checked + number - 1,
                        anchor_id,
                        f"is entry number {before + checked + number} of the chain, the anchor "
                        f"says {anchor.count} (entries before it were removed or inserted and "
                        "the chain rebuilt)",
                    )
                anchor_seen = True
            if problem is not None:
                for waiting in futures:
                    waiting.cancel()
                return problem
            checked += span.report.checked
            assert span.report.head is not None
            head = span.report.head
            expected = head.entry_hash
            if progress is not None:
                progress(checked)
    if (
        not anchor_seen
        and head is not None
        and anchor_id is not None
        and anchor_id <= (head.id or 0)
    ):
        return ChainReport(
            checked,
            None,
            f"the anchored entry {anchor_id} is missing (the log was truncated or rebuilt)",
            replace(head, count=before + checked),
        )
    # Entries appended while the workers walked: here, after the last one they saw.
    last = Checkpoint(head.id or after, expected, before + checked) if head else start
    tail = verify_rows(
        _rows(top), anchor if not anchor_seen else None, last, None, progress_every, _normalised
    )
    if tail.checked == 0 and head is not None:  # the head the workers saw, with its time
        tail = replace(tail, head=replace(head, count=before + checked))
    return replace(tail, checked=checked + tail.checked)


def _entries_up_to(entry_id: int, pruned: Checkpoint | None) -> int:
    """Entries since the genesis up to and including ``entry_id``, pruned ones included."""
    kept = AuditEntry.objects.filter(id__lte=entry_id)
    if pruned is not None:
        kept = kept.filter(id__gt=pruned.last_id)
    return kept.count() + (pruned.count if pruned is not None else 0)


def _check_entry(
    entry_id: int, entry_hash: str, count: int, pruned: Checkpoint | None, what: str
) -> ChainReport | None:
    """A problem when the entry pinned by an anchor or a verification checkpoint is gone, has
    another hash, or is no longer entry number ``count`` of the chain; None when it holds.
    ``what`` is "anchored" or "last verified"."""
    stored = AuditEntry.objects.filter(pk=entry_id).first()
    if stored is None:
        return ChainReport(
            0, None, f"the {what} entry {entry_id} is missing (the log was truncated or rebuilt)"
        )
    if stored.entry_hash != entry_hash or stored.compute_hash() != entry_hash:
        return ChainReport(
            0,
            None,
            f"entry {entry_id} does not have the {what} hash (the chain was rewritten up to it)",
        )
    number = _entries_up_to(entry_id, pruned)
    if number != count:
        return ChainReport(
            0,
            None,
            f"entry {entry_id} is entry number {number} of the chain, the {what} entry was "
            f"number {count} (entries before it were removed or inserted)",
        )
    return None


def verify_chain(
    anchor: Anchor | None = None,
    *,
    incremental: bool = False,
    progress: Callable[[int], None] | None = None,
    progress_every: int = 100_000,
) -> ChainReport:
    """Walk the chain in id order; name the first entry that was altered, inserted or removed.

    With an anchor (``samen audit-anchor``), also check that the anchored entry is still there
    with its hash, which a rebuilt or truncated chain fails.

    ``incremental`` starts after the newest authentic ``audit.log.verified`` checkpoint instead
    of the beginning: that entry must still be there with the hash and the number it had (so a
    chain rewritten or shortened before it fails), and the entries after it are walked as
    usual. An entry before the checkpoint that was edited in place, its hash left as it was, is
    found only by a full walk (docs/audit.md). ``progress`` is called with the number of entries
    checked now and then.
    """
    pruned = latest_checkpoint()
    start = pruned
    since: int | None = None
    if incremental:
        verified = latest_verified().checkpoint
        if verified is not None and (pruned is None or verified.last_id > pruned.last_id):
            problem = _check_entry(
                verified.last_id, verified.last_hash, verified.count, pruned, "last verified"
            )
            if problem is not None:
                return problem
            start, since = verified, verified.last_id
    if anchor is not None and anchor.id is not None and since is not None and anchor.id <= since:
        # The anchored entry lies in the part verified before: check it where it stands.
        if pruned is None or anchor.id > pruned.last_id:
            problem = _check_entry(anchor.id, anchor.entry_hash, anchor.count, pruned, "anchored")
            if problem is not None:
                return problem
            anchor = None
        else:
            start = pruned  # let the walk report an anchor that was pruned
            since = None
    after = start.last_id if start is not None else 0
    report = _walk(after, start, anchor, progress, progress_every)
    return replace(report, since=since)


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
