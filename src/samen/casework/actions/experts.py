"""Experts and providers (issue 11, point 4): the register kept by the coordinator, orders for an
assessment or intervention, their withdrawal, and the report the expert delivers."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samen.accounts.capabilities import Capability
from samen.audit.actor import Actor
from samen.audit.services import record
from samen.casework.actions import WorkflowError
from samen.casework.actions.cases import add_attachment
from samen.casework.lifecycle import Phase
from samen.casework.models import Attachment, Case, Expert, ExpertOrder
from samen.casework.models.experts import access_until_for
from samen.casework.tasks import notify_expert_order, notify_order_delivered

REGISTER_FIELDS = ("user", "kind", "organisation_name", "specialism", "availability", "on_call")


@transaction.atomic
def save_expert(
    actor: Actor, expert: Expert | None, *, municipality_id: int, active: bool = True, **values: Any
) -> Expert:
    """Add an expert or provider to the municipality's register (``expert`` None) or change an
    entry. The account must hold the capability of experts; an entry is taken out of the
    register, never deleted: its orders keep pointing at it."""
    created = expert is None
    if expert is None:
        expert = Expert(municipality_id=municipality_id)
    else:
        expert = Expert.objects.select_for_update().get(pk=expert.pk)
    if expert.municipality_id != municipality_id:
        raise WorkflowError(_("the entry belongs to another municipality's register"))
    user = values["user"]
    if not user.can(Capability.EXPERT_ORDERS):
        raise WorkflowError(_("the account has no role of an expert or provider"))
    taken = Expert.objects.filter(municipality_id=municipality_id, user=user)
    if taken.exclude(pk=expert.pk).exists():
        raise WorkflowError(_("this account is in the register already"))
    for name in REGISTER_FIELDS:
        setattr(expert, name, values[name])
    expert.active = active
    expert.save()
    record(
        actor,
        "casework.expert.create" if created else "casework.expert.update",
        expert,
        object_label=f"{expert.audit_label()}{'' if active else ' (inactive)'}",
        municipality_id=municipality_id,
    )
    return expert


@transaction.atomic
def order_from_expert(
    actor: Actor,
    case: Case,
    *,
    expert: Expert,
    kind: str,
    question: str,
    summary: str,
    due_on: date,
    access_until: date | None = None,
) -> ExpertOrder:
    """Order an assessment or intervention for ``case`` (from ``policy.get_case_to_order_for``)
    from an active entry of the register of the case's municipality. The expert gets a
    link-only e-mail and sees the order until ``access_until`` (by default the due date and
    ``SAMEN_EXPERT_ACCESS_DAYS``)."""
    today = timezone.localdate()
    if case.phase == Phase.CLOSED:
        raise WorkflowError(_("nothing is ordered for a closed case"))
    if expert.municipality_id != case.municipality_id or not expert.active:
        raise WorkflowError(_("the expert is not in the register of the case's municipality"))
    if not question.strip():
        raise WorkflowError(_("give the question for the expert"))
    if due_on < today:
        raise WorkflowError(_("the due date has passed"))
    until = access_until or access_until_for(due_on)
    if until < due_on:
        raise WorkflowError(_("access must last at least until the due date"))
    order = ExpertOrder.objects.create(
        case=case,
        expert=expert,
        kind=kind,
        question=question,
        summary=summary,
        due_on=due_on,
        access_until=until,
        ordered_by=actor.acting_user,
    )
    record(actor, "casework.order.create", order)
    transaction.on_commit(lambda: notify_expert_order.enqueue(order.pk))
    return order


@transaction.atomic
def withdraw_order(actor: Actor, order: ExpertOrder) -> ExpertOrder:
    """Take an open order back: the expert's access ends at once."""
    order = ExpertOrder.objects.select_for_update().select_related("case").get(pk=order.pk)
    if order.status != ExpertOrder.Status.ORDERED:
        raise WorkflowError(_("the order was delivered or withdrawn already"))
    order.status = ExpertOrder.Status.WITHDRAWN
    order.closed_by = actor.acting_user
    order.closed_at = timezone.now()
    order.save(update_fields=["status", "closed_by", "closed_at"])
    record(actor, "casework.order.withdraw", order)
    return order


@transaction.atomic
def deliver_report(
    actor: Actor, order: ExpertOrder, *, title: str, filename: str, content: bytes
) -> ExpertOrder:
    """The expert delivers the report of an open order (from ``policy.get_order_for_expert``):
    it is stored as an encrypted attachment of the case (``casework.attachments``), the order is
    delivered and the expert's access to it ends. Who ordered and the case managers get a
    link-only e-mail."""
    order = ExpertOrder.objects.select_for_update().select_related("case").get(pk=order.pk)
    if order.status != ExpertOrder.Status.ORDERED:
        raise WorkflowError(_("the order was delivered or withdrawn already"))
    if order.access_until < timezone.localdate():
        raise WorkflowError(_("the access period of the order has ended"))
    kind = (
        Attachment.Kind.EXTERNAL_ASSESSMENT
        if order.kind == ExpertOrder.Kind.ASSESSMENT
        else Attachment.Kind.REPORT
    )
    order.report = add_attachment(
        actor, order.case, kind=kind, title=title, filename=filename, content=content
    )
    order.status = ExpertOrder.Status.DELIVERED
    order.closed_by = actor.acting_user
    order.closed_at = timezone.now()
    order.save(update_fields=["report", "status", "closed_by", "closed_at"])
    record(actor, "casework.order.deliver", order)
    transaction.on_commit(lambda: notify_order_delivered.enqueue(order.pk))
    return order
