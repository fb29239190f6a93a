"""The person-oriented plan on the case page: goals, interventions and the second person's
approval."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from samen.accounts.capabilities import Capability
from samen.accounts.decorators import AuthenticatedRequest, requires_any
from samen.audit.actor import Actor
from samen.casework import policy
from samen.casework.actions import WorkflowError
from samen.casework.actions import plan as plan_actions
from samen.casework.forms.plan import ApprovePlanForm, GoalForm, InterventionForm
from samen.casework.models import Case
from samen.casework.views.case_forms import form_or_change
from samen.casework.views.cases import case_change, plain, with_case


@requires_any(Capability.MANAGE_CASES)
@form_or_change
def case_goal(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return case_change(
        request,
        pk,
        "goal_form",
        plain(GoalForm),
        lambda actor, case, data: plan_actions.add_goal(actor, case, **data),
        _("The goal was added to the plan."),
    )


@requires_any(Capability.MANAGE_CASES)
@form_or_change
def case_intervention(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    def apply(actor: Actor, case: Case, data: dict[str, Any]) -> Any:
        return plan_actions.save_intervention(actor, case, None, **data)

    return case_change(
        request,
        pk,
        "intervention_form",
        with_case(InterventionForm),
        apply,
        _("The intervention was added to the plan."),
    )


@requires_any(Capability.MANAGE_CASES)
def intervention_edit(request: AuthenticatedRequest, pk: int, intervention_pk: int) -> HttpResponse:
    actor = Actor.of(request)
    case = policy.get_case_for(actor, pk, audit_read=request.method == "GET")
    intervention = case.interventions.filter(pk=intervention_pk).first()
    if intervention is None:
        raise Http404
    form = InterventionForm(request.POST or None, instance=intervention, case=case)
    if request.method == "POST" and form.is_valid():
        try:
            plan_actions.save_intervention(actor, case, intervention, **form.cleaned_data)
        except WorkflowError as error:
            messages.error(request, _("This change is not possible: %(why)s.") % {"why": error})
        else:
            messages.success(request, _("The intervention was saved."))
        return redirect(reverse("casework:case_detail", kwargs={"pk": case.pk}) + "#plan")
    return render(
        request,
        "casework/intervention_form.html",
        {"case": case, "form": form, "intervention": intervention},
        status=422 if form.errors else 200,
    )


@requires_any(Capability.MANAGE_CASES, Capability.CHAIR_MEETINGS)
@form_or_change
def case_approve_plan(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return case_change(
        request,
        pk,
        "approve_form",
        plain(ApprovePlanForm),
        lambda actor, case, data: plan_actions.approve_plan(actor, case, **data),
        _("The plan was approved."),
    )
