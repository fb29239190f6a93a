"""The data protection officer's start page counts the refused attempts of the last week
(``home.views._roles``). A week holds tens of thousands of entries at national size and a few
refusals: the count is read from the partial index of denied entries by time (migration audit
0011), on both databases, not from every entry of the week."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import Q
from django.utils import timezone

from samen.audit.actor import Actor
from samen.audit.models import AuditEntry
from samen.audit.services import record
from samen.casework.tests.plans import query_plan

pytestmark = pytest.mark.django_db


def test_the_refusals_of_a_week_are_counted_from_the_index_of_refusals() -> None:
    for n in range(300):
        record(Actor.system(), "casework.case.view", object_label=f"C-{n}")
    record(Actor.system(), "casework.case.view", outcome=AuditEntry.Outcome.DENIED)
    # The statistics a real log has (``samen generate`` analyses, PostgreSQL's autovacuum).
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE audit_auditentry")
    # As the start page asks it: the entries of the officer's municipalities and the
    # installation's own (``policy.audit_entries_visible_to``).
    week = AuditEntry.objects.filter(
        Q(municipality_id__in=[1]) | Q(municipality_id__isnull=True),
        outcome=AuditEntry.Outcome.DENIED,
        timestamp__gte=timezone.now() - timedelta(days=7),
    )
    assert week.count() == 1
    plan = query_plan(week.order_by())  # counted: in no order
    assert "audit_denied_" in plan, plan  # one of the two indexes of denied entries only
