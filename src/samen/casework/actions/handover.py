"""The warm hand-over at closure: who takes over what."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from samen.accounts.models import Organisation
from samen.audit.actor import Actor
from samen.audit.services import record
from samen.casework.actions import WorkflowError
from samen.casework.lifecycle import Phase
from samen.casework.models import Case, HandOver


def may_hand_over(case: Case) -> bool:
    """A hand-over is recorded once closing is proposed, and after the case is closed."""
    if case.phase == Phase.CLOSED:
        return True
    return case.closure_requests.filter(decided_at__isnull=True).exists()


@transaction.atomic
def record_hand_over(
    actor: Actor,
    case: Case,
    *,
    organisation: Organisation,
    what: str,
    on: date,
    contact: str = "",
) -> HandOver:
    """One row of the warm hand-over: the organisation (one serving the case's municipality)
    takes over ``what`` from ``on``; ``contact`` is whom to call there."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if not may_hand_over(case):
        raise WorkflowError("a hand-over is recorded when closing the case")
    if not Organisation.objects.serving(case.municipality_id).filter(pk=organisation.pk).exists():
        raise WorkflowError("the organisation does not serve the case's municipality")
    if not what.strip():
        raise WorkflowError("say what the organisation takes over")
    hand_over = HandOver.objects.create(
        case=case,
        organisation=organisation,
        what=what,
        contact=contact,
        on=on,
        recorded_by=actor.acting_user,
    )
    record(
        actor,
        "casework.case.hand_over",
        case,
        object_label=f"{case.reference} -> {organisation.name}",
    )
    return hand_over
