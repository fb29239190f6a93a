"""The start page: what each role has to do today, composed from the apps below.

This app sits on top of the others (it may read casework, reports and the programme); nothing
imports it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from samen.accounts.capabilities import Capability
from samen.accounts.models import User
from samen.casework import policy
from samen.casework.models import Action, Signal
from samen.casework.queries.intake import overdue_before
from samen.reports.statistics import suppressed_statistics


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    context: dict[str, Any] = {}
    today = timezone.localdate()
    if user.can(Capability.INTAKE_SIGNALS):
        to_weigh = policy.signals_visible_to(user).filter(status__in=Signal.TO_WEIGH)
        context["signals_waiting"] = to_weigh.count()
        overdue = overdue_before(user.organisation.home_municipality_id)
        context["signals_overdue"] = to_weigh.filter(received_at__lt=overdue).count()
    if user.has_casework_role:
        context["cases_open"] = policy.cases_visible_to(user).open().count()
        context["actions_overdue"] = (
            policy.actions_owned_by(user)
            .filter(status=Action.Status.OPEN, due_date__lt=today)
            .count()
        )
        context["reviews_due"] = (
            policy.reviews_visible_to(user)
            .filter(done_at__isnull=True, due_on__lte=today + timedelta(days=30))
            .count()
        )
    if user.can(Capability.VIEW_MEETINGS):
        context["next_meetings"] = list(
            policy.meetings_visible_to(user)
            .filter(starts_at__gte=timezone.now())
            .order_by("starts_at")[:3]
        )
    if user.can(Capability.VIEW_STATISTICS):
        context["statistics"] = suppressed_statistics(user.organisation.home_municipality_id)
    return render(request, "home/dashboard.html", context)
