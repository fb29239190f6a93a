"""The data sets the benchmark measures, smallest first (growth is reported from one to the next).

``city`` is one municipality as the seeds describe a big one; ``city10`` the same municipality
with ten times its data (as large as the largest municipality of the national set, without the
other 49); ``national`` 50 municipalities of falling size. ``tiny`` is for the test that keeps the
harness from rotting. Every size has the knowledge hub's 10,000 documents (``tiny`` 30) and one
person with years of history (2,500 entries about them in the audit log), so the subject access
pages measure the same person's history at every size.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Size:
    name: str
    municipalities: int
    signals: int
    cases: int
    meetings: int
    audit_entries: int
    documents: int
    history_entries: int
    # The prevention programme of the measured municipality (operations/bench/programme.py):
    # 1 is a big city's programme over three years.
    programme_scale: float = 1.0

    def generate_options(self) -> dict[str, int]:
        """The options of ``samen generate``."""
        return {
            "municipalities": self.municipalities,
            "signals": self.signals,
            "cases": self.cases,
            "meetings": self.meetings,
            "audit_entries": self.audit_entries,
        }


SIZES: dict[str, Size] = {
    size.name: size
    for size in (
        Size("tiny", 1, 60, 15, 4, 500, 30, 50, 0.1),
        Size("city", 1, 2_000, 400, 30, 50_000, 10_000, 2_500),
        Size("city10", 1, 20_000, 4_000, 300, 500_000, 10_000, 2_500, 10),
        Size("national", 50, 100_000, 20_000, 1_500, 2_000_000, 10_000, 2_500, 10),
    )
}
DEFAULT_SIZES = ("city", "city10", "national")
