"""The person-oriented plan: goals, interventions and the approval of a second person."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from samen.accounts.models import Organisation
from samen.audit.actor import Actor
from samen.audit.services import record
from samen.casework.actions import WorkflowError
from samen.casework.models import Case, Goal, Intervention, PlanApproval
from samen.casework.queries.plan import plan_changed_at, plan_editors


@transaction.atomic
def add_goal(actor: Actor, case: Case, *, text: str) -> Goal:
    goal = Goal.objects.create(case=case, text=text, created_by=actor.acting_user)
    record(actor, "casework.case.plan", case, object_label=f"{case.reference}: goal")
    return goal


@transaction.atomic
def save_intervention(
    actor: Actor,
    case: Case,
    intervention: Intervention | None,
    *,
    domain: str,
    description: str,
    responsible: Organisation,
    starts_on: date,
    planned_end: date | None = None,
    status: str = "planned",
    outcome: str = "",
    voluntary: bool = True,
    consent_given: bool | None = None,
    consent_by: str = "",
    consent_on: date | None = None,
    consent_scope: str = "",
) -> Intervention:
    """Add an intervention to the case's plan (``intervention`` None) or change one of its own.

    The audit entry names what changed (fields, not values)."""
    if not case.participations.current().filter(organisation=responsible).exists():
        raise WorkflowError("the responsible organisation takes part in the case")
    created = intervention is None
    if intervention is None:
        intervention = Intervention(case=case)
    else:
        # Read afresh: a form may have changed the instance it was given.
        intervention = Intervention.objects.select_for_update().get(pk=intervention.pk)
    if intervention.case_id != case.pk:
        raise WorkflowError("the intervention belongs to another case")
    values = {
        "domain": domain,
        "description": description,
        "responsible": responsible,
        "starts_on": starts_on,
        "planned_end": planned_end,
        "status": status,
        "outcome": outcome,
        "voluntary": voluntary,
        "consent_given": consent_given,
        "consent_by": consent_by,
        "consent_on": consent_on,
        "consent_scope": consent_scope,
    }
    changed = [name for name, value in values.items() if getattr(intervention, name, None) != value]
    for name, value in values.items():
        setattr(intervention, name, value)
    intervention.updated_by = actor.acting_user
    intervention.save()
    what = "new" if created else f"changed {', '.join(changed) or 'nothing'}"
    record(
        actor,
        "casework.case.plan",
        case,
        object_label=f"{case.reference}: {what}; {intervention.domain} {intervention.status}",
    )
    return intervention


@transaction.atomic
def approve_plan(actor: Actor, case: Case, *, note: str = "") -> PlanApproval:
    """A second person approves the plan: not whoever last changed it."""
    approver = actor.acting_user
    if plan_changed_at(case) is None:
        raise WorkflowError("there is no plan to approve")
    if approver.pk in plan_editors(case):
        raise WorkflowError("a second person, who did not write the plan, approves it")
    approval = PlanApproval.objects.create(case=case, approved_by=approver, note=note)
    record(actor, "casework.case.plan_approved", case)
    return approval
