"""Reads that compose what the policy returned into what a page shows: the budget table, the
timeline of what is due, who is trained, the programme in numbers. Every function starts from
a queryset ``samen.casework.policy`` returned (or an object one of its getters returned), and
takes a fixed number of queries whatever the data.

Numbers for the analyst are disclosure-controlled like ``samen.reports.statistics``: a count
below ``SUPPRESSION_THRESHOLD`` is shown as "fewer than" (a test keeps the two thresholds the
same). Amounts in euro are not counts of people and are shown as they are."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce, ExtractYear
from django.utils.translation import gettext_lazy as _

from samen.programme.models import (
    ZERO,
    ActionStatus,
    BudgetLine,
    CommunicationMoment,
    ContactPerson,
    Delivery,
    DistrictMeeting,
    DistrictNetwork,
    Event,
    Goal,
    Headcount,
    KeyFigure,
    PlanAction,
    ProgrammeItem,
    Spending,
    TrainingParticipant,
    TrainingSession,
)

SUPPRESSION_THRESHOLD = 5


def suppress(count: int | None) -> int | None:
    count = count or 0
    return count if count >= SUPPRESSION_THRESHOLD else None


# --- the budget ------------------------------------------------------------------------------


@dataclass
class BudgetRow:
    year: int
    theme_id: int | None
    theme: str
    planned: Decimal = ZERO
    granted: Decimal = ZERO
    spent: Decimal = ZERO

    @property
    def remaining(self) -> Decimal:
        """What is left of what is available (own budget, council decisions, granted subsidies)."""
        return self.granted - self.spent

    def add(self, other: BudgetRow) -> None:
        self.planned += other.planned
        self.granted += other.granted
        self.spent += other.spent


@dataclass
class BudgetTable:
    rows: list[BudgetRow]
    years: list[BudgetRow]
    total: BudgetRow


def _money(value: Any) -> Decimal:
    return ZERO if value is None else Decimal(value).quantize(Decimal("0.01"))


def budget_table(lines: QuerySet[BudgetLine], no_theme: str = "") -> BudgetTable:
    """Per year and theme: planned, granted (available), spent and remaining, with totals per
    year and overall. Two queries: the lines' sums and the spending's sums."""
    sums = (
        lines.order_by()
        .values("year", "theme_id", "theme__title", "theme__position")
        .annotate(planned=Sum("amount"), granted=Sum("granted_amount"))
    )
    rows: dict[tuple[int, int | None], BudgetRow] = {}
    positions: dict[int | None, int] = {}
    for row in sums:
        key = (row["year"], row["theme_id"])
        rows[key] = BudgetRow(
            row["year"],
            row["theme_id"],
            row["theme__title"] or no_theme,
            _money(row["planned"]),
            _money(row["granted"]),
        )
        positions[row["theme_id"]] = row["theme__position"] or 0
    spent = (
        Spending.objects.filter(line__in=lines.values("pk"))
        .order_by()
        .values("line__year", "line__theme_id")
        .annotate(spent=Sum("amount"))
    )
    for spent_row in spent:
        key = (spent_row["line__year"], spent_row["line__theme_id"])
        if key in rows:
            rows[key].spent = _money(spent_row["spent"])
    ordered = sorted(
        rows.values(),
        key=lambda r: (r.year, r.theme_id is None, positions.get(r.theme_id, 0), r.theme),
    )
    years: dict[int, BudgetRow] = {}
    total = BudgetRow(0, None, "")
    for budget_row in ordered:
        years.setdefault(budget_row.year, BudgetRow(budget_row.year, None, "")).add(budget_row)
        total.add(budget_row)
    return BudgetTable(ordered, list(years.values()), total)


def lines_with_spending(lines: QuerySet[BudgetLine]) -> QuerySet[BudgetLine]:
    spent = (
        Spending.objects.filter(line=OuterRef("pk"))
        .order_by()
        .values("line")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return lines.annotate(spent=spent).select_related("theme", "action")


# --- the action plan --------------------------------------------------------------------------


@dataclass(frozen=True)
class Due:
    on: date
    kind: str
    title: str
    url_name: str
    pk: int
    overdue: bool
    detail: str = ""


def timeline(
    actions: QuerySet[PlanAction],
    goals: QuerySet[Goal],
    moments: QuerySet[CommunicationMoment],
    today: date,
    limit: int = 100,
) -> list[Due]:
    """What is due, in date order: open actions by their planned end, goals by their target
    date, planned communication moments. Three queries."""
    items: list[Due] = []
    for action in (
        actions.filter(status__in=PlanAction.OPEN, planned_end__isnull=False)
        .select_related("lead_organisation", "theme")
        .order_by("planned_end", "pk")[:limit]
    ):
        assert action.planned_end is not None
        items.append(
            Due(
                action.planned_end,
                str(_("Action")),
                action.title,
                "programme:action_detail",
                action.pk,
                action.planned_end < today,
                action.lead_organisation.name if action.lead_organisation else "",
            )
        )
    for goal in (
        goals.filter(target_date__isnull=False)
        .select_related("theme")
        .order_by("target_date", "pk")[:limit]
    ):
        assert goal.target_date is not None
        items.append(
            Due(
                goal.target_date,
                str(_("Goal")),
                goal.text[:200],
                "programme:theme_detail",
                goal.theme_id,
                False,
                goal.theme.title,
            )
        )
    for moment in moments.filter(status=CommunicationMoment.Status.PLANNED).order_by(
        "planned_on", "pk"
    )[:limit]:
        items.append(
            Due(
                moment.planned_on,
                str(_("Communication")),
                moment.core_message[:200],
                "programme:moment_edit",
                moment.pk,
                moment.planned_on < today,
                moment.channel,
            )
        )
    return sorted(items, key=lambda d: (d.on, d.kind, d.pk))[:limit]


def status_counts(actions: QuerySet[PlanAction]) -> dict[str, int]:
    rows = actions.order_by().values("status").annotate(n=Count("id"))
    found = {row["status"]: row["n"] for row in rows}
    return {value: found.get(value, 0) for value in ActionStatus.values}


def labelled(counts: dict[str, int]) -> list[tuple[Any, int]]:
    return [(label, counts.get(value, 0)) for value, label in ActionStatus.choices]


# --- the network ------------------------------------------------------------------------------


def _counted(rows: QuerySet[Any], key: str) -> Coalesce:
    """The number of ``rows`` whose ``key`` is the outer row, as a subquery: counts of several
    relations side by side without joining them to each other (a join of members and meetings
    multiplies the rows it counts)."""
    number = rows.filter(**{key: OuterRef("pk")}).order_by().values(key).annotate(n=Count("*"))
    return Coalesce(Subquery(number.values("n")), 0)


def networks_with_numbers(networks: QuerySet[DistrictNetwork]) -> QuerySet[DistrictNetwork]:
    """District networks with their number of contact persons, key figures and meetings."""
    contacts = DistrictNetwork.contact_members.through.objects.all()
    key_figures = DistrictNetwork.key_figure_members.through.objects.all()
    return networks.annotate(
        n_contacts=_counted(contacts, "districtnetwork_id"),
        n_key_figures=_counted(key_figures, "districtnetwork_id"),
        n_meetings=_counted(DistrictMeeting.objects.all(), "network_id"),
    )


def name_who_was_present(
    meetings: list[DistrictMeeting],
    contacts: QuerySet[ContactPerson],
    key_figures: QuerySet[KeyFigure],
    members: list[ContactPerson],
    key_figure_members: list[KeyFigure],
) -> None:
    """Give each meeting ``present``: the names of the contact persons and then the key figures
    who were there, of those in ``contacts`` and ``key_figures`` (what the user may see), in
    their lists' order; and ``number_present``, with the others present.

    Mostly members were there, at many meetings: their names are taken from the network's
    members as the page read them (each decrypted once), and only the others are read. At most
    four queries, whatever the number of meetings and people."""
    ids = [meeting.pk for meeting in meetings]
    contacts_present = list(
        DistrictMeeting.contacts_present.through.objects.filter(
            districtmeeting_id__in=ids, contactperson_id__in=contacts.values("pk")
        )
        .order_by("contactperson__organisation__name", "contactperson_id")
        .values_list("districtmeeting_id", "contactperson_id")
    )
    key_figures_present = list(
        DistrictMeeting.key_figures_present.through.objects.filter(
            districtmeeting_id__in=ids, keyfigure_id__in=key_figures.values("pk")
        )
        .order_by("keyfigure__district", "keyfigure_id")
        .values_list("districtmeeting_id", "keyfigure_id")
    )
    contact_names = {person.pk: person.name for person in members}
    others = {pk for _meeting, pk in contacts_present if pk not in contact_names}
    if others:
        contact_names |= dict(contacts.filter(pk__in=others).values_list("pk", "name"))
    key_figure_names = {person.pk: person.name for person in key_figure_members}
    others = {pk for _meeting, pk in key_figures_present if pk not in key_figure_names}
    if others:
        key_figure_names |= dict(key_figures.filter(pk__in=others).values_list("pk", "name"))
    present: dict[int, list[str]] = {pk: [] for pk in ids}
    for meeting_id, pk in contacts_present:
        present[meeting_id].append(contact_names[pk])
    for meeting_id, pk in key_figures_present:
        present[meeting_id].append(key_figure_names[pk])
    for meeting in meetings:
        meeting.present = present[meeting.pk]  # type: ignore[attr-defined]
        meeting.number_present = len(present[meeting.pk]) + meeting.others_present  # type: ignore[attr-defined]


# --- trainings --------------------------------------------------------------------------------


def sessions_with_numbers(sessions: QuerySet[TrainingSession]) -> QuerySet[TrainingSession]:
    """Sessions with the number of participants: registered by name and counted."""
    counted = (
        Headcount.objects.filter(session=OuterRef("pk"))
        .order_by()
        .values("session")
        .annotate(n=Sum("count"))
        .values("n")
    )
    # Both as subqueries: a join would aggregate every session's participants before the
    # list is cut to the sessions shown.
    # Counted through the session's own relation: a number, which everyone who reads the
    # programme sees (the names are for who keeps the network, policy).
    named = (
        TrainingSession.objects.filter(pk=OuterRef("pk"))
        .order_by()
        .annotate(n=Count("participants"))
        .values("n")
    )
    return sessions.annotate(
        named=Coalesce(Subquery(named), 0),
        counted=Coalesce(Subquery(counted), 0),
    ).select_related("training")


def with_item_counts(events: QuerySet[Event]) -> QuerySet[Event]:
    """Events with ``n_items``, the number of items of their programme, counted per event in a
    subquery: a join grouped the whole list (with its themes' long texts) by every column before
    the list was cut to a page (11 ms for a large city's hundred events on SQLite)."""
    return events.annotate(n_items=_counted(ProgrammeItem.objects.all(), "event"))


@dataclass(frozen=True)
class Officer:
    """A designated officer by the key of their contact person and their name."""

    pk: int
    name: str


@dataclass
class TrainedRow:
    organisation: str
    named: int = 0
    counted: int = 0
    officers: int = 0
    # The contact persons of the designated officers not trained yet: their keys only, so that
    # the counts can be kept between requests without a name (``with_officer_names``).
    untrained_pks: list[int] = field(default_factory=list)
    untrained_officers: list[Officer] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.named + self.counted


def trained_counts(
    participants: QuerySet[TrainingParticipant],
    headcounts: QuerySet[Headcount],
    contacts: QuerySet[ContactPerson],
) -> list[TrainedRow]:
    """Per organisation: how many were trained (by name and counted), how many designated
    officers it has and the keys of those not trained yet (no participant of the same
    organisation with the same name, through the blind index). Three queries; no name is read,
    so the rows can be kept between requests."""
    rows: dict[str, TrainedRow] = {}
    for row in participants.order_by().values("organisation__name").annotate(n=Count("id")):
        name = row["organisation__name"] or ""
        rows.setdefault(name, TrainedRow(name)).named = row["n"]
    for row in headcounts.order_by().values("organisation__name").annotate(n=Sum("count")):
        name = row["organisation__name"] or ""
        rows.setdefault(name, TrainedRow(name)).counted = row["n"] or 0
    trained = participants.filter(
        name_index=OuterRef("name_index"), organisation_id=OuterRef("organisation_id")
    )
    officers = (
        contacts.filter(designated_officer=True, left_on__isnull=True)
        .annotate(trained=Exists(trained))
        .order_by("organisation__name", "pk")
        .values_list("pk", "organisation__name", "trained")
    )
    for pk, organisation, is_trained in officers:
        counted = rows.setdefault(organisation, TrainedRow(organisation))
        counted.officers += 1
        if not is_trained:
            counted.untrained_pks.append(pk)
    return sorted(rows.values(), key=lambda r: (r.organisation == "", r.organisation))


def with_officer_names(
    rows: list[TrainedRow], contacts: QuerySet[ContactPerson]
) -> list[TrainedRow]:
    """Copies of ``rows`` (which may be kept: they are not changed) with the names of the
    officers not trained yet, from ``contacts``: one query, only their names decrypted."""
    wanted = [pk for row in rows for pk in row.untrained_pks]
    names = dict(contacts.filter(pk__in=wanted).values_list("pk", "name")) if wanted else {}
    return [
        replace(
            row,
            untrained_pks=list(row.untrained_pks),
            untrained_officers=[Officer(pk, names[pk]) for pk in row.untrained_pks if pk in names],
        )
        for row in rows
    ]


# --- the programme in numbers -------------------------------------------------------------------


@dataclass
class Numbers:
    """The programme of one municipality in numbers, counts suppressed below the threshold."""

    threshold: int
    actions: list[tuple[Any, int | None]]
    budget: BudgetTable
    trainings: list[tuple[int, int | None, int | None]]
    events: list[tuple[int, int | None, int | None]]
    outreach: list[tuple[int, int | None, int | None, int | None, int | None]]
    network: list[tuple[Any, int | None]]


class Year(ExtractYear):
    """The year of a date, taken by the database itself: Django's ``__year`` on SQLite calls
    into Python for every row (a join of sessions and their participants has thousands)."""

    def as_sqlite(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        sql, params = compiler.compile(self.lhs)
        return f"CAST(STRFTIME('%%Y', {sql}) AS INTEGER)", params


def _per_year(rows: Any, *sums: str) -> dict[int, dict[str, int]]:
    """Rows with ``year`` and ``sums``, as totals per year, latest year first."""
    years: dict[int, dict[str, int]] = {}
    for row in rows:
        totals = years.setdefault(row["year"], dict.fromkeys(sums, 0))
        for name in sums:
            totals[name] += row[name] or 0
    return dict(sorted(years.items(), reverse=True))


@dataclass(frozen=True)
class ProgrammeCounts:
    """The programme of one municipality counted, before the disclosure control and in no
    language (what is kept between requests): actions by status; per year, the sessions and
    people trained, the events and their attendance, the school and parent programmes and whom
    they reached; the budget table (the plan as a whole without a theme's title); the network's
    sizes by the keys of ``casework.policy.network_counts_for``."""

    statuses: dict[str, int]
    budget: BudgetTable
    trainings: dict[int, dict[str, int]]
    events: dict[int, dict[str, int]]
    outreach: dict[int, dict[str, int]]
    network: dict[str, int]


def programme_counts(
    *,
    actions: QuerySet[PlanAction],
    lines: QuerySet[BudgetLine],
    sessions: QuerySet[TrainingSession],
    events: QuerySet[Event],
    deliveries: QuerySet[Delivery],
    network: dict[str, int],
) -> ProgrammeCounts:
    """The raw counts of ``programme_numbers``, from the rows the policy lets the user count."""
    # Sessions and who registered by name, per year; who was counted without a name, per year
    # of their session. Each session's participants are counted through the index on their
    # session (counting that column, the index alone answers), so the sessions are grouped as
    # they are: a join with every participant, counted distinct per session, sorted the whole
    # programme's participants (PostgreSQL at national size: 9 ms, now 3.5 ms). The count is
    # of the session the outer query took from ``sessions`` (the policy's), by its key.
    registered = (
        TrainingSession.objects.filter(pk=OuterRef("pk"))
        .order_by()
        .values("pk")
        .annotate(n=Count("participants__session"))
        .values("n")
    )
    trainings = _per_year(
        sessions.order_by()
        .annotate(registered=Coalesce(Subquery(registered), 0))
        .values(year=Year("starts_on"))
        .annotate(n=Count("id"), people=Sum("registered")),
        "n",
        "people",
    )
    counted = _per_year(
        Headcount.objects.filter(session__in=sessions.values("pk"))
        .order_by()
        .values(year=Year("session__starts_on"))
        .annotate(people=Sum("count")),
        "people",
    )
    for year, row in counted.items():
        if year in trainings:
            trainings[year]["people"] += row["people"]
    return ProgrammeCounts(
        statuses=status_counts(actions),
        budget=budget_table(lines),
        trainings=trainings,
        events=_per_year(
            events.order_by()
            .values(year=Year("held_on"))
            .annotate(n=Count("id"), people=Sum("attendance")),
            "n",
            "people",
        ),
        outreach=_per_year(
            deliveries.order_by()
            .values(year=Year("held_on"))
            .annotate(
                n=Count("id"),
                pupils=Sum("pupils"),
                parents=Sum("parents"),
                professionals=Sum("professionals"),
            ),
            "n",
            "pupils",
            "parents",
            "professionals",
        ),
        network=dict(network),
    )


def programme_numbers(
    counts: ProgrammeCounts, network: list[tuple[Any, str]], no_theme: str = ""
) -> Numbers:
    """The counts as they leave samen: every count below the threshold suppressed; the
    network's sizes as ``network`` names them ((label, key) pairs, in that order), the plan
    as a whole titled ``no_theme``. Nothing is read from the database."""
    budget = counts.budget
    rows = [
        replace(row, theme=no_theme) if row.theme_id is None and not row.theme else row
        for row in budget.rows
    ]
    return Numbers(
        threshold=SUPPRESSION_THRESHOLD,
        actions=[
            (label, suppress(counts.statuses.get(value, 0)))
            for value, label in ActionStatus.choices
        ],
        budget=BudgetTable(rows, budget.years, budget.total),
        trainings=[
            (year, suppress(row["n"]), suppress(row["people"]))
            for year, row in counts.trainings.items()
        ],
        events=[
            (year, suppress(row["n"]), suppress(row["people"]))
            for year, row in counts.events.items()
        ],
        outreach=[
            (
                year,
                suppress(row["n"]),
                suppress(row["pupils"]),
                suppress(row["parents"]),
                suppress(row["professionals"]),
            )
            for year, row in counts.outreach.items()
        ],
        network=[(label, suppress(counts.network.get(key, 0))) for label, key in network],
    )


def actions_open_due(actions: QuerySet[PlanAction], before: date) -> QuerySet[PlanAction]:
    return actions.filter(Q(status__in=PlanAction.OPEN) & Q(planned_end__lte=before))
