"""What the case page reads for a case the policy getter returned, and the case's timeline.

Each source is one query, so the number of queries does not grow with the case's history.
Restricted contributions pass through the same policy as everywhere else."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from django.db import connection
from django.db.models import ForeignKey, Model, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from samen.casework import policy
from samen.casework.lifecycle import Phase
from samen.casework.models import (
    Action,
    AgendaItem,
    Case,
    CaseLink,
    CaseNote,
    CaseParticipation,
    CaseTransfer,
    ClosureRequest,
    Decision,
    ExpertOrder,
    Goal,
    HandOver,
    InformingDecision,
    Intervention,
    JoinedSignal,
    PhaseChange,
    TravelStatus,
    Weighing,
)


def current_participations(to_attr: str | None = None) -> Prefetch[Any]:
    """The organisations taking part now, by name (for lists of cases; with ``to_attr`` on an
    attribute of its own, so that ``participations`` keeps meaning all of them). The lists show
    the organisation and since when: the reasons (encrypted) are not read."""
    return Prefetch(
        "participations",
        queryset=CaseParticipation.objects.current()
        .select_related("organisation")
        .only("case", "added_at", "organisation__name")
        .order_by("organisation__name"),
        to_attr=to_attr,
    )


def agenda_items_of(user: Any, case: Case) -> QuerySet[AgendaItem]:
    """The meetings where the case was discussed, with decisions, actions and the information
    shared that the user may see."""
    return (
        AgendaItem.objects.filter(case=case)
        .select_related("meeting")
        .prefetch_related(
            Prefetch("decisions", queryset=Decision.objects.select_related("recorded_by")),
            Prefetch("actions", queryset=Action.objects.select_related("owner")),
            Prefetch(
                "shared_information",
                queryset=policy.notes_visible_to(user).select_related("organisation"),
            ),
        )
        .order_by("-meeting__starts_at")
    )


@dataclass(frozen=True)
class Event:
    at: datetime
    kind: str
    text: str
    who: str


# The contributions the timeline tells (the newest); the page lists the first PAGE_SIZE of them.
TIMELINE_NOTES = 50


# The sources of the case page that most cases leave empty, by the model each reads (all keyed
# by the case, a link also by the case it points to). ``present`` asks which have rows at all in
# one statement, so that the page reads only those: a typical case has no travel status, no
# decision on informing, no hand-over, link, transfer, order, added signal or closing request.
PROBED: dict[str, type[Model]] = {
    "travel": TravelStatus,
    "informing": InformingDecision,
    "hand_overs": HandOver,
    "links": CaseLink,
    "transfers": CaseTransfer,
    "orders": ExpertOrder,
    "joined": JoinedSignal,
    "closures": ClosureRequest,
}


def present(case: Case) -> frozenset[str]:
    """The names of ``PROBED`` that have a row for ``case`` (a case the policy getter returned):
    one statement of index probes. A source named here may still show nothing to the user (the
    policy filters links and orders); one not named has no row for anyone.

    Written as SQL (``_probes``), not as eight ``Exists`` annotations: Django builds those
    again on every request, 2-3 ms of the case page's time against 0.2 ms for the statement."""
    with connection.cursor() as cursor:
        cursor.execute(_probes(), [case.pk] * (len(PROBED) + 1))
        found = cursor.fetchone()
    return frozenset(name for name, has in zip(PROBED, found, strict=True) if has)


@cache
def _probes() -> str:
    """``SELECT EXISTS (...), ...`` in the order of ``PROBED``, a parameter per case key (a
    link's twice: the case it is made from or to)."""
    quote = connection.ops.quote_name

    def column(model: type[Model], name: str) -> str:
        field = model._meta.get_field(name)
        if not isinstance(field, ForeignKey):
            raise TypeError(f"{model.__name__}.{name} is not a key to a case")
        return quote(field.column)

    probes = []
    for model in PROBED.values():
        where = f"{column(model, 'case')} = %s"
        if model is CaseLink:
            where += f" OR {column(model, 'to_case')} = %s"
        table = quote(model._meta.db_table)
        probes.append(f"EXISTS (SELECT 1 FROM {table} WHERE {where})")  # noqa: S608 - our names
    return "SELECT " + ", ".join(probes)


@dataclass(frozen=True)
class CaseRecords:
    """What the case page reads of a case once, for its several parts (summary, plan, lists,
    timeline): each source one query, whatever the case's history."""

    items: list[AgendaItem]  # with decisions, actions and visible shared information
    closures: list[ClosureRequest]  # the pending request and the approved ones, newest first
    transfers: list[CaseTransfer]  # newest first
    goals: list[Goal]
    interventions: list[Intervention]
    notes: list[CaseNote]  # the newest TIMELINE_NOTES contributions the user may see
    # The sources of ``PROBED`` with rows (``present``); the others are not read.
    present: frozenset[str] = frozenset(PROBED)

    @property
    def pending_closure(self) -> ClosureRequest | None:
        return next((closure for closure in self.closures if closure.decided_at is None), None)


def case_records(user: Any, case: Case, found: frozenset[str] | None = None) -> CaseRecords:
    """The rows of ``case`` (a case the policy getter returned) that more than one part of the
    case page shows; with ``found`` (``present``), the sources of ``PROBED`` not in it are not
    read."""
    found = frozenset(PROBED) if found is None else found
    return CaseRecords(
        items=list(agenda_items_of(user, case)),
        closures=list(
            ClosureRequest.objects.filter(case=case)
            .filter(Q(decided_at__isnull=True) | Q(approved=True))
            .select_related("requested_by")
        )
        if "closures" in found
        else [],
        transfers=list(
            CaseTransfer.objects.filter(case=case).select_related(
                "from_municipality", "to_municipality", "proposed_by", "decided_by"
            )
        )
        if "transfers" in found
        else [],
        goals=list(Goal.objects.filter(case=case)),
        interventions=list(Intervention.objects.filter(case=case).select_related("responsible")),
        notes=list(notes_of(user, case, TIMELINE_NOTES)),
        present=found,
    )


def case_timeline(case: Case, records: CaseRecords) -> list[Event]:
    """One chronological story of a case: signal, weighings, phases, meetings, plan, notes."""
    events: list[Event] = []
    if case.origin_id is not None and case.origin is not None:
        events.append(
            Event(
                case.origin.received_at,
                _("Signal"),
                case.origin.reference,
                case.origin.get_channel_display(),
            )
        )
        for weighing in Weighing.objects.filter(signal_id=case.origin_id).select_related(
            "weighed_by"
        ):
            events.append(
                Event(
                    weighing.weighed_at,
                    _("Weighing"),
                    weighing.get_outcome_display(),
                    weighing.weighed_by.full_name,
                )
            )
    # A closing shows its reason from the approved request, by its code in the reader's
    # language (the change itself keeps only the explanation; older changes also kept the
    # reason's text in the language of whoever closed, which this replaces).
    approved = sorted(
        (
            (closure.decided_at, closure)
            for closure in records.closures
            if closure.approved and closure.decided_at is not None
        ),
        key=lambda pair: pair[0],
    )
    joined_signals = (
        JoinedSignal.objects.filter(case=case).select_related("signal", "joined_by")
        if "joined" in records.present
        else []
    )
    for joined in joined_signals:
        events.append(
            Event(
                joined.joined_at,
                _("Signal added"),
                # As for the signal the case came from: the reference, not the observation
                # (the signal's content stays with the reporting point).
                f"{joined.signal.reference} ({joined.signal.get_channel_display()})",
                joined.joined_by.full_name,
            )
        )
    # Transfers to another municipality: the proposal and what became of it. Whoever sees the
    # case sees them (the sending side before the move, the receiving side after it).
    for transfer in records.transfers:
        route = f"{transfer.from_municipality.name} > {transfer.to_municipality.name}"
        events.append(
            Event(
                transfer.proposed_at,
                _("Transfer proposed"),
                f"{route}: {transfer.reason}",
                transfer.proposed_by.full_name,
            )
        )
        if transfer.decided_at is not None and transfer.decided_by is not None:
            text = f"{route}: {transfer.decision_reason}" if transfer.decision_reason else route
            events.append(
                Event(
                    transfer.decided_at,
                    _("Transfer: %(state)s") % {"state": transfer.get_state_display()},
                    text,
                    transfer.decided_by.full_name,
                )
            )
    for change in PhaseChange.objects.filter(case=case).select_related("changed_by"):
        reason = change.reason
        if change.to_phase == Phase.CLOSED:
            closure = next(
                (c for decided, c in reversed(approved) if decided <= change.changed_at), None
            )
            if closure is not None:
                reason = f"{closure.get_closing_reason_display()}: {closure.explanation}"
        events.append(
            Event(
                change.changed_at,
                _("Phase"),
                f"{change.get_from_phase_display()} > {change.get_to_phase_display()}: {reason}",
                change.changed_by.full_name,
            )
        )
    # Every decision on the case: those of its agenda items (each item's meeting read with it).
    decisions = sorted(
        (decision for item in records.items for decision in item.decisions.all()),
        key=lambda decision: (decision.recorded_at, decision.pk),
    )
    for decision in decisions:
        events.append(
            Event(
                decision.recorded_at,
                _("Decision"),
                f"{decision.agenda_item.meeting.title}: {decision.text}",
                decision.recorded_by.full_name,
            )
        )
    for intervention in records.interventions:
        events.append(
            Event(
                intervention.updated_at,
                _("Intervention"),
                f"{intervention.get_domain_display()} ({intervention.get_status_display()})",
                intervention.responsible.name,
            )
        )
    for note in records.notes:
        events.append(Event(note.created_at, _("Contribution"), note.text, note.organisation.name))
    return sorted(events, key=lambda event: event.at, reverse=True)


def notes_of(user: Any, case: Case, limit: int) -> QuerySet[CaseNote]:
    return (
        policy.notes_visible_to(user)
        .filter(case=case)
        .select_related("organisation", "author")
        .prefetch_related("restricted_to")[:limit]
    )
