"""Families and groups: two cases linked by a person who may see both."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q

from samen.audit.actor import Actor
from samen.audit.services import record
from samen.casework.actions import WorkflowError
from samen.casework.models import Case, CaseLink


@transaction.atomic
def link_cases(actor: Actor, case: Case, other: Case, *, kind: str) -> CaseLink:
    """Link ``case`` and ``other`` (both returned to the actor by the policy) as family or
    group; one link per pair, in either direction."""
    if other.pk == case.pk:
        raise WorkflowError("a case is not linked to itself")
    if kind not in CaseLink.Kind.values:
        raise WorkflowError("unknown kind of link")
    if CaseLink.objects.filter(Q(case=case, to_case=other) | Q(case=other, to_case=case)).exists():
        raise WorkflowError("the cases are linked already")
    link = CaseLink.objects.create(case=case, to_case=other, kind=kind, linked_by=actor.acting_user)
    record(
        actor,
        "casework.case.link",
        case,
        object_label=f"{case.reference} ~ {other.reference} ({kind})",
    )
    return link
