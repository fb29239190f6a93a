"""A case's life: phases, closing by two people, reviews, reopening, who takes part, the case
manager, judgements of concern, contributions, assessments, attachments and legal holds."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from samen.accounts.models import Organisation, User
from samen.audit.actor import Actor
from samen.audit.services import record
from samen.casework import attachments, lifecycle
from samen.casework.actions import WorkflowError
from samen.casework.lifecycle import Phase
from samen.casework.models import (
    AgendaItem,
    Attachment,
    Case,
    CaseNote,
    CaseParticipation,
    ClosureRequest,
    ConcernAssessment,
    DomainAssessment,
    LegalHold,
    PhaseChange,
    Review,
)
from samen.casework.queries.plan import plan_is_approved
from samen.core import generations
from samen.core.generations import Topic


def _locked(case: Case) -> Case:
    return Case.objects.select_for_update().get(pk=case.pk)


@transaction.atomic
def move_case(actor: Actor, case: Case, *, to_phase: str, reason: str) -> PhaseChange:
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
        changed_by=actor.acting_user,
    )
    case.phase = to_phase
    case.save(update_fields=["phase"])
    record(actor, "casework.case.phase", case, object_label=f"{case.reference}: {to_phase}")
    return change


@transaction.atomic
def request_closure(
    actor: Actor,
    case: Case,
    *,
    closing_reason: str,
    explanation: str,
    review_months: Iterable[int] = lifecycle.REVIEW_AFTER_MONTHS,
) -> ClosureRequest:
    """Propose closing, with the review schedule (months after closing, at most 24)."""
    schedule = sorted({int(m) for m in review_months})
    if not schedule:
        raise WorkflowError("a closed case is reviewed at least once")
    if schedule[0] < 1 or schedule[-1] > lifecycle.MAX_REVIEW_MONTHS:
        raise WorkflowError("reviews are between 1 and 24 months after closing")
    case = _locked(case)
    if case.phase == Phase.CLOSED:
        raise WorkflowError("the case is closed already")
    if case.closure_requests.filter(decided_at__isnull=True).exists():
        raise WorkflowError("a closure request is waiting for a decision already")
    closure = ClosureRequest.objects.create(
        case=case,
        closing_reason=closing_reason,
        explanation=explanation,
        requested_by=actor.acting_user,
        review_months=",".join(str(m) for m in schedule),
    )
    record(actor, "casework.case.closure_requested", case)
    return closure


@transaction.atomic
def decide_closure(actor: Actor, case: Case, *, approve: bool, note: str = "") -> ClosureRequest:
    """The second person's decision on the case's pending closure request. Approval closes the
    case and schedules its reviews."""
    decider = actor.acting_user
    case = _locked(case)
    closure = (
        ClosureRequest.objects.select_for_update()
        .filter(case=case, decided_at__isnull=True)
        .first()
    )
    if closure is None:
        raise WorkflowError("no closure is waiting for a decision")
    if closure.requested_by_id == decider.pk:
        raise WorkflowError("a second person must decide on closing")
    closure.decided_by = decider
    closure.decided_at = timezone.now()
    closure.approved = approve
    closure.decision_note = note
    closure.save(update_fields=["decided_by", "decided_at", "approved", "decision_note"])
    if approve:
        PhaseChange.objects.create(
            case=case,
            from_phase=case.phase,
            to_phase=Phase.CLOSED,
            # The reason's code stays on the request; pages show it in the reader's language.
            reason=closure.explanation,
            changed_by=closure.requested_by,
            approved_by=decider,
        )
        case.phase = Phase.CLOSED
        case.save(update_fields=["phase"])
        closed_on = timezone.localdate()
        Review.objects.bulk_create(
            Review(case=case, due_on=lifecycle.add_months(closed_on, months))
            for months in lifecycle.review_schedule(closure.review_months)
        )
        # Counted in the yearly account; ``bulk_create`` sends no model signals.
        generations.bump([case.municipality_id], [Topic.CASES])
    record(
        actor,
        "casework.case.closure_approved" if approve else "casework.case.closure_rejected",
        case,
        object_label=f"{case.reference}: {closure.closing_reason}",
    )
    return closure


@transaction.atomic
def reopen_case(actor: Actor, case: Case, *, to_phase: str, reason: str) -> PhaseChange:
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
        changed_by=actor.acting_user,
    )
    case.phase = to_phase
    case.save(update_fields=["phase"])
    record(actor, "casework.case.reopen", case, object_label=f"{case.reference}: {to_phase}")
    return change


@transaction.atomic
def complete_review(actor: Actor, review: Review, *, note: str) -> Review:
    review = Review.objects.select_for_update().get(pk=review.pk)
    if review.done_at is not None:
        raise WorkflowError("this review was done already")
    review.done_at = timezone.now()
    review.done_by = actor.acting_user
    review.note = note
    review.save(update_fields=["done_at", "done_by", "note"])
    record(actor, "casework.case.review", review.case)
    return review


@transaction.atomic
def set_case_manager(actor: Actor, case: Case, *, manager: User | None) -> Case:
    if manager is not None and not (
        case.participations.current().filter(organisation_id=manager.organisation_id).exists()
    ):
        raise WorkflowError("the case manager works for an organisation that takes part")
    case.case_manager = manager
    case.save(update_fields=["case_manager"])
    record(
        actor,
        "casework.case.manager",
        case,
        object_label=f"{case.reference}: {manager.username if manager else '-'}",
    )
    return case


@transaction.atomic
def add_participant(
    actor: Actor, case: Case, *, organisation: Organisation, reason: str
) -> CaseParticipation:
    if not organisation.covenant_signed:
        raise WorkflowError("only organisations that signed the covenant take part")
    if case.participations.current().filter(organisation=organisation).exists():
        raise WorkflowError("the organisation takes part already")
    participation = CaseParticipation.objects.create(
        case=case, organisation=organisation, added_by=actor.acting_user, reason=reason
    )
    record(
        actor,
        "casework.case.participant_added",
        case,
        object_label=f"{case.reference}: + {organisation.name}",
    )
    return participation


@transaction.atomic
def remove_participant(
    actor: Actor, participation: CaseParticipation, *, reason: str
) -> CaseParticipation:
    if participation.organisation_id == participation.case.municipality_id:
        raise WorkflowError("the municipality holds direction and always takes part")
    if participation.removed_at is not None:
        raise WorkflowError("the organisation no longer takes part already")
    participation.removed_at = timezone.now()
    participation.removed_by = actor.acting_user
    participation.removal_reason = reason
    participation.save(update_fields=["removed_at", "removed_by", "removal_reason"])
    record(
        actor,
        "casework.case.participant_removed",
        participation.case,
        object_label=f"{participation.case.reference}: - {participation.organisation.name}",
    )
    return participation


@transaction.atomic
def set_concern(
    actor: Actor, case: Case, *, ideology: str, level: str, reasons: str
) -> ConcernAssessment:
    concern = ConcernAssessment.objects.create(
        case=case, ideology=ideology, level=level, reasons=reasons, set_by=actor.acting_user
    )
    record(actor, "casework.case.concern", case)
    return concern


@transaction.atomic
def add_note(
    actor: Actor,
    case: Case,
    *,
    text: str,
    restricted_to: Iterable[Organisation] = (),
    agenda_item: AgendaItem | None = None,
) -> CaseNote:
    """A partner's contribution; with ``agenda_item`` it is information shared at the table."""
    user = actor.acting_user
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
    record(actor, "casework.case.note", case)
    return note


@transaction.atomic
def add_domain_assessment(
    actor: Actor, case: Case, *, domain: str, risk_factors: str, protective_factors: str
) -> DomainAssessment:
    user = actor.acting_user
    assessment = DomainAssessment.objects.create(
        case=case,
        domain=domain,
        risk_factors=risk_factors,
        protective_factors=protective_factors,
        author=user,
        organisation=user.organisation,
    )
    record(actor, "casework.case.assessment", case, object_label=f"{case.reference}: {domain}")
    return assessment


@transaction.atomic
def add_attachment(
    actor: Actor, case: Case, *, kind: str, title: str, filename: str, content: bytes
) -> Attachment:
    """Check the file, encrypt it to the attachment folder and record it. The name it is
    stored under takes the extension of the type detected from the bytes, never the client's."""
    checked = attachments.check_upload(content, filename)
    user = actor.acting_user
    attachment = Attachment.objects.create(
        case=case,
        kind=kind,
        title=title,
        filename=checked.filename[:200],
        content_type=checked.content_type,
        size=len(content),
        storage_name=attachments.store(content),
        uploaded_by=user,
        organisation=user.organisation,
    )
    record(actor, "casework.attachment.upload", attachment)
    return attachment


@transaction.atomic
def set_hold(actor: Actor, case: Case, *, reason: str) -> LegalHold:
    """Pause retention for a case (and its person, signal and attachments)."""
    case = _locked(case)
    if LegalHold.objects.active().filter(case=case).exists():
        raise WorkflowError("this case is already under a legal hold")
    hold = LegalHold.objects.create(case=case, reason=reason, set_by=actor.acting_user)
    record(actor, "privacy.hold.set", hold)
    return hold


@transaction.atomic
def lift_hold(actor: Actor, hold: LegalHold, *, reason: str) -> LegalHold:
    hold = LegalHold.objects.select_for_update().select_related("case").get(pk=hold.pk)
    if hold.lifted_at is not None:
        raise WorkflowError("this legal hold was lifted already")
    hold.lifted_at = timezone.now()
    hold.lifted_by = actor.acting_user
    hold.lift_reason = reason
    hold.save(update_fields=["lifted_at", "lifted_by", "lift_reason"])
    record(actor, "privacy.hold.lift", hold)
    return hold
