"""The audit log's hash chain, in plain Python: no Django, no database.

The database model (``AuditEntry``), the database check (``services.verify_chain``), the check of
an exported file and the check of a restored backup all use these functions, so there is one
definition of what an entry's hash covers. An independent checker needs only this file and
Python 3.11: ``python chain.py EXPORT.jsonl [--anchor ANCHOR.json]``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

GENESIS_HASH = "0" * 64

# The fields an entry's hash covers, ``previous_hash`` included; not ``id`` nor ``entry_hash``.
CHAINED_FIELDS = (
    "timestamp",
    "user_id",
    "user_label",
    "organisation_id",
    "organisation_label",
    "action",
    "object_type",
    "object_id",
    "object_label",
    "reason",
    "request_id",
    "outcome",
    "previous_hash",
)
# Chained only when set: the municipality an entry concerns (regions) came later, so entries
# written before it (and entries that concern no municipality) hash exactly as they always did.
OPTIONAL_CHAINED_FIELDS = ("municipality_id",)
# One exported entry: its id, the chained fields and its hash (and the optional fields when set).
RECORD_FIELDS = ("id", *CHAINED_FIELDS, "entry_hash")
# One entry as a row read from the database: the record's fields, then the optional ones.
ROW_FIELDS = (*RECORD_FIELDS, *OPTIONAL_CHAINED_FIELDS)
# The key of the last line of an export, which holds the count and the head.
TRAILER_KEY = "audit_export"


def canonical_bytes(fields: Mapping[str, Any]) -> bytes:
    """The bytes an entry's hash covers: the chained fields as JSON with sorted keys, UTF-8.

    ``fields["timestamp"]`` is the ISO 8601 text with microseconds (``isoformat(
    timespec="microseconds")`` of the UTC time). The definition is
    ``json.dumps({name: fields[name] for name in CHAINED_FIELDS}, sort_keys=True,
    ensure_ascii=False).encode()``; ``_canonical_text`` writes the same text three times faster
    for the usual types (text, whole numbers, None), which verifying millions of entries needs.
    """
    if any(fields.get(name) is not None for name in OPTIONAL_CHAINED_FIELDS):
        return _definition(fields)
    try:
        return _canonical_text(*(fields[name] for name in _SORTED_FIELDS)).encode()
    except TypeError:  # a value of another type: the definition itself
        return _definition(fields)


def _definition(fields: Mapping[str, Any]) -> bytes:
    data = {name: fields[name] for name in CHAINED_FIELDS}
    for name in OPTIONAL_CHAINED_FIELDS:
        if fields.get(name) is not None:
            data[name] = fields[name]
    return json.dumps(data, sort_keys=True, ensure_ascii=False).encode()


def hash_of(fields: Mapping[str, Any]) -> str:
    return hashlib.sha256(canonical_bytes(fields)).hexdigest()


_SORTED_FIELDS = tuple(sorted(CHAINED_FIELDS))
# The string encoder json.dumps(..., ensure_ascii=False) itself uses (its C version).
_json_text: Any = json.encoder.encode_basestring  # type: ignore[attr-defined]


def _json_id(value: Any) -> str:
    if value is None:
        return "null"
    if value.__class__ is int:
        return int.__repr__(value)
    raise TypeError("not a whole number or None")  # e.g. a bool, which JSON writes as true


def _canonical_text(
    action: str,
    object_id: str,
    object_label: str,
    object_type: str,
    organisation_id: int | None,
    organisation_label: str,
    outcome: str,
    previous_hash: str,
    reason: str,
    request_id: str,
    timestamp: str,
    user_id: int | None,
    user_label: str,
) -> str:
    """``json.dumps`` of the chained fields with sorted keys, written out (the arguments are
    in sorted order). Raises ``TypeError`` for a value that is not text, a whole number or
    None, for which the caller falls back to ``json.dumps``."""
    text = _json_text
    return (
        f'{{"action": {text(action)}, "object_id": {text(object_id)}, '
        f'"object_label": {text(object_label)}, "object_type": {text(object_type)}, '
        f'"organisation_id": {_json_id(organisation_id)}, '
        f'"organisation_label": {text(organisation_label)}, "outcome": {text(outcome)}, '
        f'"previous_hash": {text(previous_hash)}, "reason": {text(reason)}, '
        f'"request_id": {text(request_id)}, "timestamp": {text(timestamp)}, '
        f'"user_id": {_json_id(user_id)}, "user_label": {text(user_label)}}}'
    )


def row_hash(row: Sequence[Any]) -> str:
    """The hash of an entry given as a row in ``ROW_FIELDS`` order (id first, then the
    chained fields and the hash, then the optional fields; a row of ``RECORD_FIELDS`` only has
    none of them set)."""
    if len(row) > len(RECORD_FIELDS):
        if any(value is not None for value in row[len(RECORD_FIELDS) :]):
            return hash_of(dict(zip(ROW_FIELDS, row, strict=True)))
        row = row[: len(RECORD_FIELDS)]
    (
        _id,
        timestamp,
        user_id,
        user_label,
        organisation_id,
        organisation_label,
        action,
        object_type,
        object_id,
        object_label,
        reason,
        request_id,
        outcome,
        previous_hash,
        _entry_hash,
    ) = row
    try:
        text = _canonical_text(
            action,
            object_id,
            object_label,
            object_type,
            organisation_id,
            organisation_label,
            outcome,
            previous_hash,
            reason,
            request_id,
            timestamp,
            user_id,
            user_label,
        )
    except TypeError:
        return hash_of(dict(zip(RECORD_FIELDS, row, strict=True)))
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True)
class Anchor:
    """The head of the chain at one moment, kept outside the database."""

    id: int | None
    entry_hash: str
    timestamp: str | None
    count: int

    @classmethod
    def load(cls, path: str | Path) -> Anchor:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return cls(data["id"], data["entry_hash"], data["timestamp"], int(data["count"]))

    def as_json(self) -> str:
        return json.dumps(
            {
                "id": self.id,
                "entry_hash": self.entry_hash,
                "timestamp": self.timestamp,
                "count": self.count,
            },
            indent=2,
        )


@dataclass(frozen=True)
class ChainReport:
    checked: int
    first_broken_id: int | None = None
    problem: str = ""
    head: Anchor | None = None
    # Set when the walk started after an entry verified before (incremental verification).
    since: int | None = None

    @property
    def intact(self) -> bool:
        return not self.problem

    def describe(self) -> str:
        if self.intact and self.since is not None:
            total = self.head.count if self.head is not None else self.checked
            return (
                f"audit chain intact: {self.checked} entries verified after entry {self.since}, "
                f"which was verified before ({total} entries in all)"
            )
        if self.intact:
            return f"audit chain intact: {self.checked} entries verified"
        if self.first_broken_id is None:
            return f"audit chain broken: {self.problem}"
        return (
            f"audit chain broken at entry {self.first_broken_id}: it {self.problem} "
            f"({self.checked} entries before it are intact)"
        )


PRUNED_ACTION = "audit.log.pruned"


@dataclass(frozen=True)
class Checkpoint:
    """Where the chain starts after old entries were pruned: the last pruned entry's id and
    hash, and how many entries the chain held up to it. Written as a chain entry itself."""

    last_id: int
    last_hash: str
    count: int

    def label(self) -> str:
        return f"pruned up to {self.last_id}; hash {self.last_hash}; entries {self.count}"

    @classmethod
    def parse(cls, label: str) -> Checkpoint:
        found = re.fullmatch(r"pruned up to (\d+); hash ([0-9a-f]{64}); entries (\d+)", label)
        if found is None:
            raise ValueError(f"not a pruning checkpoint: {label!r}")
        return cls(int(found[1]), found[2], int(found[3]))


def verify_records(
    records: Iterable[Mapping[str, Any]],
    anchor: Anchor | None = None,
    start: Checkpoint | None = None,
) -> ChainReport:
    """Walk entries (``RECORD_FIELDS`` each) in id order; name the first broken one.

    With an anchor, also require that the anchored entry is still in the chain with the
    anchored hash and the anchored number of entries up to it: a chain rebuilt after
    tampering (every hash recomputed) or cut off before the anchor fails.
    """
    rows = (
        (
            *(record[name] for name in RECORD_FIELDS),
            *(record.get(name) for name in OPTIONAL_CHAINED_FIELDS),
        )
        for record in records
    )
    return verify_rows(rows, anchor, start)


# Positions in a row of RECORD_FIELDS.
_ID, _TIMESTAMP, _PREVIOUS, _HASH = 0, 1, len(RECORD_FIELDS) - 2, len(RECORD_FIELDS) - 1


def verify_rows(
    rows: Iterable[Sequence[Any]],
    anchor: Anchor | None = None,
    start: Checkpoint | None = None,
    progress: Callable[[int], None] | None = None,
    progress_every: int = 100_000,
    normalise: Callable[[Sequence[Any]], Sequence[Any]] | None = None,
) -> ChainReport:
    """``verify_records`` for rows in ``RECORD_FIELDS`` order (the timestamp as its ISO text),
    as the database check reads them. ``start`` is where the rows continue the chain (a
    pruning checkpoint, or the last entry verified before); ``progress`` is called with the
    number of entries checked every ``progress_every`` entries. A row whose hash does not
    match is given to ``normalise`` (when the reader took a fast path that may not cover every
    way a value can be stored) and checked once more before it counts as altered."""
    expected_previous = start.last_hash if start is not None else GENESIS_HASH
    # Entries since the genesis, pruned ones included: anchors count from the genesis.
    before = start.count if start is not None else 0
    checked = 0
    last: Sequence[Any] | None = None
    anchor_id = anchor.id if anchor is not None else None
    anchor_seen = anchor_id is None
    if anchor is not None and anchor_id is not None and start is not None:
        if anchor_id < start.last_id or (
            anchor_id == start.last_id
            and (anchor.entry_hash, anchor.count) != (start.last_hash, start.count)
        ):
            return ChainReport(
                0,
                None,
                f"the anchored entry {anchor_id} was pruned with the old entries; write a new "
                "anchor after pruning",
            )
        anchor_seen = anchor_seen or anchor_id == start.last_id
    next_progress = progress_every
    for row in rows:
        if row[_PREVIOUS] != expected_previous:
            return ChainReport(
                checked,
                row[_ID],
                "does not follow the entry before it (an entry was removed or inserted)",
            )
        if row_hash(row) != row[_HASH] and (
            normalise is None or row_hash(normalise(row)) != row[_HASH]
        ):
            return ChainReport(checked, row[_ID], "was altered after it was written")
        checked += 1
        if row[_ID] == anchor_id:
            assert anchor is not None
            if row[_HASH] != anchor.entry_hash:
                return ChainReport(
                    checked - 1,
                    row[_ID],
                    "does not have the anchored hash (the chain was rewritten up to it)",
                )
            if before + checked != anchor.count:
                return ChainReport(
                    checked - 1,
                    row[_ID],
                    f"is entry number {before + checked} of the chain, the anchor says "
                    f"{anchor.count} "
                    "(entries before it were removed or inserted and the chain rebuilt)",
                )
            anchor_seen = True
        expected_previous = row[_HASH]
        last = row
        if progress is not None and checked >= next_progress:
            progress(checked)
            next_progress += progress_every
    head = (
        Anchor(last[_ID], last[_HASH], last[_TIMESTAMP], before + checked)
        if last is not None
        else (
            Anchor(start.last_id, start.last_hash, None, start.count)
            if start is not None
            else Anchor(None, GENESIS_HASH, None, 0)
        )
    )
    if not anchor_seen:
        assert anchor is not None
        return ChainReport(
            checked,
            None,
            f"the anchored entry {anchor_id} is missing (the log was truncated or rebuilt)",
            head,
        )
    return ChainReport(checked, head=head)


class ExportFormatError(ValueError):
    """The export file is not a complete audit export."""


def _export_records(lines: Iterable[str], trailer: dict[str, Any]) -> Iterable[dict[str, Any]]:
    for number, line in enumerate(lines, start=1):
        data = json.loads(line)
        if TRAILER_KEY in data:
            trailer.update(data[TRAILER_KEY])
            return
        if trailer:
            raise ExportFormatError(f"line {number}: entries after the final line")
        missing = [name for name in RECORD_FIELDS if name not in data]
        if missing:
            raise ExportFormatError(f"line {number}: missing {', '.join(missing)}")
        yield data


def verify_export(path: str | Path, anchor: Anchor | None = None) -> ChainReport:
    """Check an exported file (``samen audit-export``) without the database.

    Recomputes the chain from the file, line by line (constant memory), and compares the
    final line's count and head with what the file holds.
    """
    trailer: dict[str, Any] = {}
    start = None
    with open(path, encoding="utf-8") as lines:
        for record in _export_records(lines, {}):
            if record.get("action") == PRUNED_ACTION:
                start = Checkpoint.parse(record["object_label"])
    with open(path, encoding="utf-8") as lines:
        report = verify_records(_export_records(lines, trailer), anchor, start)
    if not report.intact:
        return report
    if not trailer:
        return ChainReport(
            report.checked, None, "the export has no final line (it was cut off)", report.head
        )
    head = report.head
    assert head is not None
    if trailer.get("count") != report.checked or trailer.get("head_hash") != head.entry_hash:
        return ChainReport(
            report.checked,
            None,
            f"the final line says {trailer.get('count')} entries ending in "
            f"{trailer.get('head_hash')}, the file holds {report.checked} ending in "
            f"{head.entry_hash}",
            head,
        )
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Check an exported samen audit log.")
    parser.add_argument("export", help="the JSON Lines file written by samen audit-export")
    parser.add_argument("--anchor", help="an anchor file written by samen audit-anchor")
    args = parser.parse_args(argv)
    anchor = Anchor.load(args.anchor) if args.anchor else None
    try:
        report = verify_export(args.export, anchor)
    except (ExportFormatError, ValueError, KeyError) as exc:
        print(f"not a valid audit export: {exc}", file=sys.stderr)
        return 2
    print(report.describe(), file=sys.stdout if report.intact else sys.stderr)
    return 0 if report.intact else 1


if __name__ == "__main__":
    sys.exit(main())
