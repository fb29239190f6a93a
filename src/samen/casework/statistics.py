"""Anonymised counts for analysts: computed in SQL, small numbers suppressed."""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.utils import timezone

from samen.casework.lifecycle import Phase
from samen.casework.models import Case, Signal

# Counts below this are shown as "fewer than" so that no person can be recognised.
SUPPRESSION_THRESHOLD = 5


def suppress(count: int) -> int | None:
    return count if count >= SUPPRESSION_THRESHOLD else None


def suppressed_statistics(municipality_id: int | None) -> dict[str, Any]:
    """Counts for one municipality: signals received this year and cases, by status."""
    year = timezone.localdate().year
    signals = (
        Signal.objects.filter(municipality_id=municipality_id, received_at__year=year)
        .values("status")
        .annotate(n=Count("id"))
    )
    cases = (
        Case.objects.filter(municipality_id=municipality_id).values("phase").annotate(n=Count("id"))
    )
    signal_counts = {row["status"]: row["n"] for row in signals}
    case_counts = {row["phase"]: row["n"] for row in cases}
    return {
        "year": year,
        "threshold": SUPPRESSION_THRESHOLD,
        "signals": [
            (label, suppress(signal_counts.get(value, 0))) for value, label in Signal.Status.choices
        ],
        "cases": [(label, suppress(case_counts.get(value, 0))) for value, label in Phase.choices],
    }
