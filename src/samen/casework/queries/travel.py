"""What the case page reads of the travel status, for a case the policy getter returned."""

from __future__ import annotations

from samen.casework.models import Case, TravelStatus


def travel_of(case: Case, limit: int = 50) -> list[TravelStatus]:
    """The travel history of the case's person, newest first (one query)."""
    return list(TravelStatus.objects.filter(case=case).select_related("recorded_by")[:limit])
