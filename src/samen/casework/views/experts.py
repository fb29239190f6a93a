"""Experts and providers (issue 11, point 4): the register the coordinator keeps, orders from
the case page, and the expert's own pages (their open orders, one order and its report)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
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
from samen.casework.actions import experts as expert_actions
from samen.casework.forms.experts import ExpertForm, OrderForm, ReportForm
from samen.casework.models import ExpertOrder
from samen.casework.views.case_forms import case_anchor, failed_form, form_or_change, form_page
from samen.casework.views.common import page_of


def _register(request: AuthenticatedRequest) -> int:
    municipality_id = policy.register_kept_by(request.user)
    if municipality_id is None:
        raise Http404
    return municipality_id


@requires_any(Capability.CHAIR_MEETINGS)
def expert_list(request: AuthenticatedRequest) -> HttpResponse:
    """The municipality's register of experts and providers, and the form to add one."""
    municipality_id = _register(request)
    form = ExpertForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            expert_actions.save_expert(
                Actor.of(request), None, municipality_id=municipality_id, **form.cleaned_data
            )
        except WorkflowError as error:
            form.add_error("user", str(error))
        else:
            messages.success(request, _("The expert or provider was added to the register."))
            return redirect("casework:expert_list")
    experts = policy.experts_kept_by(request.user).select_related("user__organisation")
    return render(
        request,
        "casework/expert_list.html",
        {"form": form, "experts": experts},
        status=422 if form.errors else 200,
    )


@requires_any(Capability.CHAIR_MEETINGS)
def expert_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    municipality_id = _register(request)
    actor = Actor.of(request)
    expert = policy.get_expert_kept_for(actor, pk)
    form = ExpertForm(
        request.POST or None,
        initial={
            "user": expert.user_id,
            "kind": expert.kind,
            "organisation_name": expert.organisation_name,
            "specialism": expert.specialism,
            "availability": expert.availability,
            "on_call": expert.on_call,
            "active": expert.active,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            expert_actions.save_expert(
                actor, expert, municipality_id=municipality_id, **form.cleaned_data
            )
        except WorkflowError as error:
            form.add_error("user", str(error))
        else:
            messages.success(request, _("The register was saved."))
            return redirect("casework:expert_list")
    return render(
        request,
        "casework/expert_form.html",
        {"form": form, "expert": expert},
        status=422 if form.errors else 200,
    )


@requires_any(Capability.MANAGE_CASES, Capability.CHAIR_MEETINGS)
@form_or_change
def case_order(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The case manager or the coordinator orders an assessment or intervention."""
    actor = Actor.of(request)
    case = policy.get_case_to_order_for(actor, pk)
    if request.method != "POST":
        return form_page(request, case, "order_form", OrderForm(case=case, prefix="order"))
    form = OrderForm(request.POST, case=case, prefix="order")
    if form.is_valid():
        try:
            expert_actions.order_from_expert(actor, case, **form.cleaned_data)
        except WorkflowError as error:
            messages.error(request, _("This change is not possible: %(why)s.") % {"why": error})
        else:
            messages.success(request, _("The order was sent to the expert or provider."))
        return redirect(case_anchor(case, "order_form"))
    return failed_form(request, case, "order_form", form)


@requires_any(Capability.MANAGE_CASES, Capability.CHAIR_MEETINGS)
@require_POST
def order_withdraw(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Take an open order back; the expert's access ends at once."""
    actor = Actor.of(request)
    order = policy.get_order_to_withdraw_for(actor, pk)
    try:
        expert_actions.withdraw_order(actor, order)
    except WorkflowError as error:
        messages.error(request, _("This change is not possible: %(why)s.") % {"why": error})
    else:
        messages.success(request, _("The order was withdrawn."))
    return redirect(reverse("casework:case_detail", kwargs={"pk": order.case_id}) + "#orders")


@requires_any(Capability.EXPERT_ORDERS)
def order_list(request: AuthenticatedRequest) -> HttpResponse:
    """The expert's open orders, the earliest due first; nothing else of any case."""
    orders = policy.orders_open_to_expert(request.user).select_related("case__municipality")
    page = page_of(request, orders, "due_on", "pk")
    record(Actor.of(request), "casework.order.list", targets=page.object_list)
    return render(request, "casework/order_list.html", {"page": page})


def _order_page(
    request: AuthenticatedRequest, order: ExpertOrder, form: ReportForm, status: int = 200
) -> HttpResponse:
    return render(
        request, "casework/order_detail.html", {"order": order, "form": form}, status=status
    )


@requires_any(Capability.EXPERT_ORDERS)
def order_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """One of the expert's open orders: the question, the summary the coordinator shared, the
    due date and whom to ask; the expert delivers the report here, which ends their access."""
    actor = Actor.of(request)
    if request.method != "POST":
        return _order_page(request, policy.get_order_for_expert(actor, pk), ReportForm())
    order = policy.get_order_for_expert(actor, pk, audit_read=False)
    form = ReportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _order_page(request, order, form, status=422)
    try:
        expert_actions.deliver_report(
            actor,
            order,
            title=form.cleaned_data["title"],
            filename=form.cleaned_data["file"].name,
            content=form.content,
        )
    except WorkflowError as error:
        messages.error(request, _("This change is not possible: %(why)s.") % {"why": error})
        return redirect("casework:order_list")
    messages.success(
        request, _("Thank you: the report was delivered. The order is closed for you now.")
    )
    return redirect("casework:order_list")
