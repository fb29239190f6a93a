"""What the case page reads of the decisions on informing the person, and which
postponements have passed."""

from __future__ import annotations

from datetime import date

from django.db.models import OuterRef, QuerySet, Subquery

from samen.casework.models import Case, InformingDecision


def informing_of(case: Case, limit: int = 20) -> list[InformingDecision]:
    """The case's decisions on informing, newest first (one query)."""
    return list(InformingDecision.objects.filter(case=case).select_related("recorded_by")[:limit])


def postponements_passed(today: date) -> QuerySet[Case]:
    """Open cases whose newest decision on informing is a postponement that has passed."""
    newest = InformingDecision.objects.filter(case=OuterRef("pk")).order_by("-recorded_at", "-pk")
    return (
        Case.objects.open()
        .annotate(
            informing_decision=Subquery(newest.values("decision")[:1]),
            informing_until=Subquery(newest.values("until")[:1]),
        )
        .filter(informing_decision=InformingDecision.Decision.POSTPONED, informing_until__lt=today)
    )
