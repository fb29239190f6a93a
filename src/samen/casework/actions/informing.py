"""Informing the person of a case, or postponing it with a reason and a date."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from samen.audit.actor import Actor
from samen.audit.services import record
from samen.casework.actions import WorkflowError
from samen.casework.models import Case, InformingDecision


@transaction.atomic
def record_informing(
    actor: Actor,
    case: Case,
    *,
    decision: str,
    on: date,
    how: str = "",
    reason: str = "",
    until: date | None = None,
) -> InformingDecision:
    """Informed: when and how. Postponed: why, and until when (a later date), after which the
    case managers are reminded (``casework.tasks.remind_postponed_informing``)."""
    if on > timezone.localdate():
        raise WorkflowError("the decision is dated today or earlier")
    if decision == InformingDecision.Decision.INFORMED:
        if not how.strip():
            raise WorkflowError("say how the person was informed")
        reason, until = "", None
    elif decision == InformingDecision.Decision.POSTPONED:
        if not reason.strip() or until is None:
            raise WorkflowError("a postponement has a reason and a date until which it holds")
        if until <= on:
            raise WorkflowError("a postponement holds until a later date")
        how = ""
    else:
        raise WorkflowError("unknown decision")
    made = InformingDecision.objects.create(
        case=case,
        decision=decision,
        on=on,
        how=how,
        reason=reason,
        until=until,
        recorded_by=actor.acting_user,
    )
    record(actor, "casework.case.informing", case, object_label=f"{case.reference}: {decision}")
    return made
