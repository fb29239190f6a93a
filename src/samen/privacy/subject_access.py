"""Subject access (GDPR Art. 15): everything samen holds about one person, for the DPO.

The data protection officer reaches persons of the DPO's home municipality (the controller)
without taking part in their cases: answering a request of the person is the DPO's lawful task
(``samen.casework.policy.subjects_for``). Only exact look-ups by name and date of birth (the
blind index), like the casework search. What the report holds is what the registry of personal
data (``samen.core.personal_data``) says each model contributes.

What the report redacts, and why (docs/privacy.md):

- third persons in structured fields: the reporter's name and contact of a signal, the names
  and notes of related persons (only the kind of relation stays);
- staff: who wrote, weighed, decided or opened something is given as the organisation, never
  the staff member's name (CJEU C-579/21: the identity of employees who consulted the data is
  not part of the right of access). The audit trail gives organisation, action and time.

Free text (observations, contributions, reasons) may name other people; samen cannot find
those reliably, so the DPO reads the export before handing it over.

The prevention programme holds personal data too: contact persons of partner organisations,
key figures and training participants registered by name. A request covers them: the search
finds them by exact name (the blind index), or by exact e-mail address when one is given, and a
record whose e-mail address differs from the one given is left out. Programme records hold no
date of birth. A person's report includes the programme's records with the same name (and the
same e-mail address, where the person's contact details hold one); someone known only to the
programme gets a report of those records from the search page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.db.models import Count, Max, Q, QuerySet, Window
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from samen.accounts.models import Organisation
from samen.audit.actor import Actor
from samen.audit.models import AuditEntry
from samen.audit.services import record
from samen.casework import policy
from samen.casework.lifecycle import Phase, add_months
from samen.casework.models import Attachment, Person, Signal
from samen.core import personal_data
from samen.core.personal_data import when
from samen.privacy.audit_lines import describe_action
from samen.privacy.erasure import roots_of

# Audit object types whose ids point at the person's own records.
_AUDITED_TYPES = (
    "casework.person",
    "casework.case",
    "casework.signal",
    "casework.attachment",
    "programme.contactperson",
    "programme.keyfigure",
    "programme.trainingparticipant",
)
# The programme's roots in the registry, with the key of their section in a report.
PROGRAMME_SECTIONS = {
    "contact_person": "contact_persons",
    "key_figure": "key_figures",
    "training_participant": "training_participants",
}
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def find_subjects(actor: Actor, name: str, birth_date: date | None) -> list[Person]:
    persons = policy.persons_named(policy.subjects_for(actor.user), name, birth_date)
    results = list(persons.order_by("pk")[:50])
    record(
        actor,
        "privacy.subject_access.search",
        targets=results,
        object_label=str(len(results)),
    )
    return results


def find_programme_records(actor: Actor, name: str, email: str = "") -> dict[str, list[Any]]:
    """The programme's records about the person (by registry root), by exact name or e-mail
    address among those of the DPO's municipality; the search is audited with the counts."""
    found = policy.programme_records_named(policy.programme_subjects_for(actor.user), name, email)
    results = {
        root: list(
            queryset.select_related(*personal_data.root_entry(root).related).order_by("pk")[:50]
        )
        for root, queryset in found.items()
    }
    record(
        actor,
        "privacy.subject_access.programme",
        object_type="programme",
        object_label="programme: "
        + ", ".join(f"{root} {len(rows)}" for root, rows in results.items()),
    )
    return results


def _programme_roots(person: Person) -> dict[str, QuerySet[Any]]:
    """The programme's records with the person's name (and e-mail address, where the person's
    contact details hold one) in the person's municipality."""
    if not person.name_only_index:
        return {root: q.none() for root, q in policy.programme_records_of(None).items()}
    match = _EMAIL.search(person.contact or "")
    records = policy.programme_records_of(person.municipality_id)
    return policy.programme_records_named(records, person.name, match.group(0) if match else "")


def _programme_read(
    roots: dict[str, QuerySet[Any]],
) -> tuple[dict[str, list[dict[str, Any]]], dict[str, list[Any]]]:
    """The programme's sections of a report (by their key) and the records read for them (by
    root), whose ids and dates the access log and the retention terms take without reading
    the records again."""
    sections: dict[str, list[dict[str, Any]]] = {}
    records: dict[str, list[Any]] = {}
    for root, queryset in roots.items():
        section = PROGRAMME_SECTIONS[root]
        sections[section], records[root] = personal_data.export_with_roots(
            root, queryset.order_by("pk")
        )
    return sections, records


def _programme_ids(records: dict[str, list[Any]]) -> dict[str, list[str]]:
    return {
        personal_data.root_entry(root).label: [str(record.pk) for record in rows]
        for root, rows in records.items()
    }


def _programme_retention(records: dict[str, list[Any]]) -> dict[str, Any]:
    """When the programme's records go: contact persons a term after they left the network,
    key figures at their own term (or when they withdraw consent), participants' names a term
    after the session."""
    from samen.privacy.retention import Terms

    terms = Terms.from_settings()
    rows = []
    for contact in records["contact_person"]:
        rows.append(
            {
                "reference": f"contact person {contact.pk}",
                "removed_on": when(add_months(contact.left_on, terms.contact_months))
                if contact.left_on
                else _("term starts when they leave the network"),
            }
        )
    for figure in records["key_figure"]:
        rows.append(
            {"reference": f"key figure {figure.pk}", "removed_on": when(figure.retain_until)}
        )
    for participant in records["training_participant"]:
        held_on = participant.session.starts_on
        rows.append(
            {
                "reference": f"participant {participant.pk}",
                "removed_on": when(add_months(held_on, terms.participant_years * 12)),
            }
        )
    return {
        "programme_terms": {
            "contact_months": terms.contact_months,
            "key_figure_months": settings.RETENTION_KEY_FIGURE_MONTHS,
            "participant_years": terms.participant_years,
        },
        "programme": rows,
    }


def _access_entries(ids: dict[str, list[str]]) -> QuerySet[AuditEntry]:
    condition = Q(pk__in=[])
    for object_type in _AUDITED_TYPES:
        if ids[object_type]:
            condition |= Q(object_type=object_type, object_id__in=ids[object_type])
    return AuditEntry.objects.filter(condition)


def _access_log(
    ids: dict[str, list[str]], *, detail: bool, recent: int | None = None
) -> tuple[list[dict[str, Any]], int]:
    """Who accessed the records, and how many rows that is: every entry (the JSON export), or
    for reading one row per day, organisation, action (described in the reader's language) and
    outcome with how many times (the PDF); a person with years of history has tens of thousands
    of entries, which nobody reads one by one. With ``recent`` (the page), only that many of
    those rows, the most recent first, with the number of all of them in the same query: years
    of history are thousands of rows even so, and the exports hold them all."""
    entries = _access_entries(ids)
    outcomes = {value: str(label) for value, label in AuditEntry.Outcome.choices}
    if detail:
        # The four columns shown, not whole entries (hashes, labels): thousands of them.
        zone = timezone.get_current_timezone()
        rows = [
            {
                "at": when(at, zone),
                "organisation": organisation,
                "action": action,
                "outcome": outcomes.get(outcome, outcome),
            }
            for at, organisation, action, outcome in entries.order_by(
                "timestamp", "id"
            ).values_list("timestamp", "organisation_label", "action", "outcome")
        ]
        return rows, len(rows)
    actions: dict[str, str] = {}
    days: QuerySet[Any, Any] = (
        entries.annotate(day=TruncDate("timestamp"))
        .values("day", "organisation_label", "action", "outcome")
        .annotate(times=Count("id"))
    )
    order = ("day", "organisation_label", "action", "outcome")
    if recent is None:
        found = list(days.order_by(*order))
        total = len(found)
    else:
        found = list(
            days.annotate(total=Window(Count("*"))).order_by(*(f"-{key}" for key in order))[:recent]
        )
        total = found[0]["total"] if found else 0
    rows = [
        {
            "day": when(row["day"]),
            "organisation": row["organisation_label"],
            "action": actions.get(row["action"])
            or actions.setdefault(row["action"], describe_action(row["action"])),
            "outcome": outcomes.get(row["outcome"], row["outcome"]),
            "times": row["times"],
        }
        for row in found
    ]
    return rows, total


# The page shows this many rows of the access log's summary, the most recent first; the exports
# hold all of it (the PDF per day, the JSON every entry).
ACCESS_LOG_ON_PAGE = 100


def _access_sections(log: tuple[list[dict[str, Any]], int]) -> dict[str, Any]:
    """The access log for the report, and with a part of it, how many rows there are in all
    (``outline`` says so above the rows; the exports have no such key)."""
    rows, total = log
    if total <= len(rows):
        return {"access_log": rows}
    return {"access_log": rows, "access_log_total": total}


def retention(roots: dict[str, Any], signals: list[Signal]) -> dict[str, Any]:
    """When the personal data goes, from the retention terms (privacy/retention.py); the
    person's ``signals`` as the report read them."""
    from samen.privacy.retention import UNADMITTED, Terms, due_on

    terms = Terms.from_settings()
    cases = list(
        roots["case"]
        .annotate(
            closed_at=Max(
                "phase_changes__changed_at", filter=Q(phase_changes__to_phase=Phase.CLOSED)
            )
        )
        .values_list("reference", "phase", "closed_at")
        .order_by("opened_at", "pk")
    )
    open_case = any(phase != Phase.CLOSED for _ref, phase, _closed in cases)
    closed = [closed_at for _ref, phase, closed_at in cases if phase == Phase.CLOSED and closed_at]
    return {
        "terms": {
            "closed_case_years": terms.case_years,
            "unadmitted_signal_months": terms.signal_months,
            "person_months": terms.person_months,
            "attachment_years": terms.attachment_years,
        },
        "cases": [
            {
                "reference": reference,
                "removed_on": (
                    when(due_on(closed_at, terms.case_years * 12))
                    if phase == Phase.CLOSED and closed_at
                    else None
                )
                or _("term starts when the case is closed"),
            }
            for reference, phase, closed_at in cases
        ],
        "signals": [
            {
                "reference": reference,
                "removed_on": when(due_on(last_weighed, terms.signal_months))
                if status in UNADMITTED
                else _("with its case, or after its weighing"),
            }
            # The last weighing, kept on the signal by the database (migration casework 0027).
            for reference, status, last_weighed in (
                (signal.reference, signal.status, signal.last_weighed_at) for signal in signals
            )
        ],
        "person_details_erased_on": (
            _("term starts when the last case is closed")
            if open_case or not closed
            else when(due_on(max(closed), terms.person_months))
        ),
        "legal_hold": _("A legal hold on a case postpones these dates."),
    }


def subject_report(
    person: Person, *, access_detail: bool = False, access_recent: int | None = None
) -> dict[str, Any]:
    """Everything held about the person, third persons and staff names redacted: the person,
    their signals and their cases, each with the sections the registry declares; the access
    log entry by entry with ``access_detail`` (the JSON export), else summarised per day (the
    PDF), of which only the ``access_recent`` most recent rows when given (the page)."""
    roots = roots_of(person)
    programme, programme_records = _programme_read(_programme_roots(person))
    (about,) = personal_data.export("person", roots["person"])
    related = about.pop("related_persons", [])
    controller = about.pop("controller", None)
    signals, signal_records = personal_data.export_with_roots(
        "signal", roots["signal"].order_by("received_at", "pk")
    )
    cases, case_records = personal_data.export_with_roots(
        "case", roots["case"].order_by("opened_at", "pk")
    )
    case_ids = [case.pk for case in case_records]
    ids = {
        **_programme_ids(programme_records),
        "casework.person": [str(person.pk)],
        "casework.case": [str(pk) for pk in case_ids],
        "casework.signal": [str(signal.pk) for signal in signal_records],
        "casework.attachment": [
            str(pk)
            for pk in Attachment.objects.filter(case_id__in=case_ids).values_list("pk", flat=True)
        ],
    }
    return {
        "generated_at": when(timezone.now()),
        "controller": controller,
        "person": about,
        "related_persons": related,
        "signals": signals,
        "cases": cases,
        **programme,
        **_access_sections(_access_log(ids, detail=access_detail, recent=access_recent)),
        "retention": {
            **retention(roots, signal_records),
            **_programme_retention(programme_records),
        },
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


def programme_report(
    actor: Actor, name: str, email: str = "", *, access_detail: bool = False
) -> dict[str, Any]:
    """For someone known only to the prevention programme: the programme's records found by
    the search, in the same form as a person's report."""
    roots = policy.programme_records_named(policy.programme_subjects_for(actor.user), name, email)
    municipality_id = actor.user.organisation.home_municipality_id if actor.user else None
    controller = (
        Organisation.objects.filter(pk=municipality_id or 0).values_list("name", flat=True).first()
    )
    sections, records = _programme_read(roots)
    return {
        "generated_at": when(timezone.now()),
        "controller": controller,
        **sections,
        "access_log": _access_log(
            {**{kind: [] for kind in _AUDITED_TYPES}, **_programme_ids(records)},
            detail=access_detail,
        )[0],
        "retention": _programme_retention(records),
        "limits": [
            _(
                "Records are found by exact name or e-mail address; the data protection officer "
                "checks that they are about the person who asked before handing this export over."
            ),
            _("Staff are named by their organisation only."),
        ],
    }


def export_programme(actor: Actor, name: str, email: str, fmt: str) -> dict[str, Any]:
    """The programme report for an export, audited with the ids of the records only."""
    report = programme_report(actor, name, email, access_detail=fmt == "json")
    ids = [str(row["id"]) for key in PROGRAMME_SECTIONS.values() for row in report[key]]
    record(
        actor,
        "privacy.subject_access.export",
        object_type="programme",
        object_label=f"programme records {', '.join(ids) or 'none'}: {fmt}",
    )
    return report


def export(actor: Actor, person: Person, fmt: str) -> dict[str, Any]:
    """The report for an export, audited with the person's id only."""
    report = subject_report(person, access_detail=fmt == "json")
    record(
        actor,
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
    "referrals": _l("Referrals"),
    "hand_overs": _l("Hand-over at closure: who takes over what"),
    "what": _l("What"),
    "referred_at": _l("Referred at"),
    "question": _l("What the receiving organisation is asked"),
    "decided_at": _l("Decided at"),
    "decision_reason": _l("Reason for the decision"),
    "feedback": _l("Feedback to the reporter"),
    "sent_at": _l("Sent at"),
    "cases": _l("Cases"),
    "opened_at": _l("Opened at"),
    "direction": _l("Direction"),
    "phase": _l("Phase"),
    "origin_signal": _l("Signal"),
    "recipients": _l("Recipients (participating organisations)"),
    "joined_signals": _l("Later signals added to the case"),
    "travel": _l("Travel status"),
    "travel_status": _l("Travel status"),
    "prevention": _l("How travel was prevented"),
    "on": _l("Date"),
    "informing": _l("Informing the person"),
    "case_links": _l("Links to other cases (family or group)"),
    "transfers": _l("Transfers to another municipality"),
    "expert_orders": _l("Orders to experts and providers"),
    "expert": _l("Expert or provider"),
    "order_question": _l("Question for the expert"),
    "summary": _l("Summary of the case shared with the expert"),
    "ordered_at": _l("Ordered on"),
    "closed_at": _l("Delivered or withdrawn on"),
    "known_elsewhere_notices": _l("Other municipalities told that a signal was received here"),
    "told": _l("Municipality told"),
    "state": _l("State"),
    "informing_decision": _l("Decision"),
    "how": _l("How"),
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
    "completed_at": _l("Completed at"),
    "attachments": _l("Attachments"),
    "legal_holds": _l("Legal holds"),
    "set_at": _l("Set at"),
    "lifted_at": _l("Lifted at"),
    "title": _l("Title"),
    "kind": _l("Kind"),
    "uploaded_at": _l("Uploaded at"),
    "access_log": _l("Who accessed these records"),
    "action": _l("Action"),
    "day": _l("Day"),
    "times": _l("Number of times"),
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
    "contact_persons": _l("Contact person in the network of the prevention programme"),
    "key_figures": _l("Key figure in the network of the prevention programme"),
    "training_participants": _l("Participant in trainings"),
    "function": _l("Function"),
    "email": _l("E-mail address"),
    "phone": _l("Telephone"),
    "designated_officer": _l("Designated officer of the organisation"),
    "left_on": _l("Left the network on"),
    "district_networks": _l("District networks"),
    "meetings_attended": _l("District meetings attended"),
    "community": _l("Community"),
    "consent_given_on": _l("Consent given on"),
    "retain_until": _l("Kept until"),
    "sector": _l("Sector"),
    "training": _l("Training"),
    "session_date": _l("Date of the session"),
    "place": _l("Place"),
    "programme_terms": _l("Terms in the prevention programme"),
    "contact_months": _l("Contact persons (months after leaving the network)"),
    "key_figure_months": _l("Key figures (months after consent, unless agreed otherwise)"),
    "participant_years": _l("Names of training participants (years after the session)"),
    "programme": _l("Records in the prevention programme"),
}


@dataclass
class Block:
    """A heading with its facts: the shape both the page and the PDF are drawn from."""

    level: int
    title: str
    rows: list[tuple[str, str]] = field(default_factory=list)
    marked: bool = False


def _label(key: str) -> str:
    return _label_in(key, get_language())


@lru_cache(maxsize=2048)
def _label_in(key: str, language: str | None) -> str:
    """A field's label in a language: looked up once (a person with years of history has
    thousands of rows, each naming the same few fields)."""
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


def _access_block(rows: list[dict[str, Any]], total: int | None = None) -> Block:
    """The access log as one line per row (a day's accesses, or one entry), not a heading per
    row: years of history stay a few pages. With ``total``, the rows are the most recent part
    of that many, and a line says so."""
    block = Block(2, _label("access_log"))
    if not rows:
        block.rows.append(("", str(_("None recorded."))))
    if total is not None:
        block.rows.append(
            (
                "",
                _(
                    "The %(shown)s most recent of %(total)s rows, newest first. The PDF export "
                    "holds all of them, per day; the JSON export every entry."
                )
                % {"shown": len(rows), "total": total},
            )
        )
    labels = {key: _label(key) for key in (rows[0] if rows else {})}
    for row in rows:
        block.rows.append(
            ("", " · ".join(f"{labels.get(k) or _label(k)} {_text(v)}" for k, v in row.items()))
        )
    return block


def outline(report: dict[str, Any]) -> list[Block]:
    """The report as headings (levels 2 to 5 under the page's h1) and facts."""
    top = Block(2, str(_("About this export")))
    blocks = [top]
    for key, value in report.items():
        if key == "access_log":
            blocks.append(_access_block(value, report.get("access_log_total")))
        elif key == "access_log_total":
            continue
        elif isinstance(value, list):
            blocks += _items(key, value, 2)
        elif isinstance(value, dict):
            blocks.append(Block(2, _label(key), [(_label(k), _text(v)) for k, v in value.items()]))
        else:
            top.rows.append((_label(key), _text(value)))
    return blocks


def render_pdf(report: dict[str, Any], title: str, language: str) -> bytes:
    """A PDF with a title, the document language and an outline (bookmarks) of the headings,
    in fonts that print every name as written (``samen.core.pdf``). fpdf2 is imported here, on
    the first export, not at every start of the server (``gunicorn_conf._late_imports``)."""
    from samen.core.pdf import document as pdf_document

    pdf = pdf_document(title, language)
    pdf.add_page()
    pdf.heading(title, 1, 16, 9)
    sizes = {2: 14, 3: 12, 4: 11, 5: 10}
    for block in outline(report):
        heading = block.title + (f" ({_('restricted')})" if block.marked else "")
        pdf.heading(heading, min(block.level, 4), sizes.get(block.level, 10))
        for label, value in block.rows:
            line = f"{label}: {value}" if label else value
            pdf.paragraph(line, height=5, size=9)
        pdf.ln(2)
    return bytes(pdf.output())
