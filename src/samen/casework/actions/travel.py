"""Travel status of the person of a case: appended with its date and source."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from samen.audit.actor import Actor
from samen.audit.services import record
from samen.casework.actions import WorkflowError
from samen.casework.models import Case, Prevention, TravelState, TravelStatus


@transaction.atomic
def record_travel_status(
    actor: Actor,
    case: Case,
    *,
    state: str,
    on: date,
    source: str,
    prevention: str = "",
    note: str = "",
) -> TravelStatus:
    """Append a travel status; "prevented" says how, the other states say nothing of it."""
    if state not in TravelState.values:
        raise WorkflowError("unknown travel status")
    if on > timezone.localdate():
        raise WorkflowError("a travel status is dated today or earlier")
    if state == TravelState.PREVENTED and not prevention:
        raise WorkflowError("say how travel was prevented")
    if prevention not in Prevention.values:
        raise WorkflowError("unknown way of prevention")
    status = TravelStatus.objects.create(
        case=case,
        state=state,
        prevention=prevention if state == TravelState.PREVENTED else "",
        on=on,
        source=source,
        note=note,
        recorded_by=actor.acting_user,
    )
    record(actor, "casework.case.travel", case, object_label=f"{case.reference}: {state}")
    return status
