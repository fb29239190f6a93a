"""The account's counts as they were made before they were grouped (issue 16): one query per
population and dimension for each quarter, each trend year and each retained column. Kept as
the reference that the grouped queries of ``samen.reports.account`` must equal, figure for
figure (test_account_grouped.py)."""

from __future__ import annotations

from typing import Any

from django.db.models import Case as Case_
from django.db.models import Count, Q, Sum, Value, When
from django.utils import timezone

from samen.casework.models import (
    Action,
    Attendance,
    Case,
    CaseTransfer,
    ClosureRequest,
    ExpertOrder,
    HandOver,
    Intervention,
    Meeting,
    Referral,
    Review,
    Signal,
)
from samen.programme.models import (
    CommunicationMoment,
    Delivery,
    Event,
    Headcount,
    TrainingParticipant,
    TrainingSession,
)
from samen.reports.account import (
    REMOVED,
    Period,
    _between,
    _grouped,
    _merge,
    _timeliness,
)
from samen.reports.models import RetainedStatistic


def _retained(municipality_id: int, p: Period, kind: str, group: str) -> dict[Any, int]:
    if not p.is_calendar_year:
        return {}
    rows = (
        RetainedStatistic.objects.filter(municipality_id=municipality_id, year=p.year, kind=kind)
        .values(group)
        .annotate(n=Sum("count"))
    )
    return {row[group]: row["n"] or 0 for row in rows}


def _removed(municipality_id: int, p: Period, kind: str) -> dict[Any, int]:
    """All removed signals or cases of the period in one category (a dimension not retained)."""
    total = sum(_retained(municipality_id, p, kind, "kind").values())
    return {REMOVED: total} if total else {}


def retained_counts(m: int, year: Period) -> dict[str, dict[Any, int]]:
    """What the removed signals and cases added to the tables of a reporting year."""
    retained_signal = RetainedStatistic.Kind.SIGNAL
    retained_case = RetainedStatistic.Kind.CASE
    removed_signals = _removed(m, year, retained_signal)
    removed_cases = _removed(m, year, retained_case)
    return {
        "signals_by_channel": removed_signals,
        "signals_by_sector": removed_signals,
        "signals_by_outcome": _retained(m, year, retained_signal, "status"),
        "signals_by_district": _retained(m, year, retained_signal, "district"),
        "signals_by_weighing_term": removed_signals,
        "cases_by_phase": _retained(m, year, retained_case, "status"),
        "cases_by_ideology": _retained(m, year, retained_case, "ideology"),
        "cases_by_concern": removed_cases,
        "cases_by_travel": removed_cases,
        "cases_by_gender": removed_cases,
        "cases_by_district": _retained(m, year, retained_case, "district"),
        "cases_by_age": _retained(m, year, retained_case, "age_band"),
    }


def raw_counts(municipality_id: int, p: Period) -> dict[str, dict[Any, int]]:
    """The other populations of the period split by every dimension, as true counts (to be
    disclosure-controlled before anything leaves). Keys are the tables' keys."""
    m = municipality_id
    counts: dict[str, dict[Any, int]] = {}
    closures = ClosureRequest.objects.filter(
        _between("decided_at", p), approved=True, case__municipality_id=m
    )
    counts["closures_by_reason"] = _grouped(closures, "closing_reason")
    interventions = Intervention.objects.filter(
        _between("starts_on", p, dated=True), case__municipality_id=m
    )
    counts["interventions_by_domain"] = _grouped(interventions, "domain")
    reviews = Review.objects.filter(_between("done_at", p), case__municipality_id=m)
    counts["reviews_held"] = {"": reviews.count()}
    meetings = Meeting.objects.filter(
        _between("starts_at", p), municipality_id=m, starts_at__lte=timezone.now()
    )
    counts["meetings_held"] = {"": meetings.count()}
    attendances = Attendance.objects.filter(meeting__in=meetings.values("pk"), present=True)
    counts["attendance_by_organisation"] = _grouped(attendances, "user__organisation__name")
    actions = Action.objects.filter(
        _between("due_date", p, dated=True), agenda_item__meeting__municipality_id=m
    ).annotate(timeliness=_timeliness())
    counts["case_actions_by_timeliness"] = _grouped(actions, "timeliness")
    referrals = Referral.objects.filter(_between("referred_at", p), signal__municipality_id=m)
    counts["referrals_by_status"] = _grouped(referrals, "status")
    counts["referrals_by_sector"] = _grouped(referrals, "organisation__kind")
    transfers = CaseTransfer.objects.filter(
        Q(from_municipality_id=m) | Q(to_municipality_id=m),
        _between("decided_at", p),
        state=CaseTransfer.State.ACCEPTED,
    ).annotate(
        direction=Case_(When(from_municipality_id=m, then=Value("out")), default=Value("in"))
    )
    counts["transfers_by_direction"] = _grouped(transfers, "direction")
    hand_overs = HandOver.objects.filter(_between("on", p, dated=True), case__municipality_id=m)
    counts["hand_overs_by_sector"] = _grouped(hand_overs, "organisation__kind")
    # Orders to experts and providers placed in the period (issue 11, point 4): one population,
    # by kind and by present status.
    orders = ExpertOrder.objects.filter(_between("ordered_at", p), case__municipality_id=m)
    counts["expert_orders_by_kind"] = _grouped(orders, "kind")
    counts["expert_orders_by_status"] = _grouped(orders, "status")
    counts.update(_programme_counts(m, p))
    return counts


def _programme_counts(m: int, p: Period) -> dict[str, dict[Any, int]]:
    counts: dict[str, dict[Any, int]] = {}
    sessions = TrainingSession.objects.filter(
        _between("starts_on", p, dated=True), training__municipality_id=m
    )
    counts["training_sessions"] = {"": sessions.count()}
    counts["trained_by_sector"] = _merge(
        _grouped(TrainingParticipant.objects.filter(session__in=sessions.values("pk")), "sector"),
        _grouped(
            Headcount.objects.filter(session__in=sessions.values("pk")), "sector", Sum("count")
        ),
    )
    events = Event.objects.filter(_between("held_on", p, dated=True), municipality_id=m)
    counts["events_by_kind"] = _grouped(events, "kind")
    counts["event_attendance"] = {"": events.aggregate(n=Sum("attendance"))["n"] or 0}
    deliveries = Delivery.objects.filter(
        _between("held_on", p, dated=True), outreach__municipality_id=m
    )
    reached = deliveries.aggregate(
        n=Count("pk"), pupils=Sum("pupils"), parents=Sum("parents"), pros=Sum("professionals")
    )
    counts["school_deliveries"] = {"": reached["n"] or 0}
    counts["school_pupils"] = {"": reached["pupils"] or 0}
    counts["school_parents"] = {"": reached["parents"] or 0}
    counts["school_professionals"] = {"": reached["pros"] or 0}
    moments = CommunicationMoment.objects.filter(
        _between("planned_on", p, dated=True), municipality_id=m
    )
    counts["communication_by_status"] = _grouped(moments, "status")
    return counts


def year_totals(m: int, p: Period) -> dict[str, int]:
    signals = Signal.objects.filter(_between("received_at", p), municipality_id=m).count()
    cases = Case.objects.filter(_between("opened_at", p), municipality_id=m).count()
    removed_signals = sum(_retained(m, p, RetainedStatistic.Kind.SIGNAL, "kind").values())
    removed_cases = sum(_retained(m, p, RetainedStatistic.Kind.CASE, "kind").values())
    closures = ClosureRequest.objects.filter(
        _between("decided_at", p), approved=True, case__municipality_id=m
    ).count()
    meetings = Meeting.objects.filter(
        _between("starts_at", p), municipality_id=m, starts_at__lte=timezone.now()
    ).count()
    sessions = TrainingSession.objects.filter(
        _between("starts_on", p, dated=True), training__municipality_id=m
    ).values("pk")
    trained = TrainingParticipant.objects.filter(session__in=sessions).count() + (
        Headcount.objects.filter(session__in=sessions).aggregate(n=Sum("count"))["n"] or 0
    )
    attendance = (
        Event.objects.filter(_between("held_on", p, dated=True), municipality_id=m).aggregate(
            n=Sum("attendance")
        )["n"]
        or 0
    )
    return {
        "signals_by_channel": signals + removed_signals,
        "cases_by_phase": cases + removed_cases,
        "closures_by_reason": closures,
        "meetings_held": meetings,
        "trained_by_sector": trained,
        "event_attendance": attendance,
    }
