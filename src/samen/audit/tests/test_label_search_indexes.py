"""On PostgreSQL the audit log's "contains" filters on the object and organisation labels are
served by trigram indexes (migration audit 0007): the index exists, and its expression is the
one Django's ``icontains`` compares, so the planner can use it."""

from __future__ import annotations

import pytest
from django.db import connection, transaction

from samen.audit.models import AuditEntry

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm is PostgreSQL's"),
]


@pytest.mark.parametrize(
    ("field", "index"),
    [
        ("object_label", "audit_object_label_trgm"),
        ("organisation_label", "audit_organisation_label_trgm"),
    ],
)
def test_contains_on_a_label_can_use_its_trigram_index(field: str, index: str) -> None:
    query = AuditEntry.objects.filter(**{f"{field}__icontains": "RIV-2026-0012"}).order_by("-id")
    with transaction.atomic(), connection.cursor() as cursor:
        # On a test database of a few rows a scan is cheaper; forbid it, so that the plan
        # shows whether the index can serve the query at all.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        sql, params = query.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert index in plan, plan
