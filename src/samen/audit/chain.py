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
from collections.abc import Iterable, Mapping
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
# One exported entry: its id, the chained fields and its hash.
RECORD_FIELDS = ("id", *CHAINED_FIELDS, "entry_hash")
# The key of the last line of an export, which holds the count and the head.
TRAILER_KEY = "audit_export"


def canonical_bytes(fields: Mapping[str, Any]) -> bytes:
    """The bytes an entry's hash covers: the chained fields as JSON with sorted keys, UTF-8.

    ``fields["timestamp"]`` is the ISO 8601 text with microseconds (``isoformat(
    timespec="microseconds")`` of the UTC time).
    """
    data = {name: fields[name] for name in CHAINED_FIELDS}
    for name in OPTIONAL_CHAINED_FIELDS:
        if fields.get(name) is not None:
            data[name] = fields[name]
    return json.dumps(data, sort_keys=True, ensure_ascii=False).encode()


def hash_of(fields: Mapping[str, Any]) -> str:
    return hashlib.sha256(canonical_bytes(fields)).hexdigest()


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

    @property
    def intact(self) -> bool:
        return not self.problem

    def describe(self) -> str:
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
    expected_previous = start.last_hash if start is not None else GENESIS_HASH
    # Entries since the genesis, pruned ones included: anchors count from the genesis.
    pruned = start.count if start is not None else 0
    checked = 0
    last: Mapping[str, Any] | None = None
    anchor_seen = anchor is None or anchor.id is None
    if anchor is not None and anchor.id is not None and start is not None:
        if anchor.id < start.last_id or (
            anchor.id == start.last_id
            and (anchor.entry_hash, anchor.count) != (start.last_hash, start.count)
        ):
            return ChainReport(
                0,
                None,
                f"the anchored entry {anchor.id} was pruned with the old entries; write a new "
                "anchor after pruning",
            )
        anchor_seen = anchor_seen or anchor.id == start.last_id
    for record in records:
        if record["previous_hash"] != expected_previous:
            return ChainReport(
                checked,
                record["id"],
                "does not follow the entry before it (an entry was removed or inserted)",
            )
        if hash_of(record) != record["entry_hash"]:
            return ChainReport(checked, record["id"], "was altered after it was written")
        checked += 1
        if anchor is not None and anchor.id is not None and record["id"] == anchor.id:
            if record["entry_hash"] != anchor.entry_hash:
                return ChainReport(
                    checked - 1,
                    record["id"],
                    "does not have the anchored hash (the chain was rewritten up to it)",
                )
            if pruned + checked != anchor.count:
                return ChainReport(
                    checked - 1,
                    record["id"],
                    f"is entry number {pruned + checked} of the chain, the anchor says "
                    f"{anchor.count} "
                    "(entries before it were removed or inserted and the chain rebuilt)",
                )
            anchor_seen = True
        expected_previous = record["entry_hash"]
        last = record
    head = (
        Anchor(last["id"], last["entry_hash"], last["timestamp"], pruned + checked)
        if last is not None
        else Anchor(None, GENESIS_HASH, None, 0)
    )
    if not anchor_seen:
        assert anchor is not None
        return ChainReport(
            checked,
            None,
            f"the anchored entry {anchor.id} is missing (the log was truncated or rebuilt)",
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
