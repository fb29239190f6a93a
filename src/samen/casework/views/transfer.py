"""Transfer of a case to another municipality: the proposal on the case page, the list of
transfers and the page where the receiving coordinator decides."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Case, IntegerField, Value, When
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samen.accounts.capabilities import Capability
from samen.accounts.decorators import AuthenticatedRequest, requires_any
from samen.audit.actor import Actor
from samen.audit.services import record
from samen.casework import policy
from samen.casework.actions import WorkflowError
from samen.casework.actions import transfer as transfer_actions
from samen.casework.forms.transfer import DecideTransferForm, TransferForm
from samen.casework.models import CaseTransfer
from samen.casework.views.case_forms import case_anchor, failed_form, form_or_change, form_page
from samen.casework.views.common import page_of


@requires_any(Capability.CHAIR_MEETINGS)
@form_or_change
def case_transfer(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The directing municipality's coordinator proposes to move the case."""
    actor = Actor.of(request)
    case = policy.get_case_to_transfer_for(actor, pk)
    if request.method != "POST":
        form = TransferForm(case=case, prefix="transfer")
        return form_page(request, case, "transfer_form", form)
    form = TransferForm(request.POST, case=case, prefix="transfer")
    if form.is_valid():
        try:
            transfer_actions.propose_transfer(actor, case, **form.cleaned_data)
        except WorkflowError as error:
            messages.error(request, _("This change is not possible: %(why)s.") % {"why": error})
        else:
            messages.success(
                request, _("The transfer was proposed; the other municipality decides.")
            )
        return redirect(case_anchor(case, "transfer_form"))
    return failed_form(request, case, "transfer_form", form)


@requires_any(Capability.CHAIR_MEETINGS)
def transfer_list(request: AuthenticatedRequest) -> HttpResponse:
    """Transfers addressed to and proposed by the coordinator's municipality, pending first."""
    transfers = (
        policy.transfers_visible_to(request.user)
        .select_related("case", "from_municipality", "to_municipality")
        .annotate(
            waiting=Case(
                When(state=CaseTransfer.State.PROPOSED, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
    )
    page = page_of(request, transfers, "-waiting", "-proposed_at", "-pk")
    record(Actor.of(request), "casework.transfer.list", targets=page.object_list)
    return render(
        request,
        "casework/transfer_list.html",
        {"page": page, "municipality_id": request.user.organisation_id},
    )


def _detail(
    request: AuthenticatedRequest,
    transfer: CaseTransfer,
    form: DecideTransferForm | None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    pending = transfer.state == CaseTransfer.State.PROPOSED
    incoming = transfer.to_municipality_id == user.organisation_id
    if form is None and pending and incoming:
        form = DecideTransferForm(prefix="decide")
    context = {
        "transfer": transfer,
        "form": form,
        "may_withdraw": pending and transfer.from_municipality_id == user.organisation_id,
        "case_visible": policy.cases_visible_to(user).filter(pk=transfer.case_id).exists(),
    }
    return render(request, "casework/transfer_detail.html", context, status=status)


@requires_any(Capability.CHAIR_MEETINGS)
def transfer_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Either coordinator sees the transfer: the case's reference, the municipalities and the
    reasons, never the case's content; the receiving one decides here."""
    actor = Actor.of(request)
    if request.method != "POST":
        return _detail(request, policy.get_transfer_for(actor, pk), None)
    transfer = policy.get_transfer_to_decide_for(actor, pk)
    form = DecideTransferForm(request.POST, prefix="decide")
    if not form.is_valid():
        return _detail(request, transfer, form, status=422)
    accept = form.cleaned_data["decision"] == "accept"
    try:
        transfer_actions.decide_transfer(
            actor, transfer, accept=accept, reason=form.cleaned_data["reason"]
        )
    except WorkflowError as error:
        messages.error(request, _("This change is not possible: %(why)s.") % {"why": error})
        return redirect("casework:transfer_detail", pk=transfer.pk)
    if accept:
        messages.success(request, _("The case was transferred to your municipality."))
        return redirect("casework:case_detail", pk=transfer.case_id)
    messages.success(request, _("The transfer was declined."))
    return redirect("casework:transfer_detail", pk=transfer.pk)


@requires_any(Capability.CHAIR_MEETINGS)
@require_POST
def transfer_withdraw(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The sending coordinator takes a pending proposal back."""
    actor = Actor.of(request)
    transfer = policy.get_transfer_to_withdraw_for(actor, pk)
    try:
        transfer_actions.withdraw_transfer(actor, transfer)
    except WorkflowError as error:
        messages.error(request, _("This change is not possible: %(why)s.") % {"why": error})
    else:
        messages.success(request, _("The transfer was withdrawn."))
    return redirect(reverse("casework:case_detail", kwargs={"pk": transfer.case_id}) + "#transfer")
