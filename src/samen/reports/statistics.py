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
from samen.core.generations import Topic
from samen.reports import kept
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


def suppressed_statistics(municipality_id: int | None, *, fresh: bool = False) -> dict[str, Any]:
    """Counts for one municipality: signals received and cases opened this year, by status, each
    with its total; signals and cases per year. Disclosure-controlled (``reports.disclosure``): no
    hidden number can be worked out from the totals. Removed signals and cases are counted from
    their anonymous counts. The raw counts are the ones kept for exactly the same data and date
    (``samen.reports.kept.for_today``) unless ``fresh``; the disclosure control runs every
    time."""
    year = timezone.localdate().year
    if fresh or municipality_id is None:
        raw = raw_statistics(municipality_id, year)
    else:
        m: int = municipality_id
        raw = kept.for_today(
            "statistics", (year,), [m], Topic.CASES, lambda: raw_statistics(m, year)
        )
    by_status = breakdown({value: raw["signals"].get(value, 0) for value in Signal.Status.values})
    by_phase = breakdown({value: raw["cases"].get(value, 0) for value in Phase.values})
    by_state = breakdown({value: raw["travel"].get(value, 0) for value in TravelState.values})
    kinds = breakdown(
        {value: raw["order_kinds"].get(value, 0) for value in ExpertOrder.Kind.values}
    )
    statuses = breakdown(
        {value: raw["order_statuses"].get(value, 0) for value in ExpertOrder.Status.values}
    )
    signal_years, case_years = raw["signals_by_year"], raw["cases_by_year"]
    years = sorted(signal_years.keys() | case_years.keys(), reverse=True)
    return {
        "year": year,
        "threshold": SUPPRESSION_THRESHOLD,
        "signals": _labelled(by_status, Signal.Status.choices),
        "signals_total": by_status.total,
        "cases": _labelled(by_phase, Phase.choices),
        "cases_total": by_phase.total,
        "by_year": [
            (y, total_cell(signal_years.get(y, 0)), total_cell(case_years.get(y, 0))) for y in years
        ],
        "travel": _labelled(by_state, TravelState.choices),
        "travel_total": by_state.total,
        "orders_by_kind": _labelled(kinds, ExpertOrder.Kind.choices),
        "orders_by_status": _labelled(statuses, ExpertOrder.Status.choices),
        "orders_total": kinds.total,
    }


def raw_statistics(municipality_id: int | None, year: int) -> dict[str, dict[Any, int]]:
    """The raw counts behind ``suppressed_statistics`` (before any disclosure control): they
    change only with the municipality's data and the year."""
    # Cases opened this year: the same population as this year's entry of the per-year counts.
    # (Cases of every year here, beside the per-year counts, let a "< 5" year be worked out by
    # subtraction.)
    signals = signals_by_status(municipality_id, year)
    cases = cases_by_phase(municipality_id, year)
    order_kinds: dict[str, int] = {}
    order_statuses: dict[str, int] = {}
    for row in _expert_orders(municipality_id, year):
        order_kinds[row["kind"]] = order_kinds.get(row["kind"], 0) + row["n"]
        order_statuses[row["status"]] = order_statuses.get(row["status"], 0) + row["n"]
    signals_by_year, cases_by_year = _by_year(municipality_id)
    return {
        "signals": _add(
            {row["status"]: row["n"] for row in signals},
            _retained(municipality_id, RetainedStatistic.Kind.SIGNAL, "status", year=year),
        ),
        "cases": _add(
            {row["phase"]: row["n"] for row in cases},
            _retained(municipality_id, RetainedStatistic.Kind.CASE, "status", year=year),
        ),
        "signals_by_year": signals_by_year,
        "cases_by_year": cases_by_year,
        "travel": _travel(municipality_id),
        "order_kinds": order_kinds,
        "order_statuses": order_statuses,
    }


def _travel(municipality_id: int | None) -> dict[str, int]:
    """Persons of the municipality's cases by their current (newest) travel status: travellers
    with the intention, prevented, left, in the conflict zone, detained, returned, deceased. A
    removed case takes its travel history with it."""
    newest = TravelStatus.objects.filter(case=OuterRef("pk")).order_by("-on", "-pk")
    rows = (
        Case.objects.filter(municipality_id=municipality_id)
        .annotate(travel_state=Subquery(newest.values("state")[:1]))
        .exclude(travel_state__isnull=True)
        .values("travel_state")
        .annotate(n=Count("id"))
    )
    return {row["travel_state"]: row["n"] for row in rows}


def _expert_orders(municipality_id: int | None, year: int) -> QuerySet[Any, Any]:
    """Orders to experts and providers placed this year for the municipality's cases, by kind
    and present status (one population, the same total). A case removed by retention takes its
    orders with it."""
    return (
        ExpertOrder.objects.filter(case__municipality_id=municipality_id, ordered_at__year=year)
        .values("kind", "status")
        .annotate(n=Count("id"))
    )


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


def _by_year(municipality_id: int | None) -> tuple[dict[int, int], dict[int, int]]:
    """Signals received and cases opened per year, kept and removed together."""
    signal_counts = _add(
        _per_year(Signal.objects.filter(municipality_id=municipality_id), "received_at"),
        _retained(municipality_id, RetainedStatistic.Kind.SIGNAL, "year"),
    )
    case_counts = _add(
        _per_year(Case.objects.filter(municipality_id=municipality_id), "opened_at"),
        _retained(municipality_id, RetainedStatistic.Kind.CASE, "year"),
    )
    return signal_counts, case_counts
