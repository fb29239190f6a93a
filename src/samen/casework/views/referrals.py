"""Referrals that close the loop: the receiving organisation's list and decision, the weighing
team's open referrals and their age, and feedback to the reporter."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
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
from samen.casework.actions import referrals as referral_actions
from samen.casework.forms.referrals import FeedbackForm, ReferralDecisionForm
from samen.casework.queries.referrals import (
    OLDEST_FIRST,
    OPEN_FIRST,
    oldest_first,
    received_first_open,
    recently_decided,
    with_age,
)
from samen.casework.views.common import page_of
from samen.casework.views.intake import signal_context


@requires_any(Capability.VIEW_CASES, Capability.MANAGE_CASES)
def referral_list(request: AuthenticatedRequest) -> HttpResponse:
    """The referrals to the user's organisation, the open ones first."""
    page = page_of(
        request, received_first_open(policy.referrals_visible_to(request.user)), *OPEN_FIRST
    )
    record(Actor.of(request), "casework.referral.list", targets=page.object_list)
    return render(request, "casework/referral_list.html", {"page": page})


@requires_any(Capability.VIEW_CASES, Capability.MANAGE_CASES)
def referral_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """One referral as the receiving organisation sees it, and its decision."""
    actor = Actor.of(request)
    referral = policy.get_referral_for(actor, pk, audit_read=request.method != "POST")
    form = ReferralDecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            referral_actions.decide_referral(
                actor,
                referral,
                accept=form.cleaned_data["decision"] == "accept",
                reason=form.cleaned_data["reason"],
            )
        except WorkflowError as error:
            messages.error(request, _("This change is not possible: %(why)s.") % {"why": error})
        else:
            messages.success(request, _("Your decision on the referral was recorded."))
        return redirect("casework:referral_detail", pk=referral.pk)
    return render(
        request,
        "casework/referral_detail.html",
        {"referral": referral, "form": form},
        status=422 if form.errors else 200,
    )


@requires_any(Capability.WEIGH_SIGNALS)
def referral_overview(request: AuthenticatedRequest) -> HttpResponse:
    """The weighing team's open referrals, the longest waiting on top, with their age; and the
    recently decided ones, with whether the reporter was given feedback."""
    followed = policy.referrals_followed_by(request.user)
    page = page_of(request, oldest_first(followed), *OLDEST_FIRST)
    decided = list(recently_decided(followed))
    record(
        Actor.of(request),
        "casework.referral.open_list",
        targets=[*page.object_list, *decided],
    )
    return render(
        request,
        "casework/referral_overview.html",
        {
            "page": page,
            "waiting": with_age(list(page.object_list)),
            "decided": decided,
            "term_days": settings.REFERRAL_TERM_DAYS,
        },
    )


@requires_any(Capability.WEIGH_SIGNALS)
@require_POST
def signal_feedback(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Feedback to the reporter of a handled signal."""
    actor = Actor.of(request)
    signal = policy.get_signal_for(actor, pk, audit_read=False)
    form = FeedbackForm(request.POST)
    if form.is_valid():
        try:
            feedback = referral_actions.send_feedback(
                actor, signal, advice=form.cleaned_data["advice"]
            )
        except WorkflowError as error:
            messages.error(request, _("This change is not possible: %(why)s.") % {"why": error})
        else:
            if feedback.notified:
                messages.success(
                    request, _("The feedback was recorded; the reporter gets a link by e-mail.")
                )
            else:
                messages.success(
                    request,
                    _(
                        "The feedback was recorded. No e-mail address is known: the reporter "
                        "reads it with the receipt code."
                    ),
                )
        target = reverse("casework:signal_detail", kwargs={"pk": signal.pk})
        return redirect(f"{target}#feedback")
    context = signal_context(request, signal, feedback_form=form)
    return render(request, "casework/signal_detail.html", context, status=422)
