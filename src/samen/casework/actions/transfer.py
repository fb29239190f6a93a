"""Transfer of a case to another municipality of the installation: proposed by the directing
municipality's coordinator, accepted or declined by the receiving one's. On acceptance the case
(and its history) moves; access moves with it."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from samen.accounts.models import Organisation
from samen.audit.actor import Actor
from samen.audit.services import record
from samen.casework.actions import WorkflowError
from samen.casework.lifecycle import Phase
from samen.casework.models import Case, CaseParticipation, CaseTransfer
from samen.casework.tasks import notify_transfer


def _check_person_can_move(case: Case) -> None:
    """The person record belongs to the directing municipality: it moves with the case, which
    is possible only when the person has no other case there."""
    if case.person_id is None:
        return
    others = Case.objects.filter(person_id=case.person_id, municipality_id=case.municipality_id)
    if others.exclude(pk=case.pk).exists():
        raise WorkflowError(
            _(
                "the person has another case in this municipality; the person's record cannot "
                "move while it does"
            )
        )


@transaction.atomic
def propose_transfer(
    actor: Actor, case: Case, *, to_municipality: Organisation, reason: str
) -> CaseTransfer:
    """Propose to move ``case`` (returned by ``policy.get_case_to_transfer_for``) to another
    municipality; its coordinators are told by a link-only message."""
    if case.phase == Phase.CLOSED:
        raise WorkflowError(_("a closed case is not transferred"))
    if to_municipality.kind != Organisation.Kind.MUNICIPALITY:
        raise WorkflowError(_("a case moves only to a municipality"))
    if not to_municipality.covenant_signed:
        raise WorkflowError(_("the municipality has not signed the covenant"))
    if to_municipality.pk == case.municipality_id:
        raise WorkflowError(_("the case is in this municipality already"))
    if not reason.strip():
        raise WorkflowError(_("give the reason for the transfer"))
    if CaseTransfer.objects.pending().filter(case=case).exists():
        raise WorkflowError(_("a transfer of this case is waiting for a decision already"))
    _check_person_can_move(case)
    transfer = CaseTransfer.objects.create(
        case=case,
        from_municipality_id=case.municipality_id,
        to_municipality=to_municipality,
        reason=reason,
        proposed_by=actor.acting_user,
    )
    label = f"{case.reference}: > {to_municipality.name}"
    # Each municipality's audit log shows the proposal.
    record(actor, "casework.case.transfer_proposed", case, object_label=label)
    record(
        actor,
        "casework.case.transfer_proposed",
        case,
        object_label=label,
        municipality_id=to_municipality.pk,
    )
    transaction.on_commit(lambda: notify_transfer.enqueue(transfer.pk, to_municipality.pk))
    return transfer


@transaction.atomic
def withdraw_transfer(actor: Actor, transfer: CaseTransfer) -> CaseTransfer:
    """The sending coordinator takes a pending proposal back."""
    transfer = CaseTransfer.objects.select_for_update().get(pk=transfer.pk)
    if transfer.state != CaseTransfer.State.PROPOSED:
        raise WorkflowError(_("the transfer was decided already"))
    transfer.state = CaseTransfer.State.WITHDRAWN
    transfer.decided_by = actor.acting_user
    transfer.decided_at = timezone.now()
    transfer.save(update_fields=["state", "decided_by", "decided_at"])
    label = f"{transfer.case.reference}: > {transfer.to_municipality.name}"
    for municipality_id in (transfer.from_municipality_id, transfer.to_municipality_id):
        record(
            actor,
            "casework.case.transfer_withdrawn",
            transfer.case,
            object_label=label,
            municipality_id=municipality_id,
        )
    return transfer


@transaction.atomic
def decide_transfer(
    actor: Actor, transfer: CaseTransfer, *, accept: bool, reason: str
) -> CaseTransfer:
    """The receiving coordinator accepts (the case moves, see ``_move``) or declines with a
    reason. The sending coordinators are told by a link-only message."""
    transfer = (
        CaseTransfer.objects.select_for_update()
        .select_related("case", "from_municipality", "to_municipality")
        .get(pk=transfer.pk)
    )
    if transfer.state != CaseTransfer.State.PROPOSED:
        raise WorkflowError(_("the transfer was decided already"))
    if not reason.strip():
        raise WorkflowError(_("give the reason for the decision"))
    case = Case.objects.select_for_update().get(pk=transfer.case_id)
    if accept:
        if case.phase == Phase.CLOSED:
            raise WorkflowError(_("the case was closed in the meantime"))
        if case.municipality_id != transfer.from_municipality_id:
            raise WorkflowError(_("the case moved in the meantime"))
        _check_person_can_move(case)
    transfer.state = CaseTransfer.State.ACCEPTED if accept else CaseTransfer.State.DECLINED
    transfer.decided_by = actor.acting_user
    transfer.decided_at = timezone.now()
    transfer.decision_reason = reason
    label = f"{case.reference}: {transfer.from_municipality.name} > {transfer.to_municipality.name}"
    action = "casework.case.transfer_accepted" if accept else "casework.case.transfer_declined"
    for municipality_id in (transfer.to_municipality_id, transfer.from_municipality_id):
        record(actor, action, case, object_label=label, municipality_id=municipality_id)
    if accept:
        transfer.person_moved = _move(actor, case, transfer, label)
    transfer.save(
        update_fields=["state", "decided_by", "decided_at", "decision_reason", "person_moved"]
    )
    sender = transfer.from_municipality_id
    transaction.on_commit(lambda: notify_transfer.enqueue(transfer.pk, sender))
    return transfer


def _move(actor: Actor, case: Case, transfer: CaseTransfer, label: str) -> bool:
    """Move the case to the receiving municipality; return whether the person moved.

    History stays attached to the case. The receiving municipality takes part and holds
    direction; the sending municipality's participation ends, and so does that of every
    partner that neither belongs to nor serves the receiving municipality (its users could
    not reach the case there). A case manager whose organisation no longer takes part is
    unassigned. The person record moves with the case (checked: no other case of the person
    stays behind), without its district, which was the sending municipality's. Signals stay
    with the municipality that received them."""
    now = timezone.now()
    user = actor.acting_user
    receiving = transfer.to_municipality
    partners = Organisation.objects.serving(receiving.pk).values("pk")
    leaving = (
        CaseParticipation.objects.current()
        .filter(case=case)
        .exclude(organisation_id=receiving.pk)
        .exclude(organisation_id__in=partners)
    )
    # Written into the records in the installation's language, whoever reads them later.
    with translation.override(settings.LANGUAGE_CODE):
        why = _("The case was transferred to %(municipality)s.") % {"municipality": receiving.name}
        direction = _("Direction after the transfer from %(municipality)s.") % {
            "municipality": transfer.from_municipality.name
        }
    for participation in leaving:
        participation.removed_at = now
        participation.removed_by = user
        participation.removal_reason = why
        participation.save(update_fields=["removed_at", "removed_by", "removal_reason"])
    if not CaseParticipation.objects.current().filter(case=case, organisation=receiving).exists():
        CaseParticipation.objects.create(
            case=case,
            organisation=receiving,
            added_by=user,
            reason=direction,
        )
    case.municipality = receiving
    fields = ["municipality"]
    if case.case_manager_id is not None:
        stays = (
            CaseParticipation.objects.current()
            .filter(case=case, organisation__users=case.case_manager_id)
            .exists()
        )
        if not stays:
            case.case_manager = None
            fields.append("case_manager")
    case.save(update_fields=fields)
    person_moved = False
    if case.person_id is not None:
        person = case.person
        assert person is not None
        person.municipality = receiving
        person.district = None
        person.save(update_fields=["municipality", "district"])
        person_moved = True
    for municipality_id in (transfer.from_municipality_id, transfer.to_municipality_id):
        record(
            actor,
            "casework.case.transferred",
            case,
            object_label=label,
            municipality_id=municipality_id,
        )
    return person_moved
