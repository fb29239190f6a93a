"""The analyst's counts of a year read one range of an index that holds what they count, not
the table's rows. On SQLite: PostgreSQL's planner picks its index by the table's statistics,
which a test database of a few rows does not have the shape of (the benchmark at national size
shows its index-only scans, docs/benchmark-2026-12-05-second.md)."""

from __future__ import annotations

import pytest
from django.db import connection

from samen.casework.tests.plans import query_plan
from samen.reports.statistics import cases_by_phase, signals_by_status

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="the planner's choice at scale"),
]


@pytest.mark.parametrize(
    ("counts", "indexes"),
    [
        # Either serves the signals: by time received (chosen once the table is analysed) or
        # by status.
        (signals_by_status, ("signal_muni_received", "signal_muni_status")),
        (cases_by_phase, ("case_muni_opened",)),
    ],
)
def test_a_years_counts_read_one_range_of_an_index(
    counts: object, indexes: tuple[str, ...]
) -> None:
    plan = query_plan(counts(1, 2026))  # type: ignore[operator]
    assert any(index in plan for index in indexes), plan
    assert "COVERING INDEX" in plan, plan
