"""Which databases the benchmark may fill and serve with its extra headers: only its own."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path


def is_bench_database(database: Mapping[str, object]) -> bool:
    """A SQLite file under a folder named ``bench``, or a PostgreSQL database whose name starts
    with ``bench``."""
    name = str(database.get("NAME") or "")
    if str(database.get("ENGINE", "")).endswith("sqlite3"):
        return "bench" in Path(name).parts[:-1]
    return name.startswith("bench")
