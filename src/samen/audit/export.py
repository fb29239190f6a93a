"""Export of the audit log as JSON Lines, for a check outside samen (``chain.verify_export``)."""

from __future__ import annotations

import json
from typing import TextIO

from samen.audit.chain import GENESIS_HASH, TRAILER_KEY, Anchor
from samen.audit.models import AuditEntry


def export_log(stream: TextIO) -> Anchor:
    """Write every entry in id order, one JSON object a line, then a final line with the
    count and the head. Streams from the database (constant memory); returns the head."""
    count = 0
    head = Anchor(None, GENESIS_HASH, None, 0)
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=2000):
        data = entry.as_record()
        stream.write(json.dumps(data, ensure_ascii=False) + "\n")
        count += 1
        head = Anchor(entry.pk, entry.entry_hash, data["timestamp"], count)
    trailer = {"count": count, "head_id": head.id, "head_hash": head.entry_hash}
    stream.write(json.dumps({TRAILER_KEY: trailer}) + "\n")
    return head
