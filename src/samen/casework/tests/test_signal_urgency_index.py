"""A page of the signal lists in urgency order is read from the index ``signal_urgency`` (built
on the same expressions as the order), not by sorting every signal of the municipality; a later
page starts its index range at the boundary. On both databases: SQLite matches the index only
when the query writes the index's literals (``core.expressions.LiteralsOnSQLite``)."""

from __future__ import annotations

import pytest

from samen.casework.models import Signal
from samen.casework.queries.intake import URGENCY_ORDER, by_urgency
from samen.casework.tests.plans import query_plan, sorts

pytestmark = pytest.mark.django_db


def test_a_page_in_urgency_order_is_read_from_the_index() -> None:
    signals = Signal.objects.filter(municipality_id__in=[1])
    first = by_urgency(signals)[:26]
    plan = query_plan(first)
    assert "signal_urgency" in plan and not sorts(plan), plan
    boundary = (1, "1970-01-01T00:00:00+00:00", "2026-01-01T00:00:00+00:00", 10)
    later = by_urgency(signals).filter(URGENCY_ORDER.beyond(boundary))[:26]
    plan = query_plan(later)
    assert "signal_urgency" in plan and not sorts(plan), plan


def test_the_order_is_the_same_with_literals() -> None:
    """The literals on SQLite change how the query is written, not what it finds."""
    from django.utils import timezone

    from samen.casework.tests.factories import build_world

    world = build_world()
    now = timezone.now()
    statuses = ["new", "weighed", "more_info", "admitted", "new"]
    made = [
        Signal.objects.create(
            reference=f"U-{i}",
            municipality=world.municipality,
            channel=Signal.Channel.PHONE,
            received_at=now - timezone.timedelta(days=i),
            observation="x",
            status=status,
            receipt_code_hash=f"urgency-{i}",
        )
        for i, status in enumerate(statuses)
    ]
    order = list(
        by_urgency(Signal.objects.filter(pk__in=[s.pk for s in made])).values_list(
            "reference", flat=True
        )
    )
    # Waiting first, the longest waiting on top; then the others, newest first.
    assert order == ["U-4", "U-2", "U-0", "U-1", "U-3"]
