"""Subject access (GDPR Art. 15): everything samen holds about one person, for the DPO.

The data protection officer reaches persons of the DPO's home municipality (the controller)
without taking part in their cases: answering a request of the person is the DPO's lawful task.
Only exact look-ups by name and date of birth (the blind index), like the casework search.

What the report redacts, and why (docs/privacy.md):

- third persons in structured fields: the reporter's name and contact of a signal, the names
  and notes of related persons (only the kind of relation stays);
- staff: who wrote, weighed, decided or opened something is given as the organisation, never
  the staff member's name (CJEU C-579/21: the identity of employees who consulted the data is
  not part of the right of access). The audit trail gives organisation, action and time.

Free text (observations, contributions, reasons) may name other people; samen cannot find
those reliably, so the DPO reads the export before handing it over.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from samen.audit.models import AuditEntry
from samen.audit.services import record
from samen.casework.lifecycle import Phase
from samen.casework.models import (
    Action,
    AgendaItem,
    Attachment,
    Case,
    CaseNote,
    CaseParticipation,
    Decision,
    DomainAssessment,
    Intervention,
    Person,
    Signal,
    Weighing,
)
from samen.core.blind_index import blind_index

REDACTED = "[redacted: third person]"
# Audit object types whose ids point at the person's own records.
_AUDITED_TYPES = ("casework.person", "casework.case", "casework.signal", "casework.attachment")


def _home_municipality_id(user: Any) -> int | None:
    if not (getattr(user, "is_authenticated", False) and getattr(user, "is_active", False)):
        return None
    return user.organisation.home_municipality_id


def subjects_for(user: Any) -> QuerySet[Person]:
    """The persons a DPO may answer for: those of the DPO's home municipality."""
    municipality_id = _home_municipality_id(user)
    if municipality_id is None:
        return Person.objects.none()
    return Person.objects.filter(municipality_id=municipality_id)


def find_subjects(request: HttpRequest, name: str, birth_date: date | None) -> list[Person]:
    persons = subjects_for(request.user)
    if birth_date:
        persons = persons.filter(name_index=blind_index(name, birth_date.isoformat()))
    else:
        persons = persons.filter(name_only_index=blind_index(name))
    results = list(persons.order_by("pk")[:50])
    record(
        request,
        "privacy.subject_access.search",
        targets=results,
        object_label=str(len(results)),
    )
    return results


def get_subject_for(request: HttpRequest, pk: int, *, action: str = "") -> Person:
    """One person for the DPO; 404 (audited as denied) when missing or of another controller."""
    person = subjects_for(request.user).filter(pk=pk).first()
    if person is None:
        record(
            request,
            action or "privacy.subject_access.view",
            outcome=AuditEntry.Outcome.DENIED,
            object_type="casework.person",
            object_id=str(pk),
        )
        raise Http404
    if action:
        record(request, action, person)
    return person


def _when(value: datetime | date | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    return value.isoformat()


def _org(organisation: Any) -> str | None:
    return organisation.name if organisation is not None else None


def _signals(person: Person) -> QuerySet[Signal]:
    by_origin = Q(case__person=person)
    # The index alone only when the person has a date of birth: a name alone may be someone else.
    by_index = (
        Q(subject_index=person.name_index, municipality_id=person.municipality_id)
        if person.birth_date and person.name_index
        else Q(pk__in=[])
    )
    return (
        Signal.objects.filter(by_origin | by_index)
        .distinct()
        .select_related("reporting_organisation", "municipality")
        .prefetch_related(
            "additions",
            Prefetch(
                "weighings",
                queryset=Weighing.objects.select_related("referred_to", "weighed_by__organisation"),
            ),
        )
        .order_by("received_at", "pk")
    )


def _cases(person: Person) -> QuerySet[Case]:
    items = AgendaItem.objects.select_related("meeting").prefetch_related(
        Prefetch(
            "decisions", queryset=Decision.objects.select_related("recorded_by__organisation")
        ),
        Prefetch("actions", queryset=Action.objects.select_related("owner")),
    )
    return (
        Case.objects.filter(person=person)
        .select_related("municipality", "origin")
        .prefetch_related(
            Prefetch(
                "participations",
                queryset=CaseParticipation.objects.select_related("organisation").order_by(
                    "added_at", "pk"
                ),
            ),
            Prefetch("phase_changes"),
            Prefetch("concerns"),
            Prefetch(
                "notes",
                queryset=CaseNote.objects.select_related("organisation")
                .prefetch_related("restricted_to")
                .order_by("created_at", "pk"),
            ),
            Prefetch(
                "domain_assessments",
                queryset=DomainAssessment.objects.select_related("organisation"),
            ),
            "goals",
            Prefetch("interventions", queryset=Intervention.objects.select_related("responsible")),
            "plan_approvals",
            "closure_requests",
            "reviews",
            Prefetch("attachments", queryset=Attachment.objects.select_related("organisation")),
            Prefetch("agenda_items", queryset=items),
        )
        .order_by("opened_at", "pk")
    )


def _signal_data(signal: Signal) -> dict[str, Any]:
    return {
        "reference": signal.reference,
        "received_at": _when(signal.received_at),
        "receiving_municipality": _org(signal.municipality),
        "channel": signal.get_channel_display(),
        "status": signal.get_status_display(),
        "subject_name": signal.subject_name,
        "subject_birth_date": signal.subject_birth_date,
        "district": signal.district,
        "observation": signal.observation,
        "reporter": (
            _("anonymous")
            if signal.anonymous
            else (_org(signal.reporting_organisation) or REDACTED)
        ),
        "additions": [
            {"added_at": _when(a.added_at), "source": a.get_source_display(), "text": a.text}
            for a in signal.additions.all()
        ],
        "weighings": [
            {
                "weighed_at": _when(w.weighed_at),
                "by_organisation": _org(w.weighed_by.organisation),
                "outcome": w.get_outcome_display(),
                "reasons": w.reasons,
                "advice": w.advice,
                "referred_to": _org(w.referred_to),
            }
            for w in signal.weighings.all()
        ],
    }


def _case_data(case: Case) -> dict[str, Any]:
    items = list(case.agenda_items.all())
    return {
        "reference": case.reference,
        "opened_at": _when(case.opened_at),
        "direction": _org(case.municipality),
        "phase": case.get_phase_display(),
        "origin_signal": case.origin.reference if case.origin else None,
        "recipients": [
            {
                "organisation": _org(p.organisation),
                "from": _when(p.added_at),
                "until": _when(p.removed_at),
                "reason": p.reason,
                "removal_reason": p.removal_reason,
            }
            for p in case.participations.all()
        ],
        "phases": [
            {
                "at": _when(c.changed_at),
                "from": c.get_from_phase_display(),
                "to": c.get_to_phase_display(),
                "reason": c.reason,
            }
            for c in case.phase_changes.all()
        ],
        "concern": [
            {
                "at": _when(c.set_at),
                "ideology": c.get_ideology_display(),
                "level": c.get_level_display(),
                "reasons": c.reasons,
            }
            for c in case.concerns.all()
        ],
        "contributions": [
            {
                "at": _when(n.created_at),
                "organisation": _org(n.organisation),
                "restricted": n.restricted,
                "restricted_to": [o.name for o in n.restricted_to.all()],
                "shared_at_meeting": n.agenda_item_id is not None,
                "text": n.text,
            }
            for n in case.notes.all()
        ],
        "assessments": [
            {
                "at": _when(a.created_at),
                "organisation": _org(a.organisation),
                "life_domain": a.get_domain_display(),
                "risk_factors": a.risk_factors,
                "protective_factors": a.protective_factors,
            }
            for a in case.domain_assessments.all()
        ],
        "goals": [{"at": _when(g.created_at), "text": g.text} for g in case.goals.all()],
        "interventions": [
            {
                "domain": i.get_domain_display(),
                "description": i.description,
                "responsible": _org(i.responsible),
                "start": _when(i.starts_on),
                "planned_end": _when(i.planned_end),
                "status": i.get_status_display(),
                "outcome": i.outcome,
                "voluntary": i.voluntary,
                "consent_given": i.consent_given,
                "consent_by": i.get_consent_by_display() if i.consent_by else "",
                "consent_on": _when(i.consent_on),
                "consent_to": i.consent_scope,
            }
            for i in case.interventions.all()
        ],
        "plan_approvals": [
            {"at": _when(a.approved_at), "note": a.note} for a in case.plan_approvals.all()
        ],
        "closure_requests": [
            {
                "at": _when(r.requested_at),
                "closing_reason": r.get_closing_reason_display(),
                "explanation": r.explanation,
                "approved": r.approved,
                "decision_note": r.decision_note,
            }
            for r in case.closure_requests.all()
        ],
        "reviews": [
            {"due_on": _when(r.due_on), "done_at": _when(r.done_at), "findings": r.note}
            for r in case.reviews.all()
        ],
        "decisions": [
            {"at": _when(d.recorded_at), "meeting": _when(i.meeting.starts_at), "text": d.text}
            for i in items
            for d in i.decisions.all()
        ],
        "actions": [
            {
                "description": a.description,
                "owner": _org(a.owner),
                "due_date": _when(a.due_date),
                "status": a.get_status_display(),
            }
            for i in items
            for a in i.actions.all()
        ],
        "attachments": [
            {
                "title": a.title,
                "kind": a.get_kind_display(),
                "uploaded_at": _when(a.uploaded_at),
                "organisation": _org(a.organisation),
            }
            for a in case.attachments.all()
        ],
    }


def _access_log(person: Person, cases: list[Case], signals: list[Signal]) -> list[dict[str, Any]]:
    ids = {
        "casework.person": [str(person.pk)],
        "casework.case": [str(c.pk) for c in cases],
        "casework.signal": [str(s.pk) for s in signals],
        "casework.attachment": [str(a.pk) for c in cases for a in c.attachments.all()],
    }
    condition = Q(pk__in=[])
    for object_type in _AUDITED_TYPES:
        if ids[object_type]:
            condition |= Q(object_type=object_type, object_id__in=ids[object_type])
    entries = AuditEntry.objects.filter(condition).order_by("timestamp", "id")
    return [
        {
            "at": _when(e.timestamp),
            "organisation": e.organisation_label,
            "action": e.action,
            "outcome": e.get_outcome_display(),
        }
        for e in entries
    ]


def _closed_at(case: Case) -> datetime | None:
    moments = [c.changed_at for c in case.phase_changes.all() if c.to_phase == Phase.CLOSED]
    return max(moments) if case.phase == Phase.CLOSED and moments else None


def retention(person: Person, cases: list[Case], signals: list[Signal]) -> dict[str, Any]:
    """When the personal data goes, from the retention terms (privacy/retention.py)."""
    from samen.privacy.retention import UNADMITTED, Terms, due_on

    terms = Terms.from_settings()
    open_case = any(c.phase != Phase.CLOSED for c in cases)
    closed = [moment for c in cases if (moment := _closed_at(c)) is not None]
    return {
        "terms": {
            "closed_case_years": terms.case_years,
            "unadmitted_signal_months": terms.signal_months,
            "person_months": terms.person_months,
            "attachment_years": terms.attachment_years,
        },
        "cases": [
            {
                "reference": c.reference,
                "removed_on": _when(due_on(_closed_at(c), terms.case_years * 12))
                or _("term starts when the case is closed"),
            }
            for c in cases
        ],
        "signals": [
            {
                "reference": s.reference,
                "removed_on": _when(
                    due_on(
                        max((w.weighed_at for w in s.weighings.all()), default=None),
                        terms.signal_months,
                    )
                )
                if s.status in UNADMITTED
                else _("with its case, or after its weighing"),
            }
            for s in signals
        ],
        "person_details_erased_on": (
            _("term starts when the last case is closed")
            if open_case or not closed
            else _when(due_on(max(closed), terms.person_months))
        ),
        "legal_hold": _("A legal hold on a case postpones these dates."),
    }


def subject_report(person: Person) -> dict[str, Any]:
    """Everything held about the person, third persons and staff names redacted."""
    cases = list(_cases(person))
    signals = list(_signals(person))
    relations = person.relations.all()
    return {
        "generated_at": _when(timezone.now()),
        "controller": _org(person.municipality),
        "person": {
            "id": person.pk,
            "name": person.name,
            "aliases": person.aliases,
            "birth_date": person.birth_date,
            "minor": person.is_minor,
            "gender": person.get_gender_display(),
            "district": person.district,
            "contact": person.contact,
            "recorded_since": _when(person.created_at),
        },
        "related_persons": [
            {"relation": r.get_kind_display(), "name": REDACTED, "added_at": _when(r.added_at)}
            for r in relations
        ],
        "signals": [_signal_data(s) for s in signals],
        "cases": [_case_data(c) for c in cases],
        "access_log": _access_log(person, cases, signals),
        "retention": retention(person, cases, signals),
        "limits": [
            _(
                "Names of third persons are removed from the structured fields (reporters, related "
                "persons). Free text may still mention other people: the data protection officer "
                "reads it before handing this export over."
            ),
            _(
                "Staff are named by their organisation only; restricted contributions are "
                "included and marked."
            ),
            _("Attachments are listed; their files can be provided on request."),
        ],
    }


def export(request: HttpRequest, person: Person, fmt: str) -> dict[str, Any]:
    """The report for an export, audited with the person's id only."""
    report = subject_report(person)
    record(
        request,
        "privacy.subject_access.export",
        object_type="casework.person",
        object_id=str(person.pk),
        object_label=f"person {person.pk}: {fmt}",
    )
    return report


# Labels of the report's keys, for the page and the PDF (the JSON keeps the keys).
LABELS: dict[str, Any] = {
    "generated_at": _l("Generated at"),
    "controller": _l("Controller"),
    "person": _l("Person"),
    "id": _l("Number"),
    "name": _l("Name"),
    "aliases": _l("Aliases"),
    "birth_date": _l("Date of birth"),
    "minor": _l("Minor"),
    "gender": _l("Gender"),
    "district": _l("District"),
    "contact": _l("Contact details"),
    "recorded_since": _l("Recorded since"),
    "related_persons": _l("Related persons"),
    "relation": _l("Relation"),
    "added_at": _l("Added at"),
    "signals": _l("Signals"),
    "reference": _l("Reference"),
    "received_at": _l("Received at"),
    "receiving_municipality": _l("Receiving municipality"),
    "channel": _l("Channel"),
    "status": _l("Status"),
    "subject_name": _l("Name of the person concerned"),
    "subject_birth_date": _l("Date of birth of the person concerned"),
    "observation": _l("What was observed"),
    "reporter": _l("Reporter"),
    "additions": _l("Information added later"),
    "source": _l("Source"),
    "text": _l("Text"),
    "weighings": _l("Weighings"),
    "weighed_at": _l("Weighed at"),
    "by_organisation": _l("By organisation"),
    "outcome": _l("Outcome"),
    "reasons": _l("Reasons"),
    "advice": _l("Advice"),
    "referred_to": _l("Referred to"),
    "cases": _l("Cases"),
    "opened_at": _l("Opened at"),
    "direction": _l("Direction"),
    "phase": _l("Phase"),
    "origin_signal": _l("Signal"),
    "recipients": _l("Recipients (participating organisations)"),
    "organisation": _l("Organisation"),
    "from": _l("From"),
    "until": _l("Until"),
    "reason": _l("Reason"),
    "removal_reason": _l("Reason for removal"),
    "phases": _l("Phases"),
    "at": _l("At"),
    "to": _l("To"),
    "concern": _l("Ideology and level of concern"),
    "ideology": _l("Ideology"),
    "level": _l("Level of concern"),
    "contributions": _l("Contributions"),
    "restricted": _l("Restricted (professional secrecy)"),
    "restricted_to": _l("Only for"),
    "shared_at_meeting": _l("Shared at a meeting"),
    "assessments": _l("Assessments of life domains"),
    "life_domain": _l("Life domain"),
    "risk_factors": _l("Risk factors"),
    "protective_factors": _l("Protective factors"),
    "goals": _l("Goals"),
    "interventions": _l("Interventions"),
    "domain": _l("Domain"),
    "description": _l("Description"),
    "responsible": _l("Responsible organisation"),
    "start": _l("Start"),
    "planned_end": _l("Planned end"),
    "voluntary": _l("Voluntary"),
    "consent_given": _l("Consent given"),
    "consent_by": _l("Consent given by"),
    "consent_on": _l("Consent given on"),
    "consent_to": _l("Consent given to"),
    "plan_approvals": _l("Plan approvals"),
    "note": _l("Note"),
    "closure_requests": _l("Closure requests"),
    "closing_reason": _l("Closing reason"),
    "explanation": _l("Explanation"),
    "approved": _l("Approved"),
    "decision_note": _l("Note on the decision"),
    "reviews": _l("Reviews"),
    "due_on": _l("Due on"),
    "done_at": _l("Done at"),
    "findings": _l("Findings"),
    "decisions": _l("Decisions"),
    "meeting": _l("Meeting"),
    "actions": _l("Actions"),
    "owner": _l("Owner organisation"),
    "due_date": _l("Due date"),
    "attachments": _l("Attachments"),
    "title": _l("Title"),
    "kind": _l("Kind"),
    "uploaded_at": _l("Uploaded at"),
    "access_log": _l("Who accessed these records"),
    "action": _l("Action"),
    "retention": _l("Retention"),
    "terms": _l("Terms"),
    "closed_case_years": _l("Closed cases (years after closing)"),
    "unadmitted_signal_months": _l("Signals not admitted (months after weighing)"),
    "person_months": _l("Person's details (months after the last case closed)"),
    "attachment_years": _l("Attachments (years after closing)"),
    "removed_on": _l("Removed on"),
    "person_details_erased_on": _l("Person's details erased on"),
    "legal_hold": _l("Legal hold"),
    "limits": _l("Limits of this export"),
}


@dataclass
class Block:
    """A heading with its facts: the shape both the page and the PDF are drawn from."""

    level: int
    title: str
    rows: list[tuple[str, str]] = field(default_factory=list)
    marked: bool = False


def _label(key: str) -> str:
    return str(LABELS.get(key, key))


def _text(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, list):
        return ", ".join(_text(v) for v in value) or "—"
    if isinstance(value, dict):
        return "; ".join(f"{_label(k)}: {_text(v)}" for k, v in value.items()) or "—"
    return str(value)


def _items(key: str, items: list[Any], level: int) -> list[Block]:
    blocks = [Block(level, _label(key))]
    if not items:
        blocks[0].rows.append(("", str(_("None recorded."))))
    for n, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            blocks[0].rows.append(("", _text(item)))
            continue
        title = item.get("reference") or f"{_label(key)} {n}"
        block = Block(level + 1, str(title), marked=bool(item.get("restricted")))
        blocks.append(block)
        nested: list[Block] = []
        for k, v in item.items():
            if isinstance(v, list) and k != "restricted_to":
                nested += _items(k, v, level + 2)
            else:
                block.rows.append((_label(k), _text(v)))
        blocks += nested
    return blocks


def outline(report: dict[str, Any]) -> list[Block]:
    """The report as headings (levels 2 to 5 under the page's h1) and facts."""
    top = Block(2, str(_("About this export")))
    blocks = [top]
    for key, value in report.items():
        if isinstance(value, list):
            blocks += _items(key, value, 2)
        elif isinstance(value, dict):
            blocks.append(Block(2, _label(key), [(_label(k), _text(v)) for k, v in value.items()]))
        else:
            top.rows.append((_label(key), _text(value)))
    return blocks


_FONT_PATHS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
)


def render_pdf(report: dict[str, Any], title: str, language: str) -> bytes:
    """A PDF with a title, the document language and an outline (bookmarks) of the headings."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_title(title)
    pdf.set_lang(language)
    pdf.set_creator("samen")
    pdf.set_auto_page_break(auto=True, margin=15)
    font = next((p for p in _FONT_PATHS if Path(p).exists()), None)
    if font is not None:
        pdf.add_font("body", "", font)
        family = "body"

        def clean(value: str) -> str:
            return value

    else:  # Core font: Latin-1 only; other characters become "?" (the JSON keeps them).
        family = "Helvetica"

        def clean(value: str) -> str:
            return value.encode("latin-1", "replace").decode("latin-1")

    pdf.add_page()
    pdf.set_font(family, size=16)
    pdf.start_section(clean(title), level=0)
    pdf.multi_cell(0, 9, clean(title), new_x="LMARGIN", new_y="NEXT")
    sizes = {2: 14, 3: 12, 4: 11, 5: 10}
    for block in outline(report):
        pdf.set_font(family, size=sizes.get(block.level, 10))
        heading = block.title + (f" ({_('restricted')})" if block.marked else "")
        pdf.start_section(clean(heading), level=min(block.level - 1, 3))
        pdf.multi_cell(0, 7, clean(heading), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(family, size=9)
        for label, value in block.rows:
            line = f"{label}: {value}" if label else value
            pdf.multi_cell(0, 5, clean(line), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    return bytes(pdf.output())
