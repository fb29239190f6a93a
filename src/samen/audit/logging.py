"""Structured logs: one JSON object per line, without request bodies or personal data."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", ""),
        }
        if record.exc_info and record.exc_info[0] is not None:
            # The exception type and where it happened; never the message, which may quote data.
            entry["exception"] = record.exc_info[0].__name__
            entry["stack"] = self.formatStack(record.stack_info) if record.stack_info else ""
            entry["traceback"] = _frames(record)
        return json.dumps(entry, ensure_ascii=False)


def _frames(record: logging.LogRecord) -> list[str]:
    tb = record.exc_info[2] if record.exc_info else None
    frames = []
    while tb is not None:
        code = tb.tb_frame.f_code
        frames.append(f"{code.co_filename}:{tb.tb_lineno} in {code.co_name}")
        tb = tb.tb_next
    return frames
