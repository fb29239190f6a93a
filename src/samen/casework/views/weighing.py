"""Weighing a signal, and the weighing team's criteria kept by the coordinator."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samen.accounts.capabilities import Capability
from samen.accounts.decorators import AuthenticatedRequest, requires_any
from samen.audit.actor import Actor
from samen.casework import policy
from samen.casework.actions import weighing as weighing_actions
from samen.casework.forms.weighing import CriterionForm, WeighingForm
from samen.casework.models import Signal, Weighing, WeighingCriterion
from samen.casework.views.intake import signal_context


@requires_any(Capability.WEIGH_SIGNALS)
@require_POST
def signal_weigh(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    actor = Actor.of(request)
    signal = policy.get_signal_for(actor, pk, audit_read=False)
    if signal.status not in Signal.TO_WEIGH:
        messages.error(request, _("This signal has already been weighed."))
        return redirect("casework:signal_detail", pk=signal.pk)
    form = WeighingForm(
        request.POST,
        municipality_id=signal.municipality_id,
        open_cases=policy.open_cases_of_same_person(request.user, signal),
    )
    if form.is_valid():
        data = form.cleaned_data
        weighing_actions.weigh_signal(
            actor,
            signal,
            outcome=data["outcome"],
            reasons=data["reasons"],
            participants=data["participants"],
            advice=data["advice"],
            referred_to=data["referred_to"],
            criteria_met=data["criteria_met"],
            team=data["team"],
            open_case=data.get("open_case"),
            review_on=data["review_on"],
            referral_question=data["referral_question"],
            referral_reason=data["referral_reason"],
        )
        if data["outcome"] == Weighing.Outcome.ADMIT:
            messages.success(request, _("The signal was weighed and admitted as a case."))
        elif data["outcome"] == Weighing.Outcome.JOIN_CASE:
            messages.success(request, _("The signal was added to the open case of the person."))
        else:
            messages.success(request, _("The weighing was recorded."))
        # The signal page shows the result with the next steps (links) on top.
        target = reverse("casework:signal_detail", kwargs={"pk": signal.pk})
        return redirect(f"{target}?weighed=1#result")
    context = signal_context(request, signal, form=form)
    return render(request, "casework/signal_detail.html", context, status=422)


def _municipality_id(request: AuthenticatedRequest) -> int:
    municipality_id = request.user.organisation.home_municipality_id
    if municipality_id is None:
        raise Http404
    return municipality_id


@requires_any(Capability.CONFIGURE_CASEWORK)
def criteria(request: AuthenticatedRequest) -> HttpResponse:
    """The weighing team's criteria, kept by the coordinator for the municipality."""
    municipality_id = _municipality_id(request)
    form = CriterionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        weighing_actions.save_criterion(
            Actor.of(request), None, municipality_id=municipality_id, **form.cleaned_data
        )
        messages.success(request, _("The criterion was added."))
        return redirect("casework:criteria")
    items = WeighingCriterion.objects.filter(municipality_id=municipality_id)
    return render(
        request,
        "casework/criteria.html",
        {"form": form, "criteria": items},
        status=422 if form.errors else 200,
    )


@requires_any(Capability.CONFIGURE_CASEWORK)
def criterion_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    municipality_id = _municipality_id(request)
    criterion = get_object_or_404(WeighingCriterion, pk=pk, municipality_id=municipality_id)
    form = CriterionForm(request.POST or None, instance=criterion)
    if request.method == "POST" and form.is_valid():
        weighing_actions.save_criterion(
            Actor.of(request), criterion, municipality_id=municipality_id, **form.cleaned_data
        )
        messages.success(request, _("The criterion was saved."))
        return redirect("casework:criteria")
    return render(request, "casework/criterion_form.html", {"form": form, "criterion": criterion})
