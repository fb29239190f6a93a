"""The signals that retention removes are read from one index that holds everything the rule
tests and the preview lists (``signal_muni_weighed_due``, migration casework 0032), not from the
signals' rows past their encrypted texts. On SQLite, which has no INCLUDE columns: PostgreSQL's
planner picks its plan by statistics that a test database of a few rows does not have (the
benchmark at national size, docs/benchmark-2026-12-06-third.md)."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection

from samen.casework.tests.plans import query_plan
from samen.privacy import retention

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="the planner's choice at scale"),
]


def test_the_signals_due_and_their_references_come_from_the_index_alone() -> None:
    terms = retention.Terms.from_settings()
    kind = retention.KIND_BY_SLUG["signals"]
    plan = query_plan(kind.rows(date(2026, 12, 6), terms, 1))
    assert "COVERING INDEX signal_muni_weighed_due" in plan, plan
