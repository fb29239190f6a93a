"""On PostgreSQL a page of the signal lists in urgency order is read from the index
``signal_urgency`` (built on the same expressions as the order), not by sorting every signal of
the municipality; a later page starts its index range at the boundary."""

from __future__ import annotations

import pytest
from django.db import connection, transaction

from samen.casework.models import Signal
from samen.casework.queries.intake import URGENCY_ORDER, by_urgency

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite sorts (see the index)"),
]


def _plan(queryset: object) -> str:
    with transaction.atomic(), connection.cursor() as cursor:
        # A test database of a few rows would rather sort them; forbid that, so that the plan
        # shows whether the index can give the order at all.
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = queryset.query.sql_with_params()  # type: ignore[attr-defined]
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_a_page_in_urgency_order_is_read_from_the_index() -> None:
    signals = Signal.objects.filter(municipality_id__in=[1])
    first = by_urgency(signals)[:26]
    plan = _plan(first)
    assert "signal_urgency" in plan and "Sort" not in plan, plan
    boundary = (1, "1970-01-01T00:00:00+00:00", "2026-01-01T00:00:00+00:00", 10)
    later = by_urgency(signals).filter(URGENCY_ORDER.beyond(boundary))[:26]
    plan = _plan(later)
    assert "signal_urgency" in plan and "Sort" not in plan, plan
