"""Retention's "closed before" is a range of the closings (index ``phasechange_closed_at``,
migration casework 0030), not a scan of every phase change of every case: on PostgreSQL the
planner can serve the cases, attachments and persons due through the index."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection, transaction
from django.db.models import QuerySet

from samen.privacy import retention

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the plan of PostgreSQL"),
]


def _plan(query: QuerySet[object]) -> str:
    with transaction.atomic(), connection.cursor() as cursor:
        # On a test database of a few rows a scan is cheaper; forbid it, so that the plan
        # shows whether the index can serve the query at all.
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = query.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.parametrize(
    "due", [retention.cases_due, retention.attachments_due, retention.persons_due]
)
def test_what_is_due_after_its_closing_is_sought_in_the_index_of_closings(due: object) -> None:
    terms = retention.Terms.from_settings()
    query = due(date(2026, 12, 6), terms, 1)  # type: ignore[operator]
    assert "phasechange_closed_at" in _plan(query)
