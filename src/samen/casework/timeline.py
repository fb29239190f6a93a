"""One chronological story of a case: signal, weighings, phases, meetings, plan and notes.

Each source is one query, so the number of queries does not grow with the case's history.
Restricted notes pass through the same policy as everywhere else."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _

from samen.casework.models import Case, CaseNote, Decision, Intervention, PhaseChange, Weighing


@dataclass(frozen=True)
class Event:
    at: datetime
    kind: str
    text: str
    who: str


def case_timeline(user: Any, case: Case) -> list[Event]:
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
    for change in PhaseChange.objects.filter(case=case).select_related("changed_by"):
        events.append(
            Event(
                change.changed_at,
                _("Phase"),
                f"{change.get_from_phase_display()} > {change.get_to_phase_display()}: "
                f"{change.reason}",
                change.changed_by.full_name,
            )
        )
    for decision in Decision.objects.filter(agenda_item__case=case).select_related(
        "recorded_by", "agenda_item__meeting"
    ):
        events.append(
            Event(
                decision.recorded_at,
                _("Decision"),
                f"{decision.agenda_item.meeting.title}: {decision.text}",
                decision.recorded_by.full_name,
            )
        )
    for intervention in Intervention.objects.filter(case=case).select_related("responsible"):
        events.append(
            Event(
                intervention.updated_at,
                _("Intervention"),
                f"{intervention.get_domain_display()} ({intervention.get_status_display()})",
                intervention.responsible.name,
            )
        )
    for note in (
        CaseNote.objects.visible_to(user).filter(case=case).select_related("organisation")[:50]
    ):
        events.append(Event(note.created_at, _("Contribution"), note.text, note.organisation.name))
    return sorted(events, key=lambda event: event.at, reverse=True)
