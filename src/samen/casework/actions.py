"""Every change of casework state. Each runs in one transaction and writes its audit entry."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.http import HttpRequest
from django.utils import timezone

from samen.accounts.models import Organisation, User
from samen.audit.services import record
from samen.casework import attachments, lifecycle
from samen.casework.lifecycle import Phase
from samen.casework.models import (
    OUTCOME_STATUS,
    Action,
    AgendaItem,
    Attachment,
    Attendance,
    Case,
    CaseNote,
    CaseParticipation,
    ClosureRequest,
    ConcernAssessment,
    Decision,
    DomainAssessment,
    Goal,
    Intervention,
    Meeting,
    Person,
    PersonRelation,
    PhaseChange,
    PlanApproval,
    Review,
    Signal,
    SignalAddition,
    Weighing,
    WeighingCriterion,
)
from samen.casework.tasks import notify_action_owner
from samen.core.blind_index import blind_index

_RECEIPT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


class WorkflowError(ValueError):
    """The change does not fit the state the object is in."""


def new_receipt_code() -> str:
    raw = "".join(secrets.choice(_RECEIPT_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def hash_receipt_code(code: str) -> str:
    normalised = code.strip().upper().replace("-", "").replace(" ", "")
    return hashlib.sha256(normalised.encode()).hexdigest()


def _number(model: type[Signal] | type[Case], obj: Signal | Case, prefix: str) -> None:
    """A readable, unique reference derived from the primary key (no race between writers)."""
    obj.reference = f"{prefix}-{obj.pk:05d}"
    model.objects.filter(pk=obj.pk).update(reference=obj.reference)


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User), "casework changes are made by logged-in users"
    return user


@dataclass(frozen=True)
class Receipt:
    signal: Signal
    code: str


@transaction.atomic
def report_signal(
    request: HttpRequest | None,
    *,
    municipality: Organisation,
    channel: str,
    observation: str,
    anonymous: bool,
    reporter_name: str = "",
    reporter_contact: str = "",
    subject_name: str = "",
    subject_birth_date: str = "",
    district: str = "",
    reporter: User | None = None,
    received_at: datetime | None = None,
    guidance_path: str = "",
) -> Receipt:
    """Register a signal from any channel; returns it with the receipt code (shown once)."""
    if anonymous:
        reporter_name = reporter_contact = ""
    code = new_receipt_code()
    signal = Signal.objects.create(
        reference=uuid.uuid4().hex[:20],
        municipality=municipality,
        channel=channel,
        received_at=received_at or timezone.now(),
        anonymous=anonymous,
        reporter_name=reporter_name,
        reporter_contact=reporter_contact,
        reporter_user=reporter,
        reporting_organisation=reporter.organisation if reporter is not None else None,
        subject_name=subject_name,
        subject_birth_date=subject_birth_date,
        district=district,
        observation=observation,
        receipt_code_hash=hash_receipt_code(code),
        subject_index=blind_index(subject_name, subject_birth_date) if subject_name else "",
        guidance_path=guidance_path,
    )
    _number(Signal, signal, f"S-{signal.received_at:%Y}")
    record(request if request is not None else reporter, "casework.signal.report", signal)
    return Receipt(signal, code)


def signal_for_receipt(code: str) -> Signal | None:
    """The signal a receipt code belongs to (the code itself is only stored as a hash)."""
    return Signal.objects.filter(receipt_code_hash=hash_receipt_code(code)).first()


@transaction.atomic
def add_to_signal(request: HttpRequest, signal: Signal, text: str, source: str) -> SignalAddition:
    addition = SignalAddition.objects.create(signal=signal, text=text, source=source)
    record(request, "casework.signal.add", signal)
    return addition


@transaction.atomic
def weigh_signal(
    request: HttpRequest,
    signal: Signal,
    *,
    outcome: str,
    reasons: str,
    participants: Iterable[Organisation] = (),
    advice: str = "",
    referred_to: Organisation | None = None,
    criteria_met: Iterable[WeighingCriterion] = (),
    team: Iterable[User] = (),
) -> Weighing:
    """Record a weighing (appended to earlier ones); admitting opens the case.

    The outcome is the weighing team's judgement: nothing here proposes or computes it.
    """
    user = _user(request)
    signal = Signal.objects.select_for_update().get(pk=signal.pk)
    if signal.status not in Signal.TO_WEIGH:
        raise WorkflowError("signal was already weighed")
    participants = list(participants)
    if outcome == Weighing.Outcome.ADMIT and not participants:
        raise WorkflowError("admitting a case needs participating organisations")
    if outcome == Weighing.Outcome.REFER_CARE and referred_to is None:
        raise WorkflowError("a referral names the receiving organisation")
    weighing = Weighing.objects.create(
        signal=signal,
        outcome=outcome,
        reasons=reasons,
        advice=advice,
        referred_to=referred_to if outcome == Weighing.Outcome.REFER_CARE else None,
        weighed_by=user,
    )
    weighing.criteria_met.set(criteria_met)
    weighing.participants.set({user, *team})
    signal.status = OUTCOME_STATUS[Weighing.Outcome(outcome)]
    signal.save(update_fields=["status"])
    record(request, "casework.signal.weigh", signal, object_label=f"{signal.reference}: {outcome}")
    if outcome == Weighing.Outcome.ADMIT:
        admit_case(request, signal, participants)
    return weighing


@transaction.atomic
def save_criterion(request: HttpRequest, criterion: WeighingCriterion) -> WeighingCriterion:
    created = criterion.pk is None
    criterion.save()
    record(
        request,
        "casework.criterion.create" if created else "casework.criterion.update",
        criterion,
        object_label=f"{criterion.text[:80]} ({'active' if criterion.active else 'inactive'})",
    )
    return criterion


def _person_for(signal: Signal) -> Person | None:
    """The person a newly admitted signal is about: the one already known in the municipality
    by the same name and date of birth, or a new one. Nothing is merged afterwards."""
    if not signal.subject_name:
        return None
    # Only name and date of birth together identify a person; a name alone never links.
    if signal.subject_birth_date and signal.subject_index:
        known = Person.objects.filter(
            municipality_id=signal.municipality_id, name_index=signal.subject_index
        ).first()
        if known is not None:
            return known
    return Person.objects.create(
        municipality_id=signal.municipality_id,
        name=signal.subject_name,
        birth_date=signal.subject_birth_date,
        district=signal.district,
        name_index=signal.subject_index,
        name_only_index=blind_index(signal.subject_name),
    )


def admit_case(request: HttpRequest, signal: Signal, participants: list[Organisation]) -> Case:
    user = _user(request)
    case = Case.objects.create(
        reference=uuid.uuid4().hex[:20],
        municipality=signal.municipality,
        origin=signal,
        subject_name=signal.subject_name,
        person=_person_for(signal),
        opened_at=timezone.now(),
    )
    _number(Case, case, f"C-{case.opened_at:%Y}")
    # The municipality holds direction, so it always takes part.
    organisations = {signal.municipality, *participants}
    CaseParticipation.objects.bulk_create(
        CaseParticipation(case=case, organisation=org, added_by=user) for org in organisations
    )
    record(
        request,
        "casework.case.admit",
        case,
        object_label=f"{case.reference} ({', '.join(sorted(o.name for o in organisations))})",
    )
    return case


@transaction.atomic
def create_meeting(
    request: HttpRequest,
    *,
    title: str,
    starts_at: datetime,
    location: str,
    repeat: int = 1,
    every_weeks: int = 6,
) -> Meeting:
    """Plan a meeting, or a series on a fixed rhythm (six-weekly by default); returns the first."""
    user = _user(request)
    municipality_id = user.organisation.home_municipality_id
    if municipality_id is None:
        raise WorkflowError("the chair's organisation belongs to no municipality")
    meetings = [
        Meeting.objects.create(
            municipality_id=municipality_id,
            title=title,
            starts_at=starts_at + timedelta(weeks=every_weeks * n),
            location=location,
            chair=user,
        )
        for n in range(repeat)
    ]
    for meeting in meetings:
        record(request, "casework.meeting.create", meeting)
    return meetings[0]


def proposed_cases(user: User, meeting: Meeting, review_after: timedelta) -> Any:
    """Open cases for the agenda: never discussed yet, or not discussed for ``review_after``."""
    recently = AgendaItem.objects.filter(
        meeting__starts_at__gte=meeting.starts_at - review_after,
        meeting__starts_at__lt=meeting.starts_at,
    ).values("case_id")
    return (
        Case.objects.visible_to(user)
        .open()
        .filter(municipality_id=meeting.municipality_id)
        .exclude(pk__in=AgendaItem.objects.filter(meeting=meeting).values("case_id"))
        .exclude(pk__in=recently)
        .order_by("opened_at")
    )


@transaction.atomic
def add_proposed_items(request: HttpRequest, meeting: Meeting) -> int:
    cases = list(proposed_cases(_user(request), meeting, timedelta(weeks=6)))
    for case in cases:
        add_agenda_item(request, meeting, case)
    return len(cases)


@transaction.atomic
def record_attendance(request: HttpRequest, meeting: Meeting, present: Iterable[Any]) -> None:
    """Mark who was present; people unmarked keep their row with present=False."""
    present_ids = {user.pk for user in present}
    Attendance.objects.filter(meeting=meeting).exclude(user_id__in=present_ids).update(
        present=False
    )
    Attendance.objects.filter(meeting=meeting, user_id__in=present_ids).update(present=True)
    existing = set(Attendance.objects.filter(meeting=meeting).values_list("user_id", flat=True))
    Attendance.objects.bulk_create(
        Attendance(meeting=meeting, user_id=pk, present=True) for pk in present_ids - existing
    )
    record(
        request,
        "casework.meeting.attendance",
        meeting,
        object_label=f"{meeting.audit_label()}: {len(present_ids)}",
    )


@transaction.atomic
def add_agenda_item(request: HttpRequest, meeting: Meeting, case: Case) -> AgendaItem:
    if AgendaItem.objects.filter(meeting=meeting, case=case).exists():
        raise WorkflowError("case is already on the agenda")
    last = AgendaItem.objects.filter(meeting=meeting).aggregate(last=Max("position"))["last"]
    item = AgendaItem.objects.create(
        meeting=meeting, case=case, position=(last or 0) + 1, added_by=_user(request)
    )
    record(request, "casework.meeting.agenda", case, object_label=item.audit_label())
    return item


@transaction.atomic
def record_decision(request: HttpRequest, item: AgendaItem, text: str) -> Decision:
    decision = Decision.objects.create(agenda_item=item, text=text, recorded_by=_user(request))
    record(request, "casework.meeting.decision", item.case, object_label=item.audit_label())
    return decision


@transaction.atomic
def record_action(
    request: HttpRequest,
    item: AgendaItem,
    *,
    description: str,
    owner: Organisation,
    due_date: date,
) -> Action:
    action = Action.objects.create(
        agenda_item=item,
        description=description,
        owner=owner,
        due_date=due_date,
        recorded_by=_user(request),
    )
    record(request, "casework.meeting.action", item.case, object_label=item.audit_label())
    transaction.on_commit(lambda: notify_action_owner.enqueue(action.pk))
    return action


@transaction.atomic
def complete_action(request: HttpRequest, action: Action) -> Action:
    if action.status == Action.Status.DONE:
        raise WorkflowError("the action is done already")
    action.status = Action.Status.DONE
    action.save(update_fields=["status"])
    record(
        request,
        "casework.meeting.action_done",
        action.agenda_item.case,
        object_label=f"{action.agenda_item.case.reference}: action {action.pk} done",
    )
    return action


# --- the case lifecycle ----------------------------------------------------------------------


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    last_day = [
        31,
        29 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 28,
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ][month - 1]
    return date(year, month, min(day.day, last_day))


def _locked(case: Case) -> Case:
    return Case.objects.select_for_update().get(pk=case.pk)


@transaction.atomic
def move_case(request: HttpRequest, case: Case, to_phase: str, reason: str) -> PhaseChange:
    """Move a case to another open phase (closing goes through ``request_closure``)."""
    case = _locked(case)
    if not lifecycle.can_move(case.phase, to_phase):
        raise WorkflowError(f"a case cannot move from {case.phase} to {to_phase}")
    if to_phase == Phase.MONITORING and not plan_is_approved(case):
        raise WorkflowError("the plan needs the approval of a second person first")
    change = PhaseChange.objects.create(
        case=case,
        from_phase=case.phase,
        to_phase=to_phase,
        reason=reason,
        changed_by=_user(request),
    )
    case.phase = to_phase
    case.save(update_fields=["phase"])
    record(request, "casework.case.phase", case, object_label=f"{case.reference}: {to_phase}")
    return change


@transaction.atomic
def request_closure(
    request: HttpRequest, case: Case, closing_reason: str, explanation: str
) -> ClosureRequest:
    case = _locked(case)
    if case.phase == Phase.CLOSED:
        raise WorkflowError("the case is closed already")
    if case.closure_requests.filter(decided_at__isnull=True).exists():
        raise WorkflowError("a closure request is waiting for a decision already")
    closure = ClosureRequest.objects.create(
        case=case,
        closing_reason=closing_reason,
        explanation=explanation,
        requested_by=_user(request),
    )
    record(request, "casework.case.closure_requested", case)
    return closure


@transaction.atomic
def decide_closure(
    request: HttpRequest, closure: ClosureRequest, *, approve: bool, note: str = ""
) -> ClosureRequest:
    """The second person's decision. Approval closes the case and schedules its reviews."""
    decider = _user(request)
    closure = ClosureRequest.objects.select_for_update().get(pk=closure.pk)
    if closure.decided_at is not None:
        raise WorkflowError("this closure request was decided already")
    if closure.requested_by_id == decider.pk:
        raise WorkflowError("a second person must decide on closing")
    closure.decided_by = decider
    closure.decided_at = timezone.now()
    closure.approved = approve
    closure.decision_note = note
    closure.save(update_fields=["decided_by", "decided_at", "approved", "decision_note"])
    case = _locked(closure.case)
    if approve:
        PhaseChange.objects.create(
            case=case,
            from_phase=case.phase,
            to_phase=Phase.CLOSED,
            reason=f"{closure.get_closing_reason_display()}: {closure.explanation}",
            changed_by=closure.requested_by,
            approved_by=decider,
        )
        case.phase = Phase.CLOSED
        case.save(update_fields=["phase"])
        closed_on = timezone.localdate()
        Review.objects.bulk_create(
            Review(case=case, due_on=_add_months(closed_on, months))
            for months in lifecycle.REVIEW_AFTER_MONTHS
        )
    record(
        request,
        "casework.case.closure_approved" if approve else "casework.case.closure_rejected",
        case,
        object_label=f"{case.reference}: {closure.closing_reason}",
    )
    return closure


@transaction.atomic
def reopen_case(request: HttpRequest, case: Case, to_phase: str, reason: str) -> PhaseChange:
    case = _locked(case)
    if case.phase != Phase.CLOSED:
        raise WorkflowError("only a closed case can be reopened")
    if Phase(to_phase) not in lifecycle.REOPEN_TO:
        raise WorkflowError("a reopened case returns to an open phase")
    change = PhaseChange.objects.create(
        case=case,
        from_phase=case.phase,
        to_phase=to_phase,
        reason=reason,
        changed_by=_user(request),
    )
    case.phase = to_phase
    case.save(update_fields=["phase"])
    record(request, "casework.case.reopen", case, object_label=f"{case.reference}: {to_phase}")
    return change


@transaction.atomic
def complete_review(request: HttpRequest, review: Review, note: str) -> Review:
    if review.done_at is not None:
        raise WorkflowError("this review was done already")
    review.done_at = timezone.now()
    review.done_by = _user(request)
    review.note = note
    review.save(update_fields=["done_at", "done_by", "note"])
    record(request, "casework.case.review", review.case)
    return review


@transaction.atomic
def set_case_manager(request: HttpRequest, case: Case, manager: User | None) -> Case:
    case.case_manager = manager
    case.save(update_fields=["case_manager"])
    record(
        request,
        "casework.case.manager",
        case,
        object_label=f"{case.reference}: {manager.username if manager else '-'}",
    )
    return case


@transaction.atomic
def add_participant(
    request: HttpRequest, case: Case, organisation: Organisation, reason: str
) -> CaseParticipation:
    if not organisation.covenant_signed:
        raise WorkflowError("only organisations that signed the covenant take part")
    if case.participations.current().filter(organisation=organisation).exists():
        raise WorkflowError("the organisation takes part already")
    participation = CaseParticipation.objects.create(
        case=case, organisation=organisation, added_by=_user(request), reason=reason
    )
    record(
        request,
        "casework.case.participant_added",
        case,
        object_label=f"{case.reference}: + {organisation.name}",
    )
    return participation


@transaction.atomic
def remove_participant(
    request: HttpRequest, participation: CaseParticipation, reason: str
) -> CaseParticipation:
    if participation.organisation_id == participation.case.municipality_id:
        raise WorkflowError("the municipality holds direction and always takes part")
    if participation.removed_at is not None:
        raise WorkflowError("the organisation no longer takes part already")
    participation.removed_at = timezone.now()
    participation.removed_by = _user(request)
    participation.removal_reason = reason
    participation.save(update_fields=["removed_at", "removed_by", "removal_reason"])
    record(
        request,
        "casework.case.participant_removed",
        participation.case,
        object_label=f"{participation.case.reference}: - {participation.organisation.name}",
    )
    return participation


@transaction.atomic
def set_concern(
    request: HttpRequest, case: Case, *, ideology: str, level: str, reasons: str
) -> ConcernAssessment:
    concern = ConcernAssessment.objects.create(
        case=case, ideology=ideology, level=level, reasons=reasons, set_by=_user(request)
    )
    record(request, "casework.case.concern", case)
    return concern


@transaction.atomic
def add_note(
    request: HttpRequest,
    case: Case,
    text: str,
    restricted_to: Iterable[Organisation] = (),
    agenda_item: AgendaItem | None = None,
) -> CaseNote:
    """A partner's contribution; with ``agenda_item`` it is information shared at the table."""
    user = _user(request)
    only_for = list(restricted_to)
    note = CaseNote.objects.create(
        case=case,
        organisation=user.organisation,
        author=user,
        text=text,
        restricted=bool(only_for),
        agenda_item=agenda_item,
    )
    note.restricted_to.set(only_for)
    record(request, "casework.case.note", case)
    return note


@transaction.atomic
def add_goal(request: HttpRequest, case: Case, text: str) -> Goal:
    goal = Goal.objects.create(case=case, text=text, created_by=_user(request))
    record(request, "casework.case.plan", case, object_label=f"{case.reference}: goal")
    return goal


@transaction.atomic
def save_intervention(request: HttpRequest, intervention: Intervention) -> Intervention:
    created = intervention.pk is None
    intervention.updated_by = _user(request)
    intervention.save()
    record(
        request,
        "casework.case.plan",
        intervention.case,
        object_label=(
            f"{intervention.case.reference}: {'new' if created else 'changed'} "
            f"{intervention.domain} {intervention.status}"
        ),
    )
    return intervention


def plan_changed_at(case: Case) -> Any:
    """When the plan (goals, interventions) last changed; None without a plan."""
    latest = [
        case.goals.aggregate(at=Max("created_at"))["at"],
        case.interventions.aggregate(at=Max("updated_at"))["at"],
    ]
    present = [moment for moment in latest if moment is not None]
    return max(present) if present else None


def plan_is_approved(case: Case) -> bool:
    changed = plan_changed_at(case)
    if changed is None:
        return False
    return case.plan_approvals.filter(approved_at__gte=changed).exists()


@transaction.atomic
def approve_plan(request: HttpRequest, case: Case, note: str = "") -> PlanApproval:
    """A second person approves the plan: not whoever last changed it."""
    approver = _user(request)
    if plan_changed_at(case) is None:
        raise WorkflowError("there is no plan to approve")
    last_editors = {
        *case.goals.values_list("created_by_id", flat=True),
        *case.interventions.values_list("updated_by_id", flat=True),
    }
    if approver.pk in last_editors:
        raise WorkflowError("a second person, who did not write the plan, approves it")
    approval = PlanApproval.objects.create(case=case, approved_by=approver, note=note)
    record(request, "casework.case.plan_approved", case)
    return approval


@transaction.atomic
def add_domain_assessment(
    request: HttpRequest, case: Case, *, domain: str, risk_factors: str, protective_factors: str
) -> DomainAssessment:
    user = _user(request)
    assessment = DomainAssessment.objects.create(
        case=case,
        domain=domain,
        risk_factors=risk_factors,
        protective_factors=protective_factors,
        author=user,
        organisation=user.organisation,
    )
    record(request, "casework.case.assessment", case, object_label=f"{case.reference}: {domain}")
    return assessment


@transaction.atomic
def add_attachment(
    request: HttpRequest, case: Case, *, kind: str, title: str, filename: str, content: bytes
) -> Attachment:
    """Check the file, encrypt it to the attachment folder and record it."""
    content_type = attachments.check(content)
    user = _user(request)
    attachment = Attachment.objects.create(
        case=case,
        kind=kind,
        title=title,
        filename=filename[:200],
        content_type=content_type,
        size=len(content),
        storage_name=attachments.store(content),
        uploaded_by=user,
        organisation=user.organisation,
    )
    record(request, "casework.attachment.upload", attachment)
    return attachment


@transaction.atomic
def save_person(request: HttpRequest, person: Person) -> Person:
    person.name_index = blind_index(person.name, person.birth_date)
    person.name_only_index = blind_index(person.name)
    person.save()
    record(request, "casework.person.update", person)
    return person


@transaction.atomic
def add_relation(
    request: HttpRequest, person: Person, *, name: str, kind: str, note: str
) -> PersonRelation:
    relation = PersonRelation.objects.create(
        person=person, name=name, kind=kind, note=note, added_by=_user(request)
    )
    record(request, "casework.person.relation", person, object_label=f"person {person.pk}: {kind}")
    return relation


@transaction.atomic
def save_guidance(request: HttpRequest, obj: Any, tree: Any) -> Any:
    """Any change to a decision tree (the tree, a step or an answer), audited on the tree."""
    obj.save()
    record(request, "casework.guidance.update", tree)
    return obj
