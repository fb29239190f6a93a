"""The audit log filtered on "denied" reads the partial index of denied entries, newest first,
whatever the table's statistics (SQLite once read 2M entries backwards for it)."""

from __future__ import annotations

import pytest
from django.db import connection

from samen.casework.tests.plans import query_plan, sorts
from samen.privacy.audit_filters import AuditEntryFilter

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="the planner's choice at scale"),
]


def test_denied_entries_are_read_from_their_own_index() -> None:
    from samen.audit.models import AuditEntry

    entries = AuditEntryFilter({"outcome": "denied"}, queryset=AuditEntry.objects.all()).qs
    plan = query_plan(entries.order_by("-id")[:51])
    assert "audit_denied_id" in plan and not sorts(plan), plan
