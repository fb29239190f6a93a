"""What the case page reads of the warm hand-over at closure."""

from __future__ import annotations

from samen.casework.models import Case, HandOver


def hand_overs_of(case: Case) -> list[HandOver]:
    """Who takes over what, by date (one query)."""
    return list(HandOver.objects.filter(case=case).select_related("organisation", "recorded_by"))
