"""The start page: what each role has to do today, composed from the apps below.

This app sits on top of the others (it may read casework, reports and the programme); nothing
imports it."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from samen.accounts.capabilities import Capability
from samen.accounts.models import User
from samen.accounts.queries import users_with
from samen.accounts.scope import municipality_ids, requests_decidable_by, users_administered_by
from samen.audit.actor import Actor
from samen.audit.models import AuditEntry
from samen.audit.services import record
from samen.casework import policy
from samen.casework.models import Action, Referral, Signal
from samen.casework.queries.intake import overdue_before
from samen.casework.queries.referrals import referral_overdue_before
from samen.core.generations import Topic
from samen.hub.models import CityProfile, Document, Practice
from samen.programme import queries as programme_queries
from samen.programme.models import BudgetLine, PlanAction, TrainingSession
from samen.reports import kept
from samen.reports.statistics import suppressed_statistics

WEEK = timedelta(days=7)


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    context: dict[str, Any] = {}
    today = timezone.localdate()
    if user.can(Capability.INTAKE_SIGNALS):
        overdue = overdue_before(user.organisation.home_municipality_id)
        context.update(
            policy.signals_visible_to(user)
            .filter(status__in=Signal.TO_WEIGH)
            # Counting a column of the index on municipality, status and time lets it answer
            # alone (counting the id made PostgreSQL read the municipality's every signal by
            # time instead: 3.0 ms at national size, now 0.6 ms).
            .aggregate(
                signals_waiting=Count("status"),
                signals_overdue=Count("status", filter=Q(received_at__lt=overdue)),
            )
        )
    if user.can(Capability.WEIGH_SIGNALS):
        context.update(
            policy.referrals_followed_by(user)
            .filter(status=Referral.Status.OPEN)
            .aggregate(
                referrals_open=Count("pk"),
                referrals_overdue=Count("pk", filter=Q(referred_at__lt=referral_overdue_before())),
            )
        )
    if user.has_casework_role:
        context.update(kept_casework_counts(user))
    if user.can(Capability.VIEW_MEETINGS):
        context["next_meetings"] = list(
            policy.meetings_visible_to(user)
            .filter(starts_at__gte=timezone.now())
            .order_by("starts_at")[:3]
        )
    if user.can(Capability.VIEW_STATISTICS):
        context["statistics"] = suppressed_statistics(user.organisation.home_municipality_id)
    context.update(_programme(user, today))
    context.update(_roles(user))
    if user.can(Capability.CHAIR_MEETINGS):
        context.update(_known_elsewhere(request, user))
    return render(request, "home/dashboard.html", context)


def casework_counts(user: User) -> dict[str, int]:
    """The casework counts of a user with a casework role, computed anew: referrals to decide,
    open cases, overdue actions, reviews due within thirty days. What they read changes only
    with the data of the user's municipalities and the local date, so they are kept between
    requests (``kept_casework_counts``)."""
    today = timezone.localdate()
    return {
        "referrals_to_decide": (
            policy.referrals_visible_to(user).filter(status=Referral.Status.OPEN).count()
        ),
        "cases_open": policy.cases_visible_to(user).open().count(),
        "actions_overdue": (
            policy.actions_owned_by(user)
            .filter(status=Action.Status.OPEN, due_date__lt=today)
            .count()
        ),
        "reviews_due": (
            policy.reviews_visible_to(user)
            .filter(done_at__isnull=True, due_on__lte=today + timedelta(days=30))
            .count()
        ),
    }


def kept_casework_counts(user: User) -> dict[str, int]:
    """``casework_counts``, kept for the same user, the same sight and the same data of the
    user's municipalities (``samen.reports.kept.for_today``): at national size these counts
    read thousands of rows (about 7 ms), the rest of the page a few milliseconds."""
    return kept.for_today(
        "start", _sight(user), municipality_ids(user), Topic.CASES, lambda: casework_counts(user)
    )


def _sight(user: User) -> tuple[object, ...]:
    """What the user may see depends on, besides the data: part of the key of the counts kept
    for the user (a changed role or covenant is a new key at once)."""
    organisation = user.organisation
    return (
        user.pk,
        organisation.pk,
        organisation.covenant_signed,
        tuple(sorted(user.capabilities)),
    )


def _roles(user: User) -> dict[str, Any]:
    """What the roles without casework start with: the administrator's requests waiting for a
    second person, the data protection officer's refused attempts and open legal holds, the hub
    editor's collection. One count each, so the page's queries do not grow with the data."""
    context: dict[str, Any] = {}
    if user.can(Capability.APPROVE_ACCESS):
        context["requests_waiting"] = requests_decidable_by(user).count()
    if user.can(Capability.MANAGE_USERS):
        context["users_active"] = users_administered_by(user).filter(is_active=True).count()
    if user.can(Capability.VIEW_AUDIT_LOG):
        context["refused_week"] = (
            policy.audit_entries_visible_to(user)
            .filter(outcome=AuditEntry.Outcome.DENIED, timestamp__gte=timezone.now() - WEEK)
            .count()
        )
    if user.can(Capability.CHAIR_MEETINGS):
        # Cases other municipalities propose to transfer to the coordinator's (one count).
        context["transfers_waiting"] = policy.transfers_addressed_to(user).pending().count()
    if user.can(Capability.EXPERT_ORDERS):
        # The expert's own open orders, the earliest due first (one query).
        context["expert_orders"] = list(
            policy.orders_open_to_expert(user)
            .select_related("case__municipality")
            .order_by("due_on", "pk")[:10]
        )
    if user.can(Capability.MANAGE_RETENTION):
        context["holds_open"] = policy.holds_visible_to(user).filter(lifted_at__isnull=True).count()
    if user.can(Capability.EDIT_HUB):
        context["hub_counts"] = {
            "profiles": CityProfile.objects.count(),
            "practices": Practice.objects.count(),
            "documents": Document.objects.count(),
        }
    return context


def _known_elsewhere(request: HttpRequest, user: User) -> dict[str, Any]:
    """Known elsewhere, told actively: the ten newest notices that another municipality has a
    signal about a person known here, with whom to contact there (its weighing team). Only the
    fact; reading them is recorded. Two queries whatever the number of notices."""
    notices = list(
        policy.known_elsewhere_notices_for(user).select_related("from_municipality")[:10]
    )
    if not notices:
        return {}
    contacts: dict[int, list[User]] = {}
    senders = {notice.from_municipality_id for notice in notices}
    for contact in users_with(Capability.WEIGH_SIGNALS, senders).select_related(None):
        contacts.setdefault(contact.organisation_id, []).append(contact)
    record(Actor.of(request), "casework.person.known_elsewhere_notices", targets=notices)
    return {
        "known_elsewhere_notices": [
            (notice, contacts.get(notice.from_municipality_id, [])) for notice in notices
        ]
    }


def programme_counts(user: User, today: date) -> dict[str, Any]:
    """The programme's actions due within thirty days and overdue (one count of the open
    actions), and the budget of this year in total, computed anew; kept between requests like
    the casework counts (``_programme``)."""
    counts: dict[str, Any] = (
        policy.plan_actions_visible_to(user)
        .filter(status__in=PlanAction.OPEN)
        .aggregate(
            programme_due=Count(
                "pk",
                filter=Q(planned_end__gte=today, planned_end__lte=today + timedelta(days=30)),
            ),
            programme_overdue=Count("pk", filter=Q(planned_end__lt=today)),
        )
    )
    lines = policy.programme_visible_to(user, BudgetLine).filter(year=today.year)
    counts["programme_budget"] = programme_queries.budget_table(lines).total
    return counts


def _programme(user: User, today: date) -> dict[str, Any]:
    """The prevention programme next to casework: actions due and overdue, the budget left this
    year, trainings coming up; for a lead ("trekker"), the actions they lead."""
    context: dict[str, Any] = {}
    if user.can(Capability.VIEW_PROGRAMME) or user.can(Capability.MANAGE_PROGRAMME):
        municipality_id = user.organisation.home_municipality_id
        if municipality_id is None:
            context.update(programme_counts(user, today))
        else:
            context.update(
                kept.for_today(
                    "programme",
                    _sight(user),
                    [municipality_id],
                    Topic.PROGRAMME,
                    lambda: programme_counts(user, today),
                )
            )
        context["programme_year"] = today.year
        context["programme_sessions"] = list(
            policy.programme_visible_to(user, TrainingSession)
            .filter(starts_on__gte=today)
            .select_related("training")
            .order_by("starts_on", "pk")[:3]
        )
    if user.can(Capability.LEAD_ACTIONS):
        context["led_actions"] = list(
            policy.plan_actions_led_by(user)
            .filter(lead_user_id=user.pk, status__in=PlanAction.OPEN)
            .select_related("theme")
            .order_by("planned_end", "pk")[:10]
        )
    return context
