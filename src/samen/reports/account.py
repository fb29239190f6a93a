"""The yearly account to the council: the figures of one municipality for a reporting year or
part of one, casework and programme, every count disclosure-controlled.

Plain functions, no request: ``account(municipality_id, period)`` gathers the figures with a
fixed number of aggregate queries whatever the data, and passes every breakdown through
``samen.reports.disclosure``. What a figure counts:

- a *population* is a set of things in the period (signals received, cases opened, closures
  approved, interventions started, attendances at case-table meetings, people trained, …); each
  table splits one population by one dimension and publishes its total;
- every table of the same population has the same total: a dimension that is not known for
  every member gets a category of its own ("unknown", or "removed by retention" for signals and
  cases whose personal data retention removed and that live on as ``RetainedStatistic``);
- removed signals and cases are counted (from their anonymous counts, kept per calendar year)
  only when the period is a whole reporting year that is a calendar year: their counts cannot be
  split over other periods;
- a council update (a half or a quarter of the reporting year; no other ranges) is published
  through ``disclosure.part_of_period`` against the quarters of the year so far: only when no
  quarter (and not the rest of the year) has a cell from 1 to 4, so that no difference of two
  published parts reveals one; the account of the whole year passes the updates as its
  ``published_parts``. The counts of every quarter are gathered once, the period's are their
  sum.

Rules and reasoning: ``samen.reports.disclosure`` and docs/reports.md.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from statistics import median
from typing import Any, TypeVar

from django.conf import settings
from django.db.models import Case as Case_
from django.db.models import (
    Count,
    F,
    FloatField,
    Func,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Floor, NullIf
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from samen.accounts.models import Organisation
from samen.casework.lifecycle import ClosingReason, ConcernLevel, Domain, Ideology, Phase
from samen.casework.models import (
    Action,
    Attendance,
    Case,
    CaseTransfer,
    ClosureRequest,
    ConcernAssessment,
    ExpertOrder,
    HandOver,
    Intervention,
    Meeting,
    Person,
    Referral,
    Review,
    Signal,
    TravelState,
    TravelStatus,
    Weighing,
)
from samen.core.fields import EncryptedTextField
from samen.programme.models import (
    ActionStatus,
    BudgetLine,
    CommunicationMoment,
    ContactPerson,
    Delivery,
    Event,
    Headcount,
    KeyFigure,
    PlanAction,
    Sector,
    Theme,
    TrainingParticipant,
    TrainingSession,
)
from samen.programme.queries import BudgetTable, budget_table
from samen.reports import kept
from samen.reports.disclosure import (
    THRESHOLD,
    Breakdown,
    Cell,
    Mark,
    breakdown,
    part_of_period,
    part_total,
    shown,
    total_cell,
)
from samen.reports.models import AgeBand, RetainedStatistic, age_band

# The trend shows at most this many years side by side.
TREND_YEARS = 5

T = TypeVar("T")

REMOVED = "removed"  # the category of signals and cases removed by retention
UNKNOWN = ""


class Part:
    """The periods of a reporting year that nest: the year, its halves, its quarters. No other
    ranges: two overlapping date ranges differ by a few days whose counts are small."""

    YEAR = ""
    FIRST_HALF = "h1"
    SECOND_HALF = "h2"
    QUARTERS = ("q1", "q2", "q3", "q4")
    ALL = ("", "h1", "h2", "q1", "q2", "q3", "q4")
    # The quarters (0 to 3) each part consists of.
    SPAN = {
        "": (0, 1, 2, 3),
        "h1": (0, 1),
        "h2": (2, 3),
        "q1": (0,),
        "q2": (1,),
        "q3": (2,),
        "q4": (3,),
    }


PART_LABELS = {
    Part.YEAR: _("The whole reporting year"),
    "h1": _("First half year"),
    "h2": _("Second half year"),
    "q1": _("First quarter"),
    "q2": _("Second quarter"),
    "q3": _("Third quarter"),
    "q4": _("Fourth quarter"),
}


@dataclass(frozen=True)
class Period:
    """A reporting year (``part`` empty), one of its halves or one of its quarters (a council
    update)."""

    year: int
    start: date
    end: date  # exclusive
    part: str = Part.YEAR

    @property
    def is_whole_year(self) -> bool:
        return self.part == Part.YEAR

    @property
    def is_calendar_year(self) -> bool:
        return self.is_whole_year and self.start == date(self.year, 1, 1)

    @property
    def last_day(self) -> date:
        return date.fromordinal(self.end.toordinal() - 1)

    @property
    def quarters(self) -> tuple[int, ...]:
        return Part.SPAN[self.part]

    @property
    def code(self) -> str:
        """As in ``?period=``: 2026, 2026-H1, 2026-Q3."""
        return f"{self.year}-{self.part.upper()}" if self.part else str(self.year)

    @property
    def label(self) -> Any:
        return PART_LABELS[self.part]


def _add_months(day: date, months: int) -> date:
    index = day.month - 1 + months
    return date(day.year + index // 12, index % 12 + 1, 1)


def reporting_year(year: int, start_month: int | None = None) -> Period:
    """Reporting year ``year``: from the first of the start month (``SAMEN_REPORTING_YEAR_START_
    MONTH``, 1 = the calendar year) of ``year``, twelve months long."""
    month = start_month or settings.REPORTING_YEAR_START_MONTH
    start = date(year, month, 1)
    return Period(year, start, _add_months(start, 12))


def period(year: int, part: str = Part.YEAR, start_month: int | None = None) -> Period:
    """The reporting year ``year`` or one of its halves (``h1``, ``h2``) or quarters (``q1`` to
    ``q4``)."""
    whole = reporting_year(year, start_month)
    if part not in Part.SPAN:
        raise ValueError(f"unknown part of a reporting year: {part!r}")
    if part == Part.YEAR:
        return whole
    first, *_rest = Part.SPAN[part]
    months = 3 * len(Part.SPAN[part])
    start = _add_months(whole.start, 3 * first)
    return Period(year, start, _add_months(start, months), part)


def parse_period(text: str, year: int) -> str | None:
    """The part of reporting year ``year`` that ``?period=`` names (``2026``, ``2026-H1``,
    ``2026-Q3``, or without the year ``Q3``), or None when it names none of them (another year,
    or a range that is not a part of the year)."""
    named, _sep, part = text.strip().lower().rpartition("-")
    if not named and part.isdigit():
        named, part = part, ""
    if named and named != str(year):
        return None
    return part if part in Part.SPAN else None


def _year_start_month(p: Period) -> int:
    """The month the reporting year of ``p`` starts in."""
    first = Part.SPAN[p.part][0]
    return (p.start.month - 1 - 3 * first) % 12 + 1


def _quarters(year: Period) -> list[Period]:
    """The four quarters of a reporting year."""
    return [
        Period(year.year, _add_months(year.start, 3 * n), _add_months(year.start, 3 * n + 3), part)
        for n, part in enumerate(Part.QUARTERS)
    ]


def _moment(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _between(field_name: str, p: Period, dated: bool = False) -> Q:
    if dated:
        return Q(**{f"{field_name}__gte": p.start, f"{field_name}__lt": p.end})
    return Q(**{f"{field_name}__gte": _moment(p.start), f"{field_name}__lt": _moment(p.end)})


# --- what is published ---------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    key: str
    label: Any
    cell: Cell


@dataclass
class Table:
    """One published breakdown of one population, or a single total (no rows)."""

    key: str
    section: str  # "casework" or "programme"
    title: Any
    dimension: Any
    total: Cell
    rows: list[Row] = field(default_factory=list)
    population: str = ""
    chart: bool = True

    @property
    def withheld(self) -> bool:
        return any(row.cell.mark == Mark.WITHHELD for row in self.rows)


@dataclass
class Account:
    municipality_id: int
    period: Period
    tables: list[Table]
    median_days_to_weighing: int | None
    weighing_term_days: int
    budget: BudgetTable
    threshold: int = THRESHOLD

    def section(self, name: str) -> list[Table]:
        return [t for t in self.tables if t.section == name]

    def table(self, key: str) -> Table:
        return next(t for t in self.tables if t.key == key)


# --- raw counts (stay inside samen) -----------------------------------------------------------


def _grouped(qs: QuerySet[Any], group: str, value: Any = None) -> dict[Any, int]:
    rows = qs.order_by().values(group).annotate(n=value if value is not None else Count("pk"))
    return {row[group] if row[group] is not None else UNKNOWN: row["n"] or 0 for row in rows}


def _merge(*counts: dict[Any, int]) -> dict[Any, int]:
    result: dict[Any, int] = {}
    for one in counts:
        for key, n in one.items():
            result[key] = result.get(key, 0) + n
    return result


def _latest_concern(field_name: str) -> Subquery:
    return Subquery(
        ConcernAssessment.objects.filter(case=OuterRef("pk"))
        .order_by("-set_at", "-pk")
        .values(field_name)[:1]
    )


def _latest_travel() -> Subquery:
    return Subquery(
        TravelStatus.objects.filter(case=OuterRef("pk")).order_by("-on", "-pk").values("state")[:1]
    )


class DaysBetween(Func):
    """Days (with fractions) from the second moment to the first, in SQL on both databases."""

    output_field = FloatField()
    template = "(EXTRACT(EPOCH FROM (%(expressions)s)) / 86400.0)"
    arg_joiner = " - "

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler,
            connection,
            template="(julianday(%(expressions)s))",
            arg_joiner=") - julianday(",
            **extra,
        )


def _index_of(field_name: str, periods: list[Period], dated: bool = False) -> Case_:
    """Which of consecutive ``periods`` (0, 1, ...) a moment (or a day, ``dated``) falls in, in
    SQL, for a row known to fall in one of them."""
    whens = [
        When(**{f"{field_name}__lt": p.end if dated else _moment(p.end)}, then=Value(n))
        for n, p in enumerate(periods[:-1])
    ]
    return Case_(*whens, default=Value(len(periods) - 1))


def _quarter_of(field_name: str, year: Period, dated: bool = False) -> Case_:
    """Which quarter (0 to 3) of the reporting year a moment (or a day) falls in, in SQL."""
    return _index_of(field_name, _quarters(year), dated)


def _counted(values: Iterable[Any]) -> dict[Any, int]:
    """How often each value occurs (None counted as unknown)."""
    counts = Counter(values)
    if None in counts:
        counts[UNKNOWN] += counts.pop(None)
    return dict(counts)


def _tally(counts: dict[str, dict[Any, int]], key: str, value: Any, n: int = 1) -> None:
    table = counts.setdefault(key, {})
    value = UNKNOWN if value is None else value
    table[value] = table.get(value, 0) + n


Counts = dict[str, dict[Any, int]]


def signals_and_cases(municipality_id: int, year: Period) -> tuple[Counts, list[Counts]]:
    """The signals received and the cases opened in a reporting year and in each of its
    quarters, every dimension at once: one grouped query for the signals, one for the days to
    weighing, one row per case of the year for the cases (the age when opened needs the date of
    birth, which is encrypted). Removed signals and cases are added to the year (not to any
    quarter) when it is a calendar year."""
    m = municipality_id
    whole: Counts = {}
    parts: list[Counts] = [{}, {}, {}, {}]
    signals = Signal.objects.filter(_between("received_at", year), municipality_id=m)
    grouped = (
        signals.annotate(quarter=_quarter_of("received_at", year))
        .order_by()
        .values("quarter", "channel", "reporting_organisation__kind", "status", "district__name")
        .annotate(n=Count("pk"))
    )
    dimensions = {
        "signals_by_channel": "channel",
        "signals_by_sector": "reporting_organisation__kind",
        "signals_by_outcome": "status",
        "signals_by_district": "district__name",
    }
    signal_rows: list[dict[str, Any]] = [dict(row) for row in grouped]
    for row in signal_rows:
        for key, column in dimensions.items():
            _tally(parts[row["quarter"]], key, row[column], row["n"])
    for key in dimensions:
        whole[key] = _merge(*(part.get(key, {}) for part in parts))
    first = Subquery(
        Weighing.objects.filter(signal=OuterRef("pk"))
        .order_by("weighed_at", "pk")
        .values("weighed_at")[:1]
    )
    waits = (
        signals.annotate(
            days=Floor(DaysBetween(first, F("received_at"))),
            quarter=_quarter_of("received_at", year),
        )
        .order_by()
        .values("days", "quarter")
        .annotate(n=Count("pk"))
    )
    term = settings.WEIGHING_TERM_DAYS
    # How many signals waited how many days, per quarter and for the year ("_days": not a
    # table).
    for target in (whole, *parts):
        target["_days"] = {}
    for waited in waits:
        wait = None if waited["days"] is None else int(waited["days"])
        state = "not_weighed" if wait is None else "within" if wait <= term else "later"
        for target in (whole, parts[waited["quarter"]]):
            _tally(target, "signals_by_weighing_term", state, waited["n"])
            if wait is not None:
                _tally(target, "_days", wait, waited["n"])
    for target in (whole, *parts):
        for key in (*dimensions, "signals_by_weighing_term"):
            target.setdefault(key, {})

    cases = Case.objects.filter(_between("opened_at", year), municipality_id=m).annotate(
        ideology=_latest_concern("ideology"),
        level=_latest_concern("level"),
        sex=Coalesce("person__gender", Value("unknown")),
        where=Coalesce("person__district__name", "origin__district__name"),
        born=Coalesce(
            NullIf("person__birth_date", Value("")),
            "origin__subject_birth_date",
            output_field=EncryptedTextField(),
        ),
        travel_state=_latest_travel(),
        quarter=_quarter_of("opened_at", year),
    )
    case_dimensions = {
        "cases_by_phase": "phase",
        "cases_by_ideology": "ideology",
        "cases_by_concern": "level",
        "cases_by_travel": "travel_state",
        "cases_by_gender": "sex",
        "cases_by_district": "where",
    }
    # One row per case (thousands in a big city): each quarter's values of every dimension are
    # gathered, then counted at once.
    tz = timezone.get_current_timezone()
    columns = [*case_dimensions.values(), "born", "opened_at", "quarter"]
    rows: list[list[tuple[Any, ...]]] = [[], [], [], []]
    for *values, born, opened_at, quarter in cases.order_by().values_list(*columns):
        band = age_band(born or "", opened_at.astimezone(tz).date())
        rows[quarter].append((*values, band))
    keys = [*case_dimensions, "cases_by_age"]
    for target, quarter_rows in zip(parts, rows, strict=True):
        by_column = list(zip(*quarter_rows, strict=True)) or [()] * len(keys)
        for key, found in zip(keys, by_column, strict=True):
            target[key] = _counted(found)
    for key in keys:
        whole[key] = _merge(*(part[key] for part in parts))

    for key, extra in _retained_counts(m, year).items():
        whole[key] = _merge(whole[key], extra)
    return whole, parts


# What the anonymous counts of removed signals and cases add to each table of the signals and
# the cases: their value in a retained column, or all of them as "removed" (a dimension not
# retained).
RETAINED_TABLES: dict[str, dict[str, str | None]] = {
    RetainedStatistic.Kind.SIGNAL: {
        "signals_by_channel": None,
        "signals_by_sector": None,
        "signals_by_outcome": "status",
        "signals_by_district": "district",
        "signals_by_weighing_term": None,
    },
    RetainedStatistic.Kind.CASE: {
        "cases_by_phase": "status",
        "cases_by_ideology": "ideology",
        "cases_by_concern": None,
        "cases_by_travel": None,
        "cases_by_gender": None,
        "cases_by_district": "district",
        "cases_by_age": "age_band",
    },
}


def _retained_counts(m: int, year: Period) -> Counts:
    """The removed signals and cases of a reporting year that is a calendar year, in the tables
    of the signals and the cases: one query (none for another period)."""
    counts: Counts = {key: {} for tables in RETAINED_TABLES.values() for key in tables}
    if not year.is_calendar_year:
        return counts
    columns = sorted({c for tables in RETAINED_TABLES.values() for c in tables.values() if c})
    rows = (
        RetainedStatistic.objects.filter(municipality_id=m, year=year.year)
        .order_by()
        .values("kind", *columns)
        .annotate(n=Sum("count"))
    )
    removed: dict[str, int] = {}
    for row in rows:
        n = row["n"] or 0
        removed[row["kind"]] = removed.get(row["kind"], 0) + n
        for key, column in RETAINED_TABLES.get(row["kind"], {}).items():
            if column is not None:
                table = counts[key]
                table[row[column]] = table.get(row[column], 0) + n
    for kind, tables in RETAINED_TABLES.items():
        for key, column in tables.items():
            if column is None and removed.get(kind):
                counts[key] = {REMOVED: removed[kind]}
    return counts


def _quarterly(
    qs: QuerySet[Any],
    moment: str,
    year: Period,
    *columns: str,
    dated: bool = False,
    **measures: Any,
) -> list[dict[str, Any]]:
    """``qs`` (rows of the reporting year) grouped by the quarter of ``moment`` and by
    ``columns``: one query. Counted as ``n`` unless ``measures`` are given."""
    grouped = (
        qs.annotate(quarter=_quarter_of(moment, year, dated))
        .order_by()
        .values("quarter", *columns)
        .annotate(**(measures or {"n": Count("pk")}))
    )
    return [dict(row) for row in grouped]


def _spread(
    parts: list[Counts],
    rows: list[dict[str, Any]],
    tables: dict[str, str | None],
    measure: str = "n",
) -> None:
    """Each row of ``_quarterly`` into its quarter's tables: by the row's value of the table's
    column, or (column None) into its single total, which every quarter has (0 when none)."""
    for key, column in tables.items():
        for part in parts:
            if column is None:
                part[key] = {UNKNOWN: 0}
            else:
                part.setdefault(key, {})
    for row in rows:
        for key, column in tables.items():
            value = UNKNOWN if column is None else row[column]
            _tally(parts[row["quarter"]], key, value, row[measure] or 0)


def raw_counts(municipality_id: int, year: Period) -> list[Counts]:
    """The other populations of each quarter of a reporting year split by every dimension, as
    true counts (to be disclosure-controlled before anything leaves); keys are the tables' keys.
    One query per population for the whole year, grouped by quarter."""
    m = municipality_id
    parts: list[Counts] = [{}, {}, {}, {}]
    closures = ClosureRequest.objects.filter(
        _between("decided_at", year), approved=True, case__municipality_id=m
    )
    _spread(
        parts,
        _quarterly(closures, "decided_at", year, "closing_reason"),
        {"closures_by_reason": "closing_reason"},
    )
    interventions = Intervention.objects.filter(
        _between("starts_on", year, dated=True), case__municipality_id=m
    )
    _spread(
        parts,
        _quarterly(interventions, "starts_on", year, "domain", dated=True),
        {"interventions_by_domain": "domain"},
    )
    reviews = Review.objects.filter(_between("done_at", year), case__municipality_id=m)
    _spread(parts, _quarterly(reviews, "done_at", year), {"reviews_held": None})
    now = timezone.now()
    meetings = Meeting.objects.filter(
        _between("starts_at", year), municipality_id=m, starts_at__lte=now
    )
    _spread(parts, _quarterly(meetings, "starts_at", year), {"meetings_held": None})
    attendances = Attendance.objects.filter(
        _between("meeting__starts_at", year),
        meeting__municipality_id=m,
        meeting__starts_at__lte=now,
        present=True,
    )
    organisation = "user__organisation__name"
    _spread(
        parts,
        _quarterly(attendances, "meeting__starts_at", year, organisation),
        {"attendance_by_organisation": organisation},
    )
    actions = Action.objects.filter(
        _between("due_date", year, dated=True), agenda_item__meeting__municipality_id=m
    ).annotate(timeliness=_timeliness())
    _spread(
        parts,
        _quarterly(actions, "due_date", year, "timeliness", dated=True),
        {"case_actions_by_timeliness": "timeliness"},
    )
    referrals = Referral.objects.filter(_between("referred_at", year), municipality_id=m)
    _spread(
        parts,
        _quarterly(referrals, "referred_at", year, "status", "organisation__kind"),
        {"referrals_by_status": "status", "referrals_by_sector": "organisation__kind"},
    )
    transfers = CaseTransfer.objects.filter(
        Q(from_municipality_id=m) | Q(to_municipality_id=m),
        _between("decided_at", year),
        state=CaseTransfer.State.ACCEPTED,
    ).annotate(
        direction=Case_(When(from_municipality_id=m, then=Value("out")), default=Value("in"))
    )
    _spread(
        parts,
        _quarterly(transfers, "decided_at", year, "direction"),
        {"transfers_by_direction": "direction"},
    )
    hand_overs = HandOver.objects.filter(_between("on", year, dated=True), case__municipality_id=m)
    _spread(
        parts,
        _quarterly(hand_overs, "on", year, "organisation__kind", dated=True),
        {"hand_overs_by_sector": "organisation__kind"},
    )
    # Orders to experts and providers placed in the period (issue 11, point 4): one population,
    # by kind and by present status.
    orders = ExpertOrder.objects.filter(_between("ordered_at", year), case__municipality_id=m)
    _spread(
        parts,
        _quarterly(orders, "ordered_at", year, "kind", "status"),
        {"expert_orders_by_kind": "kind", "expert_orders_by_status": "status"},
    )
    _programme_counts(parts, m, year)
    return parts


class Timeliness:
    ON_TIME = "on_time"
    LATE = "late"
    DONE_UNKNOWN = "done_unknown"
    OPEN_PAST_DUE = "open_past_due"
    OPEN = "open"


def _timeliness() -> Case_:
    """Whether a case-table action was completed on time (on or before its due date), late,
    done when it is not known (done before samen recorded when), open past its due date or open
    and not yet due. The day an action was completed is the local date of ``completed_at``."""
    done = Q(status=Action.Status.DONE)
    return Case_(
        When(done & Q(completed_at__isnull=True), then=Value(Timeliness.DONE_UNKNOWN)),
        When(done & Q(completed_at__date__lte=F("due_date")), then=Value(Timeliness.ON_TIME)),
        When(done, then=Value(Timeliness.LATE)),
        When(due_date__lt=timezone.localdate(), then=Value(Timeliness.OPEN_PAST_DUE)),
        default=Value(Timeliness.OPEN),
    )


def _programme_counts(parts: list[Counts], m: int, year: Period) -> None:
    sessions = TrainingSession.objects.filter(
        _between("starts_on", year, dated=True), training__municipality_id=m
    )
    _spread(parts, _quarterly(sessions, "starts_on", year, dated=True), {"training_sessions": None})
    of_sessions = {
        "session__starts_on__gte": year.start,
        "session__starts_on__lt": year.end,
        "session__training__municipality_id": m,
    }
    trained = [
        *_quarterly(
            TrainingParticipant.objects.filter(**of_sessions),
            "session__starts_on",
            year,
            "sector",
            dated=True,
        ),
        *_quarterly(
            Headcount.objects.filter(**of_sessions),
            "session__starts_on",
            year,
            "sector",
            dated=True,
            n=Sum("count"),
        ),
    ]
    _spread(parts, trained, {"trained_by_sector": "sector"})
    events = Event.objects.filter(_between("held_on", year, dated=True), municipality_id=m)
    held = _quarterly(
        events, "held_on", year, "kind", dated=True, n=Count("pk"), a=Sum("attendance")
    )
    _spread(parts, held, {"events_by_kind": "kind"})
    _spread(parts, held, {"event_attendance": None}, "a")
    deliveries = Delivery.objects.filter(
        _between("held_on", year, dated=True), outreach__municipality_id=m
    )
    reached = _quarterly(
        deliveries,
        "held_on",
        year,
        dated=True,
        n=Count("pk"),
        pupils=Sum("pupils"),
        parents=Sum("parents"),
        pros=Sum("professionals"),
    )
    _spread(parts, reached, {"school_deliveries": None})
    _spread(parts, reached, {"school_pupils": None}, "pupils")
    _spread(parts, reached, {"school_parents": None}, "parents")
    _spread(parts, reached, {"school_professionals": None}, "pros")
    moments = CommunicationMoment.objects.filter(
        _between("planned_on", year, dated=True), municipality_id=m
    )
    _spread(
        parts,
        _quarterly(moments, "planned_on", year, "status", dated=True),
        {"communication_by_status": "status"},
    )


def standing_counts(m: int, year: int) -> Counts:
    """What is not a count of a period but as it stands: the actions of the plan(s) of the year
    by status, the network now. The same in the account of the year and of each part."""
    counts: Counts = {}
    actions = PlanAction.objects.filter(
        theme__plan__municipality_id=m,
        theme__plan__first_year__lte=year,
        theme__plan__last_year__gte=year,
    )
    for row in actions.order_by().values("theme_id", "status").annotate(n=Count("pk")).order_by():
        counts.setdefault(f"plan_actions_theme_{row['theme_id']}", {})[row["status"]] = row["n"]
    contacts = ContactPerson.objects.filter(municipality_id=m, left_on__isnull=True)
    counts["network_contacts"] = _grouped(contacts, "designated_officer")
    counts["network_key_figures"] = {"": KeyFigure.objects.filter(municipality_id=m).count()}
    return counts


# --- the tables -------------------------------------------------------------------------------


Choices = list[tuple[Any, Any]]


def _with_found(choices: Choices, counts: dict[Any, int], unknown: Any = None) -> Choices:
    """The fixed categories, then any found that are not among them (districts, organisations),
    then unknown and removed by retention when they occur."""
    fixed = {value for value, _label in choices}
    extra = sorted(k for k in counts if k not in fixed and k not in (UNKNOWN, REMOVED))
    result = list(choices) + [(k, str(k)) for k in extra]
    if counts.get(UNKNOWN) and UNKNOWN not in fixed:
        result.append((UNKNOWN, unknown or _("Unknown")))
    if counts.get(REMOVED):
        result.append((REMOVED, _("Removed by retention (not recorded)")))
    return result


def _sectors() -> Choices:
    return [*Organisation.Kind.choices, (UNKNOWN, _("Resident, anonymous or not recorded"))]


@dataclass(frozen=True)
class Spec:
    key: str
    section: str
    title: Any
    dimension: Any
    population: str
    choices: Callable[[], Choices] | None = None  # None: a single total
    chart: bool = True


# A single total for these; the rest are breakdowns over the given categories.
SPECS: list[Spec] = [
    Spec(
        "signals_by_channel",
        "casework",
        _("Signals by channel"),
        _("Channel"),
        "signals",
        lambda: list(Signal.Channel.choices),
    ),
    Spec(
        "signals_by_sector",
        "casework",
        _("Signals by sector of the reporter"),
        _("Sector"),
        "signals",
        _sectors,
    ),
    Spec(
        "signals_by_outcome",
        "casework",
        _("Signals by outcome of the weighing"),
        _("Outcome"),
        "signals",
        lambda: list(Signal.Status.choices),
    ),
    Spec(
        "signals_by_weighing_term",
        "casework",
        _("Signals weighed within the term"),
        _("Weighing"),
        "signals",
        lambda: [
            ("within", _("Weighed within the term")),
            ("later", _("Weighed later")),
            ("not_weighed", _("Not weighed yet")),
        ],
    ),
    Spec(
        "signals_by_district",
        "casework",
        _("Signals by district"),
        _("District"),
        "signals",
        lambda: [],
    ),
    Spec(
        "cases_by_phase",
        "casework",
        _("Cases opened, by present phase"),
        _("Phase"),
        "cases",
        lambda: list(Phase.choices),
    ),
    Spec(
        "cases_by_ideology",
        "casework",
        _("Cases opened, by ideology"),
        _("Ideology"),
        "cases",
        lambda: list(Ideology.choices),
    ),
    Spec(
        "cases_by_concern",
        "casework",
        _("Cases opened, by level of concern"),
        _("Level of concern"),
        "cases",
        lambda: list(ConcernLevel.choices),
    ),
    Spec(
        "cases_by_travel",
        "casework",
        _("Cases opened, by travel status"),
        _("Travel status"),
        "cases",
        lambda: [*TravelState.choices, (UNKNOWN, _("No travel status recorded"))],
    ),
    Spec(
        "cases_by_age",
        "casework",
        _("Cases opened, by age when opened"),
        _("Age"),
        "cases",
        lambda: [c for c in AgeBand.choices if c[0] != ""],
    ),
    Spec(
        "cases_by_gender",
        "casework",
        _("Cases opened, by gender"),
        _("Gender"),
        "cases",
        lambda: list(Person.Gender.choices),
    ),
    Spec(
        "cases_by_district",
        "casework",
        _("Cases opened, by district"),
        _("District"),
        "cases",
        lambda: [],
    ),
    Spec(
        "closures_by_reason",
        "casework",
        _("Cases closed, by closing reason"),
        _("Reason"),
        "closures",
        lambda: list(ClosingReason.choices),
    ),
    Spec(
        "interventions_by_domain",
        "casework",
        _("Interventions started, by domain"),
        _("Domain"),
        "interventions",
        lambda: list(Domain.choices),
    ),
    Spec("reviews_held", "casework", _("Reviews held"), "", "reviews"),
    Spec(
        "referrals_by_status",
        "casework",
        _("Signals referred to regular care, by the receiving organisation's decision"),
        _("Decision"),
        "referrals",
        lambda: list(Referral.Status.choices),
    ),
    Spec(
        "referrals_by_sector",
        "casework",
        _("Signals referred to regular care, by sector of the receiving organisation"),
        _("Sector"),
        "referrals",
        lambda: list(Organisation.Kind.choices),
    ),
    Spec(
        "transfers_by_direction",
        "casework",
        _("Cases transferred between municipalities (accepted)"),
        _("To or from another municipality"),
        "transfers",
        lambda: [
            ("out", _("To another municipality")),
            ("in", _("From another municipality")),
        ],
    ),
    Spec(
        "hand_overs_by_sector",
        "casework",
        _("Hand-overs at closure, by sector of the organisation taking over"),
        _("Sector"),
        "hand_overs",
        lambda: list(Organisation.Kind.choices),
    ),
    Spec("meetings_held", "casework", _("Case-table meetings held"), "", "meetings"),
    Spec(
        "attendance_by_organisation",
        "casework",
        _("Attendance at case-table meetings, by organisation"),
        _("Organisation"),
        "attendances",
        lambda: [],
    ),
    Spec(
        "case_actions_by_timeliness",
        "casework",
        _("Actions of the case table due in the period: completed on time?"),
        _("Status"),
        "case_actions",
        lambda: [
            (Timeliness.ON_TIME, _("Completed on time")),
            (Timeliness.LATE, _("Completed late")),
            (Timeliness.DONE_UNKNOWN, _("Completed, date not recorded")),
            (Timeliness.OPEN_PAST_DUE, _("Open, past the due date")),
            (Timeliness.OPEN, _("Open, not yet due")),
        ],
    ),
    Spec(
        "expert_orders_by_kind",
        "casework",
        _("Orders to experts and providers, by kind"),
        _("Kind"),
        "expert_orders",
        lambda: list(ExpertOrder.Kind.choices),
    ),
    Spec(
        "expert_orders_by_status",
        "casework",
        _("Orders to experts and providers, by present status"),
        _("Status"),
        "expert_orders",
        lambda: list(ExpertOrder.Status.choices),
    ),
    Spec("training_sessions", "programme", _("Training sessions held"), "", "sessions"),
    Spec(
        "trained_by_sector",
        "programme",
        _("People trained, by sector"),
        _("Sector"),
        "trained",
        lambda: list(Sector.choices),
    ),
    Spec(
        "events_by_kind",
        "programme",
        _("Events held, by kind"),
        _("Kind"),
        "events",
        lambda: list(Event.Kind.choices),
    ),
    Spec("event_attendance", "programme", _("Attendance at events"), "", "event_attendance"),
    Spec(
        "school_deliveries",
        "programme",
        _("School and parent programmes delivered"),
        "",
        "deliveries",
    ),
    Spec("school_pupils", "programme", _("Pupils reached"), "", "pupils"),
    Spec("school_parents", "programme", _("Parents and carers reached"), "", "parents"),
    Spec(
        "school_professionals",
        "programme",
        _("Teachers and professionals reached"),
        "",
        "professionals",
    ),
    Spec(
        "network_contacts",
        "programme",
        _("Contact persons in the network"),
        _("Role"),
        "contacts",
        lambda: [(True, _("Designated officers")), (False, _("Other contact persons"))],
    ),
    Spec("network_key_figures", "programme", _("Key figures"), "", "key_figures"),
    Spec(
        "communication_by_status",
        "programme",
        _("Communication moments, by status"),
        _("Status"),
        "communication",
        lambda: list(CommunicationMoment.Status.choices),
    ),
]


def _categories(spec: Spec, counts: dict[Any, int]) -> Choices:
    assert spec.choices is not None
    return _with_found(spec.choices(), counts)


STANDING = {"network_contacts", "network_key_figures"}


def _span(quarters: list[dict[Any, int]], span: tuple[int, ...]) -> dict[Any, int]:
    return _merge(*(quarters[n] for n in span))


def _publish(
    whole: dict[Any, int], parts: list[dict[Any, int]], keys: Iterable[Any], p: Period
) -> Breakdown:
    """The disclosure-controlled breakdown of a period: a half or a quarter (a council update)
    against the quarters of the year so far, the whole year with every council update that is
    published as a published part."""
    keys = list(keys)
    year_cells = {key: whole.get(key, 0) for key in keys}
    atoms = [{key: part.get(key, 0) for key in keys} for part in parts]
    if p.is_whole_year:
        published = [
            shown(part_of_period(_span(atoms, Part.SPAN[part]), year_cells, atoms))
            for part in Part.ALL
            if part != Part.YEAR
        ]
        return breakdown(year_cells, published_parts=published)
    return part_of_period(_span(atoms, p.quarters), year_cells, atoms)


def _tables(
    whole: Counts, parts: list[Counts], p: Period, theme_titles: dict[int, str]
) -> list[Table]:
    """The account's tables, their titles and labels as text in the language of the request:
    a lazy text kept in the cache is slow to read back (Django builds its proxy class anew for
    each one when it is unpickled). The account is kept by language (``_keep``)."""
    tables: list[Table] = []
    for spec in SPECS:
        found_whole = whole.get(spec.key, {})
        found_parts = [part.get(spec.key, {}) for part in parts]
        if spec.key in STANDING or p.is_whole_year:
            found = found_whole
        else:
            found = _span(found_parts, p.quarters)
        if spec.choices is None:
            total = sum(found.values())
            if spec.key in STANDING or p.is_whole_year:
                head = total_cell(total)
            else:
                atoms = [sum(part.values()) for part in found_parts]
                head = part_total(total, sum(found_whole.values()), atoms)
            tables.append(
                Table(
                    spec.key,
                    spec.section,
                    str(spec.title),
                    "",
                    head,
                    [],
                    spec.population,
                    chart=False,
                )
            )
            continue
        categories = _categories(spec, found_whole)
        keys = [k for k, _label in categories]
        if spec.key in STANDING:
            b = breakdown({key: found.get(key, 0) for key in keys})
        else:
            b = _publish(found_whole, found_parts, keys, p)
        rows = [Row(str(k), str(label), b.cells[k]) for k, label in categories]
        tables.append(
            Table(
                spec.key,
                spec.section,
                str(spec.title),
                str(spec.dimension),
                b.total,
                rows,
                spec.population,
                spec.chart,
            )
        )
    for theme_id, title in theme_titles.items():
        key = f"plan_actions_theme_{theme_id}"
        found = whole.get(key, {})
        b = breakdown({value: found.get(value, 0) for value in ActionStatus.values})
        rows = [Row(value, str(label), b.cells[value]) for value, label in ActionStatus.choices]
        tables.append(
            Table(
                key,
                "programme",
                _("Actions by status: %(theme)s") % {"theme": title},
                str(_("Status")),
                b.total,
                rows,
                key,
            )
        )
    return tables


def _themes(m: int, year: int) -> dict[int, str]:
    themes = Theme.objects.filter(
        plan__municipality_id=m, plan__first_year__lte=year, plan__last_year__gte=year
    ).order_by("plan__first_year", "plan_id", "position", "pk")
    return dict(themes.values_list("pk", "title"))


def year_counts(municipality_id: int, year: Period) -> tuple[Counts, list[Counts]]:
    """The raw counts of a reporting year and of each of its quarters, every population and
    dimension (what the account of the year and of each part is published from), and what
    stands (the plan's actions, the network). Kept between requests by ``account``."""
    whole, parts = signals_and_cases(municipality_id, year)
    for part, more in zip(parts, raw_counts(municipality_id, year), strict=True):
        part.update(more)
    for key in {key for part in parts for key in part if key != "_days"} - set(whole):
        whole[key] = _merge(*(part.get(key, {}) for part in parts))
    whole.update(standing_counts(municipality_id, year.year))
    return whole, parts


def _median(counts: dict[int, int]) -> float:
    """The median of values given with how often each occurs (as ``statistics.median`` of
    them all)."""
    size = sum(counts.values())
    wanted = sorted({(size - 1) // 2, size // 2})
    found: list[int] = []
    seen = 0
    for value in sorted(counts):
        seen += counts[value]
        while wanted and wanted[0] < seen:
            found.append(value)
            wanted.pop(0)
    return median(found)


def account(municipality_id: int, p: Period, *, fresh: bool = False) -> Account:
    """The yearly account (or a council update) of one municipality: every table
    disclosure-controlled, the median days to weighing when at least the threshold were
    weighed, the budget of the year in euro (amounts are not counts of people). Kept between
    requests for exactly the same data and date (``samen.reports.kept``), with the period, the
    language and the threshold, unless ``fresh``."""
    if fresh:
        return _account(municipality_id, p, fresh=True)
    return _keep("account", municipality_id, p, lambda: _account(municipality_id, p))


def drawn(municipality_id: int, p: Period, draw: Callable[[Account], T]) -> tuple[Account, T]:
    """The account of ``p`` and what ``draw`` makes of it (the page's tables drawn: the
    account's anonymous figures only), kept together like the account itself."""

    def compute() -> tuple[Account, T]:
        figures = account(municipality_id, p)
        return figures, draw(figures)

    return _keep("drawn", municipality_id, p, compute)


def _keep(what: str, municipality_id: int, p: Period, compute: Callable[[], T]) -> T:
    """``compute()`` kept under the reporting year of ``p`` (``kept.kept``: the generations,
    the local date, the term), the part of the year, the language of its texts and the
    disclosure threshold."""
    year = reporting_year(p.year, _year_start_month(p))
    name = f"{what}:{p.code}:{translation.get_language()}:{THRESHOLD}"
    return kept.kept(name, municipality_id, year.start, year.end, compute)


def _account(municipality_id: int, p: Period, *, fresh: bool = False) -> Account:
    """The account of ``p`` from the raw counts of its reporting year: the ones kept for
    exactly the same data and date unless ``fresh``."""
    year = reporting_year(p.year, _year_start_month(p))
    if fresh:
        whole, parts = year_counts(municipality_id, year)
    else:
        whole, parts = kept.kept(
            "year",
            municipality_id,
            year.start,
            year.end,
            lambda: year_counts(municipality_id, year),
        )
    days = whole.pop("_days")
    if not p.is_whole_year:
        days = _merge(*(parts[n]["_days"] for n in p.quarters))
    for part in parts:
        part.pop("_days", None)
    tables = _tables(whole, parts, p, _themes(municipality_id, p.year))
    lines = BudgetLine.objects.filter(plan__municipality_id=municipality_id, year=p.year)
    weighed = sum(days.values())
    return Account(
        municipality_id=municipality_id,
        period=p,
        tables=tables,
        median_days_to_weighing=round(_median(days)) if weighed >= THRESHOLD else None,
        weighing_term_days=settings.WEIGHING_TERM_DAYS,
        budget=budget_table(lines, str(_("The plan as a whole"))),
    )


# --- the trend ------------------------------------------------------------------------------


@dataclass
class Trend:
    years: list[int]
    rows: list[tuple[Any, list[Cell]]]


TREND_ROWS = [
    ("signals_by_channel", _("Signals received")),
    ("cases_by_phase", _("Cases opened")),
    ("closures_by_reason", _("Cases closed")),
    ("meetings_held", _("Case-table meetings held")),
    ("trained_by_sector", _("People trained")),
    ("event_attendance", _("Attendance at events")),
]


def trend(
    municipality_id: int, last_year: int, years: int = TREND_YEARS, *, fresh: bool = False
) -> Trend:
    """The totals of up to five reporting years side by side (the same totals as each year's
    account, removed signals and cases included from their anonymous counts), kept between
    requests like the account's unless ``fresh``."""
    span = list(range(last_year - min(years, TREND_YEARS) + 1, last_year + 1))
    periods = [reporting_year(y) for y in span]
    if fresh:
        per_year = _year_totals(municipality_id, periods)
    else:
        per_year = kept.kept(
            "trend",
            municipality_id,
            periods[0].start,
            periods[-1].end,
            lambda: _year_totals(municipality_id, periods),
        )
    rows = [(label, [total_cell(totals[key]) for totals in per_year]) for key, label in TREND_ROWS]
    return Trend(span, rows)


def _year_totals(m: int, periods: list[Period]) -> list[dict[str, int]]:
    """The trend's totals of consecutive reporting years: one query per population, grouped by
    the year each row falls in."""
    whole = Period(periods[0].year, periods[0].start, periods[-1].end)
    totals = [dict.fromkeys((key for key, _label in TREND_ROWS), 0) for _p in periods]

    def add(key: str, qs: QuerySet[Any], moment: str, dated: bool = False, **value: Any) -> None:
        rows = (
            qs.filter(_between(moment, whole, dated))
            .annotate(index=_index_of(moment, periods, dated))
            .order_by()
            .values("index")
            .annotate(**(value or {"n": Count("pk")}))
        )
        for row in rows:
            totals[row["index"]][key] += row["n"] or 0

    add("signals_by_channel", Signal.objects.filter(municipality_id=m), "received_at")
    add("cases_by_phase", Case.objects.filter(municipality_id=m), "opened_at")
    calendar = {p.year: n for n, p in enumerate(periods) if p.is_calendar_year}
    if calendar:
        retained = (
            RetainedStatistic.objects.filter(municipality_id=m, year__in=list(calendar))
            .order_by()
            .values("year", "kind")
            .annotate(n=Sum("count"))
        )
        into: dict[str, str] = {
            RetainedStatistic.Kind.SIGNAL: "signals_by_channel",
            RetainedStatistic.Kind.CASE: "cases_by_phase",
        }
        for row in retained:
            if row["kind"] in into:
                totals[calendar[row["year"]]][into[row["kind"]]] += row["n"] or 0
    add(
        "closures_by_reason",
        ClosureRequest.objects.filter(approved=True, case__municipality_id=m),
        "decided_at",
    )
    add(
        "meetings_held",
        Meeting.objects.filter(municipality_id=m, starts_at__lte=timezone.now()),
        "starts_at",
    )
    of_municipality = {"session__training__municipality_id": m}
    add(
        "trained_by_sector",
        TrainingParticipant.objects.filter(**of_municipality),
        "session__starts_on",
        dated=True,
    )
    add(
        "trained_by_sector",
        Headcount.objects.filter(**of_municipality),
        "session__starts_on",
        dated=True,
        n=Sum("count"),
    )
    add(
        "event_attendance",
        Event.objects.filter(municipality_id=m),
        "held_on",
        dated=True,
        n=Sum("attendance"),
    )
    return totals
