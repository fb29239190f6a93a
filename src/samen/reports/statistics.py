"""Anonymised counts for analysts: computed in SQL, small numbers suppressed.

Signals and cases removed by retention live on as anonymous counts in
``samen.reports.models.RetainedStatistic``; every count here adds them, so reporting over past
years does not change when personal data is removed.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils import timezone

from samen.casework.lifecycle import Phase
from samen.casework.models import Case, ExpertOrder, Signal, TravelState, TravelStatus
from samen.reports.disclosure import THRESHOLD, Breakdown, Cell, breakdown, total_cell
from samen.reports.models import RetainedStatistic

# Counts below this are shown as "< 5" so that no person can be recognised.
SUPPRESSION_THRESHOLD = THRESHOLD


def _retained(municipality_id: int | None, kind: str, group: str, **filters: Any) -> dict[Any, int]:
    rows = (
        RetainedStatistic.objects.filter(municipality_id=municipality_id, kind=kind, **filters)
        .values(group)
        .annotate(n=Sum("count"))
    )
    return {row[group]: row["n"] for row in rows}


def _add(counts: dict[Any, int], more: dict[Any, int]) -> dict[Any, int]:
    return {key: counts.get(key, 0) + more.get(key, 0) for key in counts.keys() | more.keys()}


def _labelled(b: Breakdown, choices: list[tuple[str, Any]]) -> list[tuple[Any, Cell]]:
    return [(label, b.cells[value]) for value, label in choices]


def signals_by_status(municipality_id: int | None, year: int) -> QuerySet[Any, Any]:
    """The municipality's signals received in the year, counted by status: one range of the
    index ``signal_muni_received``, read from the index alone."""
    return (
        Signal.objects.filter(municipality_id=municipality_id, received_at__year=year)
        .values("status")
        .annotate(n=Count("id"))
    )


def cases_by_phase(municipality_id: int | None, year: int) -> QuerySet[Any, Any]:
    """The municipality's cases opened in the year, counted by phase: one range of the index
    ``case_muni_opened``, read from the index alone."""
    return (
        Case.objects.filter(municipality_id=municipality_id, opened_at__year=year)
        .values("phase")
        .annotate(n=Count("id"))
    )


def suppressed_statistics(municipality_id: int | None) -> dict[str, Any]:
    """Counts for one municipality: signals received and cases opened this year, by status, each
    with its total; signals and cases per year. Disclosure-controlled (``reports.disclosure``): no
    hidden number can be worked out from the totals. Removed signals and cases are counted from
    their anonymous counts."""
    year = timezone.localdate().year
    signals = signals_by_status(municipality_id, year)
    # Cases opened this year: the same population as this year's entry of ``by_year``. (Cases of
    # every year here, beside the per-year counts, let a "< 5" year be worked out by subtraction.)
    cases = cases_by_phase(municipality_id, year)
    signal_counts = _add(
        {row["status"]: row["n"] for row in signals},
        _retained(municipality_id, RetainedStatistic.Kind.SIGNAL, "status", year=year),
    )
    case_counts = _add(
        {row["phase"]: row["n"] for row in cases},
        _retained(municipality_id, RetainedStatistic.Kind.CASE, "status", year=year),
    )
    by_status = breakdown({value: signal_counts.get(value, 0) for value in Signal.Status.values})
    by_phase = breakdown({value: case_counts.get(value, 0) for value in Phase.values})
    return {
        "year": year,
        "threshold": SUPPRESSION_THRESHOLD,
        "signals": _labelled(by_status, Signal.Status.choices),
        "signals_total": by_status.total,
        "cases": _labelled(by_phase, Phase.choices),
        "cases_total": by_phase.total,
        "by_year": counts_by_year(municipality_id),
        **travel_statistics(municipality_id),
        **expert_order_statistics(municipality_id, year),
    }


def travel_statistics(municipality_id: int | None) -> dict[str, Any]:
    """Persons of the municipality's cases by their current (newest) travel status: travellers
    with the intention, prevented, left, in the conflict zone, detained, returned, deceased.
    Suppressed like the other counts; a removed case takes its travel history with it."""
    newest = TravelStatus.objects.filter(case=OuterRef("pk")).order_by("-on", "-pk")
    rows = (
        Case.objects.filter(municipality_id=municipality_id)
        .annotate(travel_state=Subquery(newest.values("state")[:1]))
        .exclude(travel_state__isnull=True)
        .values("travel_state")
        .annotate(n=Count("id"))
    )
    counts = {row["travel_state"]: row["n"] for row in rows}
    by_state = breakdown({value: counts.get(value, 0) for value in TravelState.values})
    return {
        "travel": _labelled(by_state, TravelState.choices),
        "travel_total": by_state.total,
    }


def expert_order_statistics(municipality_id: int | None, year: int) -> dict[str, Any]:
    """Orders to experts and providers placed this year for the municipality's cases, by kind
    and by present status (one population, the same total). Suppressed like the other counts;
    a case removed by retention takes its orders with it."""
    rows = (
        ExpertOrder.objects.filter(case__municipality_id=municipality_id, ordered_at__year=year)
        .values("kind", "status")
        .annotate(n=Count("id"))
    )
    by_kind: dict[str, int] = {}
    by_status: dict[str, int] = {}
    for row in rows:
        by_kind[row["kind"]] = by_kind.get(row["kind"], 0) + row["n"]
        by_status[row["status"]] = by_status.get(row["status"], 0) + row["n"]
    kinds = breakdown({value: by_kind.get(value, 0) for value in ExpertOrder.Kind.values})
    statuses = breakdown({value: by_status.get(value, 0) for value in ExpertOrder.Status.values})
    return {
        "orders_by_kind": _labelled(kinds, ExpertOrder.Kind.choices),
        "orders_by_status": _labelled(statuses, ExpertOrder.Status.choices),
        "orders_total": kinds.total,
    }


def _per_year(rows: QuerySet[Any], field: str) -> dict[int, int]:
    """How many ``rows`` per local calendar year of ``field``: the first and the last moment
    (two seeks in the index on municipality and time), then one count per year between them as
    a range of that index. No function of the time per row: SQLite would call Python for each
    row (``ExtractYear``), hundreds of thousands of times at national size."""
    ordered = rows.order_by(field).values_list(field, flat=True)
    first, last = ordered.first(), ordered.reverse().first()
    if first is None or last is None:
        return {}
    years = range(timezone.localtime(first).year, timezone.localtime(last).year + 1)
    counts = rows.aggregate(
        **{f"y{year}": Count("pk", filter=Q(**{f"{field}__year": year})) for year in years}
    )
    return {year: counts[f"y{year}"] for year in years if counts[f"y{year}"]}


def counts_by_year(municipality_id: int | None) -> list[tuple[int, Cell, Cell]]:
    """Signals received and cases opened per year, newest first, kept and removed together."""
    signal_counts = _add(
        _per_year(Signal.objects.filter(municipality_id=municipality_id), "received_at"),
        _retained(municipality_id, RetainedStatistic.Kind.SIGNAL, "year"),
    )
    case_counts = _add(
        _per_year(Case.objects.filter(municipality_id=municipality_id), "opened_at"),
        _retained(municipality_id, RetainedStatistic.Kind.CASE, "year"),
    )
    years = sorted(signal_counts.keys() | case_counts.keys(), reverse=True)
    return [
        (year, total_cell(signal_counts.get(year, 0)), total_cell(case_counts.get(year, 0)))
        for year in years
    ]
