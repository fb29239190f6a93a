"""The programme's pages: the action plan, the budget, the network, trainings and events,
communication, and the programme in numbers.

Thin: every object is reached through ``samen.casework.policy`` (the one gate), every change
goes through ``samen.programme.actions``. Reads of the network's personal data are recorded in
the audit log; so is every export. Lists offer ``?format=csv`` and ``?format=xlsx``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.db.models import Case, Count, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samen.accounts.capabilities import Capability
from samen.accounts.decorators import AuthenticatedRequest, requires_any
from samen.audit.actor import Actor
from samen.audit.services import record
from samen.casework import policy
from samen.core import kept
from samen.core.generations import Topic
from samen.core.pagination import KeysetPage, Order, keyset_page
from samen.core.params import whole_number
from samen.hub.models import Document
from samen.programme import exports, forms, queries
from samen.programme.actions import ProgrammeError
from samen.programme.actions import budget as budget_actions
from samen.programme.actions import communication as communication_actions
from samen.programme.actions import importing as import_actions
from samen.programme.actions import network as network_actions
from samen.programme.actions import plan as plan_actions
from samen.programme.actions import trainings as training_actions
from samen.programme.exports import Table
from samen.programme.models import (
    ZERO,
    ActionStatus,
    BudgetLine,
    CommunicationMoment,
    Criterion,
    Delivery,
    DialogueMeeting,
    Event,
    Goal,
    Headcount,
    MediaResponse,
    Outreach,
    Plan,
    PlanAction,
    Risk,
    Sector,
    Theme,
    Training,
    TrainingSession,
)
from samen.programme.recognition import recognise

VIEW = (Capability.VIEW_PROGRAMME, Capability.MANAGE_PROGRAMME)
MANAGE = Capability.MANAGE_PROGRAMME
NETWORK = Capability.MANAGE_NETWORK
PAGE_SIZE = 50
MEETINGS_PER_PAGE = 20
ACTIONS_PER_PAGE = 50
MEMBERS_PER_PAGE = 50


# --- what every page shares ---------------------------------------------------------------------


def _municipality_id(request: AuthenticatedRequest) -> int | None:
    return request.user.organisation.home_municipality_id


def _data(request: AuthenticatedRequest) -> Any:
    """The submitted data, even when empty: an empty POST is a form with errors (422)."""
    return request.POST if request.method == "POST" else None


def _page(request: AuthenticatedRequest, queryset: QuerySet[Any]) -> KeysetPage:
    """A page of a list in the queryset's own order, sought from its boundary row (no count,
    no OFFSET: a page costs the same in a city's list of thousands as in a village's)."""
    names = [name for name in queryset.query.order_by if isinstance(name, str)]
    if not names or len(names) != len(queryset.query.order_by) or names[-1].lstrip("-") != "pk":
        raise ValueError("a paged list is ordered by field names, the primary key last")
    return keyset_page(request, queryset, Order.of(*names), PAGE_SIZE)


def _export(request: AuthenticatedRequest, table: Table, *, personal: bool = False) -> HttpResponse:
    """The list as a file; recorded in the audit log (named lists as personal data)."""
    fmt = exports.requested_format(request)
    record(
        Actor.of(request),
        "programme.network.export" if personal else "programme.export",
        object_label=f"{table.title}: {len(table.rows)} rows, {fmt}",
    )
    return exports.response(table, fmt)


def _form_page(
    request: AuthenticatedRequest,
    form: Any,
    *,
    title: str,
    back: str,
    intro: str = "",
    submit: str = "",
) -> HttpResponse:
    context = {"form": form, "title": title, "back": back, "intro": intro, "submit": submit}
    status = 422 if form.is_bound else 200
    return render(request, "programme/form.html", context, status=status)


def _failed(request: AuthenticatedRequest, error: ProgrammeError) -> None:
    messages.error(request, _("This change does not fit: %(reason)s.") % {"reason": error})


def _themes(request: AuthenticatedRequest) -> QuerySet[Theme]:
    return (
        policy.programme_visible_to(request.user, Theme)
        .select_related("plan")
        .order_by("plan__first_year", "position")
    )


def _with_due(actions: QuerySet[PlanAction]) -> QuerySet[PlanAction]:
    """Actions with ``due``: their planned end, or (none planned) after every date, so that a
    page can be sought by it (keyset keys are never NULL)."""
    return actions.annotate(due=Coalesce("planned_end", Value(date.max)))


def _with_labels(rows: Any, *names: str) -> list[Any]:
    """``rows`` (model instances) with ``<name>_label``, the label of the choice each holds, for
    a list of many: ``get_<name>_display`` builds the field's choices anew for every row."""
    rows = list(rows)
    if rows:
        meta = rows[0]._meta
        for name in names:
            labels = dict(meta.get_field(name).flatchoices)
            for row in rows:
                value = getattr(row, name)
                setattr(row, f"{name}_label", labels.get(value, value))
    return rows


def _theme_title(theme: Theme | None) -> str:
    return theme.title if theme is not None else ""


# --- the programme's start ------------------------------------------------------------------


@requires_any(*VIEW, Capability.LEAD_ACTIONS, NETWORK)
def home(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    if not any(user.can(c) for c in VIEW):
        if user.can(NETWORK):
            return redirect("programme:contacts")
        return redirect("programme:my_actions")
    plans = (
        policy.programme_visible_to(user, Plan)
        .annotate(
            n_themes=Count("themes", distinct=True),
            n_actions=Count("themes__actions", distinct=True),
        )
        .order_by("-first_year", "title")
    )
    today = timezone.localdate()
    due = (
        policy.plan_actions_visible_to(user)
        .filter(status__in=PlanAction.OPEN, planned_end__lte=today + timedelta(days=30))
        .select_related("lead_organisation", "theme")
        .order_by("planned_end", "pk")[:10]
    )
    sessions = (
        policy.programme_visible_to(user, TrainingSession)
        .filter(starts_on__gte=today)
        .select_related("training")
        .order_by("starts_on")[:5]
    )
    context = {"plans": plans, "due": due, "sessions": sessions, "today": today}
    return render(request, "programme/home.html", context)


# --- the action plan ------------------------------------------------------------------------


@requires_any(MANAGE)
def plan_create(request: AuthenticatedRequest) -> HttpResponse:
    year = timezone.localdate().year
    form = forms.PlanForm(_data(request), initial={"first_year": year, "last_year": year + 1})
    if request.method == "POST" and form.is_valid():
        try:
            plan = plan_actions.save_plan(Actor.of(request), None, **form.values())
        except ProgrammeError as error:
            _failed(request, error)
        else:
            messages.success(request, _("The action plan was created."))
            return redirect("programme:plan_detail", pk=plan.pk)
    return _form_page(request, form, title=_("New action plan"), back=reverse("programme:home"))


def _plan_actions_table(title: str, actions: QuerySet[PlanAction]) -> Table:
    modes = {value: str(label) for value, label in PlanAction.Mode.choices}
    statuses = {value: str(label) for value, label in ActionStatus.choices}
    return Table(
        title,
        [
            _("Theme"),
            _("Action"),
            _("Lead organisation"),
            _("Lead (trekker)"),
            _("Who acts"),
            _("Status"),
            _("Planned start"),
            _("Planned end"),
            _("Actual start"),
            _("Actual end"),
        ],
        [
            [
                theme,
                title,
                organisation or "",
                lead or "",
                modes.get(mode, mode),
                statuses.get(status, status),
                *dates,
            ]
            # The columns only, as values: a plan's file holds hundreds of actions.
            for theme, title, organisation, lead, mode, status, *dates in actions.values_list(
                "theme__title",
                "title",
                "lead_organisation__name",
                "lead_user__full_name",
                "mode",
                "status",
                "planned_start",
                "planned_end",
                "actual_start",
                "actual_end",
            )
        ],
    )


@requires_any(*VIEW)
def plan_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    plan = policy.get_programme_object_for(Actor.of(request), Plan, pk)
    actions = policy.plan_actions_visible_to(request.user).filter(theme__plan=plan)
    if exports.requested_format(request):
        return _export(request, _plan_actions_table(plan.title, actions.order_by("theme", "pk")))
    themes = plan.themes.annotate(
        n_actions=Count("actions", distinct=True),
        n_open=Count("actions", filter=Q(actions__status__in=PlanAction.OPEN), distinct=True),
        n_done=Count("actions", filter=Q(actions__status="done"), distinct=True),
    ).order_by("position", "pk")
    context = {
        "plan": plan,
        "themes": themes,
        "risks": plan.risks.select_related("theme"),
        "counts": queries.labelled(queries.status_counts(actions)),
    }
    return render(request, "programme/plan_detail.html", context)


@requires_any(MANAGE)
def plan_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    actor = Actor.of(request)
    plan = policy.get_programme_object_for(actor, Plan, pk)
    form = forms.PlanForm(_data(request), current=plan)
    if request.method == "POST" and form.is_valid():
        try:
            plan_actions.save_plan(actor, plan, **form.values())
        except ProgrammeError as error:
            _failed(request, error)
        else:
            messages.success(request, _("The action plan was saved."))
            return redirect("programme:plan_detail", pk=plan.pk)
    back = reverse("programme:plan_detail", args=[plan.pk])
    return _form_page(request, form, title=_("Change the action plan"), back=back)


@requires_any(MANAGE)
def theme_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    actor = Actor.of(request)
    plan = policy.get_programme_object_for(actor, Plan, pk)
    form = forms.ThemeForm(_data(request), initial={"position": plan.themes.count() + 1})
    if request.method == "POST" and form.is_valid():
        theme = plan_actions.save_theme(actor, plan, None, **form.values())
        messages.success(request, _("The theme was added."))
        return redirect("programme:theme_detail", pk=theme.pk)
    back = reverse("programme:plan_detail", args=[plan.pk])
    return _form_page(request, form, title=_("New theme"), back=back)


@requires_any(*VIEW)
def theme_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    theme = policy.get_programme_object_for(Actor.of(request), Theme, pk)
    # By planned end, those without one last (the page and the file alike, on both databases).
    by_due = Order.of("due", "pk")
    actions = _with_due(
        policy.plan_actions_visible_to(request.user)
        .filter(theme=theme)
        .select_related("lead_organisation", "lead_user")
    ).order_by(*by_due.order_by())
    if exports.requested_format(request):
        return _export(request, _plan_actions_table(theme.title, actions))
    # A theme holds a hundred actions in a large city: a page at a time, read by the columns
    # shown.
    page = keyset_page(
        request,
        actions.only(
            "title",
            "mode",
            "status",
            "planned_end",
            "lead_organisation__name",
            "lead_user__full_name",
        ),
        by_due,
        ACTIONS_PER_PAGE,
    )
    lines = queries.lines_with_spending(
        policy.programme_visible_to(request.user, BudgetLine).filter(theme=theme)
    ).order_by("year", "pk")
    context = {
        "theme": theme,
        "plan": theme.plan,
        "questions": [(Theme.question(q), getattr(theme, q)) for q in Theme.QUESTIONS],
        "goals": theme.goals.all(),
        "actions": _with_labels(page, "mode", "status"),
        "page": page,
        "lines": _with_labels(lines, "source", "subsidy_status"),
        "goal_form": forms.GoalForm() if request.user.can(MANAGE) else None,
    }
    return render(request, "programme/theme_detail.html", context)


@requires_any(MANAGE)
def theme_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    actor = Actor.of(request)
    theme = policy.get_programme_object_for(actor, Theme, pk)
    form = forms.ThemeForm(_data(request), current=theme)
    if request.method == "POST" and form.is_valid():
        plan_actions.save_theme(actor, theme.plan, theme, **form.values())
        messages.success(request, _("The theme was saved."))
        return redirect("programme:theme_detail", pk=theme.pk)
    back = reverse("programme:theme_detail", args=[theme.pk])
    return _form_page(request, form, title=_("Change the theme"), back=back)


@requires_any(MANAGE)
@require_POST
def goal_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    actor = Actor.of(request)
    theme = policy.get_programme_object_for(actor, Theme, pk)
    form = forms.GoalForm(request.POST)
    if form.is_valid():
        plan_actions.add_goal(actor, theme, **form.values())
        messages.success(request, _("The goal was added."))
        return redirect("programme:theme_detail", pk=theme.pk)
    back = reverse("programme:theme_detail", args=[theme.pk])
    return _form_page(request, form, title=_("Add a goal"), back=back)


@requires_any(MANAGE)
def action_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    actor = Actor.of(request)
    theme = policy.get_programme_object_for(actor, Theme, pk)
    form = forms.ActionForm(_data(request), theme=theme)
    if request.method == "POST" and form.is_valid():
        try:
            action = plan_actions.save_action(actor, theme, None, **form.values())
        except ProgrammeError as error:
            _failed(request, error)
        else:
            messages.success(request, _("The action was added."))
            return redirect("programme:action_detail", pk=action.pk)
    back = reverse("programme:theme_detail", args=[theme.pk])
    return _form_page(request, form, title=_("New action"), back=back)


def _action_context(
    request: AuthenticatedRequest, action: PlanAction, **forms_: Any
) -> dict[str, Any]:
    user = request.user
    updatable = policy.plan_actions_updatable_by(user).filter(pk=action.pk).exists()
    managing = user.can(MANAGE)
    context: dict[str, Any] = {
        "action": action,
        "theme": action.theme,
        "plan": action.theme.plan,
        "working_group": action.working_group.order_by("name").only("name"),
        "practices": action.practices.only("title"),
        "documents": action.documents.only("title"),
        "updates": action.updates.select_related("author", "organisation"),
        "checks": action.checks.select_related("criterion").order_by("criterion__position"),
        "lines": queries.lines_with_spending(action.budget_lines.all()).order_by("year", "pk"),
        "updatable": updatable,
        "managing": managing,
    }
    if updatable:
        context["progress_form"] = forms_.get("progress_form") or forms.ProgressForm()
    if managing:
        criteria = list(
            policy.programme_visible_to(user, Criterion).filter(active=True).order_by("position")
        )
        current = {c.criterion_id: c for c in context["checks"]}
        context["criteria_form"] = forms_.get("criteria_form") or forms.CriteriaForm(
            criteria=criteria, current=current
        )
    return context


@requires_any(*VIEW, Capability.LEAD_ACTIONS)
def action_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    action = policy.get_plan_action_for(Actor.of(request), pk)
    return render(request, "programme/action_detail.html", _action_context(request, action))


@requires_any(MANAGE)
def action_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    actor = Actor.of(request)
    action = policy.get_plan_action_for(actor, pk)
    form = forms.ActionForm(_data(request), theme=action.theme, current=action)
    if request.method == "POST" and form.is_valid():
        try:
            plan_actions.save_action(actor, action.theme, action, **form.values())
        except ProgrammeError as error:
            _failed(request, error)
        else:
            messages.success(request, _("The action was saved."))
            return redirect("programme:action_detail", pk=action.pk)
    back = reverse("programme:action_detail", args=[action.pk])
    return _form_page(request, form, title=_("Change the action"), back=back)


@requires_any(MANAGE, Capability.LEAD_ACTIONS)
@require_POST
def action_progress(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Progress by the coordinator, or by the lead of this action: nobody else."""
    actor = Actor.of(request)
    action = policy.get_updatable_action_for(actor, pk)
    form = forms.ProgressForm(request.POST)
    if form.is_valid():
        try:
            plan_actions.report_progress(actor, action, **form.cleaned_data)
        except ProgrammeError as error:
            _failed(request, error)
        else:
            messages.success(request, _("Your progress report was saved."))
            return redirect("programme:action_detail", pk=action.pk)
    action = policy.get_plan_action_for(actor, pk)
    context = _action_context(request, action, progress_form=form)
    return render(request, "programme/action_detail.html", context, status=422)


@requires_any(MANAGE)
@require_POST
def action_criteria(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    actor = Actor.of(request)
    action = policy.get_plan_action_for(actor, pk)
    criteria = list(
        policy.programme_visible_to(request.user, Criterion)
        .filter(active=True)
        .order_by("position")
    )
    form = forms.CriteriaForm(request.POST, criteria=criteria, current={})
    if form.is_valid():
        plan_actions.check_criteria(actor, action, form.checks())
        messages.success(request, _("The assessment against the criteria was saved."))
        return redirect("programme:action_detail", pk=action.pk)
    context = _action_context(request, action, criteria_form=form)  # pragma: no cover
    return render(request, "programme/action_detail.html", context, status=422)  # pragma: no cover


@requires_any(*VIEW)
def by_organisation(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """ "What is ours to do": the plan's actions per lead organisation."""
    plan = policy.get_programme_object_for(Actor.of(request), Plan, pk)
    actions = (
        policy.plan_actions_visible_to(request.user)
        .filter(theme__plan=plan)
        .select_related("lead_organisation", "lead_user", "theme")
        .order_by("lead_organisation__name", "planned_end", "pk")
    )
    chosen = request.GET.get("organisation", "")
    if (organisation_id := whole_number(chosen)) is not None:
        actions = actions.filter(lead_organisation_id=organisation_id)
    if exports.requested_format(request):
        return _export(request, _plan_actions_table(f"{plan.title} per organisation", actions))
    # A page at a time (a plan holds hundreds of actions): the organisations with a lead in
    # name order, then the actions without one; within each, by planned end.
    page = keyset_page(
        request,
        _with_due(actions).annotate(
            without_lead=Case(When(lead_organisation__isnull=True, then=1), default=0),
            lead_name=Coalesce("lead_organisation__name", Value("")),
        ),
        Order.of("without_lead", "lead_name", "due", "pk"),
        ACTIONS_PER_PAGE,
    )
    groups: dict[str, list[PlanAction]] = {}
    for action in page:
        name = action.lead_organisation.name if action.lead_organisation else _("No lead yet")
        groups.setdefault(name, []).append(action)
    organisations = forms.partner_organisations(plan.municipality_id).order_by("name")
    context = {
        "plan": plan,
        "groups": groups,
        "page": page,
        "organisations": organisations,
        "chosen": chosen,
        "today": timezone.localdate(),
    }
    return render(request, "programme/by_organisation.html", context)


@requires_any(*VIEW)
def timeline(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    plan = policy.get_programme_object_for(Actor.of(request), Plan, pk)
    user = request.user
    today = timezone.localdate()
    items = queries.timeline(
        policy.plan_actions_visible_to(user).filter(theme__plan=plan),
        policy.programme_visible_to(user, Goal).filter(theme__plan=plan),
        policy.programme_visible_to(user, CommunicationMoment).filter(
            planned_on__year__gte=plan.first_year, planned_on__year__lte=plan.last_year
        ),
        today,
    )
    if exports.requested_format(request):
        table = Table(
            f"{plan.title} timeline",
            [_("Date"), _("Kind"), _("What"), _("Who or where"), _("Overdue")],
            [[d.on, d.kind, d.title, d.detail, d.overdue] for d in items],
        )
        return _export(request, table)
    return render(
        request, "programme/timeline.html", {"plan": plan, "items": items, "today": today}
    )


@requires_any(*VIEW, Capability.LEAD_ACTIONS)
def my_actions(request: AuthenticatedRequest) -> HttpResponse:
    """The actions the user leads (progress can be reported) and those of their organisation."""
    user = request.user
    actions = (
        policy.plan_actions_led_by(user)
        .select_related("theme__plan", "lead_organisation", "lead_user")
        .order_by("planned_end", "pk")
    )
    if exports.requested_format(request):
        return _export(request, _plan_actions_table(_("Our actions"), actions))
    # A page at a time: the actions the user leads first, then the organisation's, each by
    # planned end (a lead of a large organisation may have hundreds).
    page = keyset_page(
        request,
        _with_due(actions).annotate(
            theirs=Case(When(lead_user_id=user.pk, then=0), default=1),
        ),
        Order.of("theirs", "due", "pk"),
        ACTIONS_PER_PAGE,
    )
    own = [a for a in page if a.lead_user_id == user.pk]
    organisation = [a for a in page if a.lead_user_id != user.pk]
    context = {
        "own": own,
        "organisation": organisation,
        "page": page,
        "today": timezone.localdate(),
    }
    return render(request, "programme/my_actions.html", context)


@requires_any(MANAGE)
def criteria(request: AuthenticatedRequest) -> HttpResponse:
    items = policy.programme_visible_to(request.user, Criterion).order_by("position", "pk")
    form = forms.CriterionForm(_data(request), initial={"position": items.count() + 1})
    if request.method == "POST" and form.is_valid():
        try:
            plan_actions.save_criterion(Actor.of(request), None, **form.values())
        except ProgrammeError as error:
            _failed(request, error)
        else:
            messages.success(request, _("The criterion was added."))
            return redirect("programme:criteria")
    status = 422 if form.is_bound else 200
    return render(
        request, "programme/criteria.html", {"criteria": items, "form": form}, status=status
    )


@requires_any(MANAGE)
def criterion_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    actor = Actor.of(request)
    criterion = policy.get_programme_object_for(actor, Criterion, pk)
    form = forms.CriterionForm(_data(request), current=criterion)
    if request.method == "POST" and form.is_valid():
        plan_actions.save_criterion(actor, criterion, **form.values())
        messages.success(request, _("The criterion was saved."))
        return redirect("programme:criteria")
    return _form_page(
        request, form, title=_("Change the criterion"), back=reverse("programme:criteria")
    )


@requires_any(MANAGE)
def risk_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    actor = Actor.of(request)
    plan = policy.get_programme_object_for(actor, Plan, pk)
    form = forms.RiskForm(_data(request), plan=plan)
    if request.method == "POST" and form.is_valid():
        plan_actions.save_risk(actor, plan, None, **form.values())
        messages.success(request, _("The risk was added."))
        return redirect("programme:plan_detail", pk=plan.pk)
    back = reverse("programme:plan_detail", args=[plan.pk])
    return _form_page(request, form, title=_("New risk"), back=back)


@requires_any(MANAGE)
def risk_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    actor = Actor.of(request)
    risk = policy.get_programme_object_for(actor, Risk, pk)
    form = forms.RiskForm(_data(request), plan=risk.plan, current=risk)
    if request.method == "POST" and form.is_valid():
        plan_actions.save_risk(actor, risk.plan, risk, **form.values())
        messages.success(request, _("The risk was saved."))
        return redirect("programme:plan_detail", pk=risk.plan_id)
    back = reverse("programme:plan_detail", args=[risk.plan_id])
    return _form_page(request, form, title=_("Change the risk"), back=back)


# --- a draft plan from the hub ------------------------------------------------------------------


@requires_any(MANAGE)
def plan_import(request: AuthenticatedRequest) -> HttpResponse:
    form = forms.ImportChooseForm(_data(request))
    if request.method == "POST" and form.is_valid():
        return redirect("programme:plan_import_review", pk=form.cleaned_data["document"].pk)
    return _form_page(
        request,
        form,
        title=_("Start an action plan from the knowledge hub"),
        back=reverse("programme:home"),
        intro=_(
            "samen reads the themes, the answers to the plan's questions, the actions with their "
            "leads and working groups, criteria, risks and budget lines from the document. You "
            "review and confirm each of them on the next page; nothing is created before."
        ),
        submit=_("Review the draft"),
    )


@requires_any(MANAGE)
def plan_import_review(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(Document, pk=pk)
    municipality_id = _municipality_id(request)
    draft = recognise(document, municipality_id or 0)
    form = forms.ImportReviewForm(_data(request), draft=draft, municipality_id=municipality_id)
    if request.method == "POST" and form.is_valid():
        try:
            plan = import_actions.create_plan_from_draft(
                Actor.of(request), document, **form.confirmed()
            )
        except ProgrammeError as error:
            _failed(request, error)
        else:
            messages.success(request, _("The draft plan was created with the items you confirmed."))
            return redirect("programme:plan_detail", pk=plan.pk)
    status = 422 if form.is_bound else 200
    context = {"document": document, "draft": draft, "form": form}
    return render(request, "programme/import_review.html", context, status=status)


# --- the budget -----------------------------------------------------------------------------


@requires_any(*VIEW)
def budget(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Per year and theme: planned, granted, spent and remaining, with totals; and the lines."""
    plan = policy.get_programme_object_for(Actor.of(request), Plan, pk)
    lines = policy.programme_visible_to(request.user, BudgetLine).filter(plan=plan)
    year = whole_number(request.GET.get("year"))
    if year is not None:
        lines = lines.filter(year=year)
    table = queries.budget_table(lines, _("The plan as a whole"))
    if exports.requested_format(request):
        rows = [[r.year, r.theme, r.planned, r.granted, r.spent, r.remaining] for r in table.rows]
        rows += [
            [y.year, _("Total"), y.planned, y.granted, y.spent, y.remaining] for y in table.years
        ]
        total = table.total
        rows.append(["", _("Total"), total.planned, total.granted, total.spent, total.remaining])
        return _export(
            request,
            Table(
                f"{plan.title} budget",
                [_("Year"), _("Theme"), _("Planned"), _("Granted"), _("Spent"), _("Remaining")],
                rows,
            ),
        )
    context = {
        "plan": plan,
        "table": table,
        "lines": queries.lines_with_spending(lines).order_by("year", "theme__position", "pk"),
        "year": year,
    }
    return render(request, "programme/budget.html", context)


def _line_form_page(
    request: AuthenticatedRequest, plan: Plan, line: BudgetLine | None
) -> HttpResponse:
    actor = Actor.of(request)
    # A new line started from a theme or an action (their pages link here) has them chosen.
    asked = {key: whole_number(request.GET.get(key)) for key in ("theme", "action")}
    initial = {key: pk for key, pk in asked.items() if line is None and pk is not None}
    chosen = {"initial": initial} if initial else {}
    form = forms.BudgetLineForm(_data(request), plan=plan, current=line, **chosen)
    if request.method == "POST" and form.is_valid():
        try:
            saved = budget_actions.save_budget_line(actor, plan, line, **form.values())
        except ProgrammeError as error:
            _failed(request, error)
        else:
            messages.success(request, _("The budget line was saved."))
            return redirect("programme:budget_line_detail", pk=saved.pk)
    title = _("New budget line") if line is None else _("Change the budget line")
    return _form_page(request, form, title=title, back=reverse("programme:budget", args=[plan.pk]))


@requires_any(MANAGE)
def budget_line_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    plan = policy.get_programme_object_for(Actor.of(request), Plan, pk)
    return _line_form_page(request, plan, None)


@requires_any(MANAGE)
def budget_line_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    line = policy.get_programme_object_for(Actor.of(request), BudgetLine, pk)
    return _line_form_page(request, line.plan, line)


def _line_context(
    request: AuthenticatedRequest, line: BudgetLine, form: Any = None
) -> dict[str, Any]:
    spent = line.spendings.aggregate(total=Sum("amount"))["total"] or ZERO
    return {
        "line": line,
        "plan": line.plan,
        "spent": spent,
        "remaining": line.granted_amount - spent,
        "spendings": line.spendings.select_related("recorded_by"),
        "form": form or (forms.SpendingForm() if request.user.can(MANAGE) else None),
    }


@requires_any(*VIEW)
def budget_line_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    line = policy.get_programme_object_for(Actor.of(request), BudgetLine, pk)
    if exports.requested_format(request):
        table = Table(
            f"{line.title} spending",
            [_("Date"), _("Amount"), _("Description")],
            [[s.spent_on, s.amount, s.description] for s in line.spendings.all()],
        )
        return _export(request, table)
    return render(request, "programme/budget_line.html", _line_context(request, line))


@requires_any(MANAGE)
@require_POST
def spending_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    actor = Actor.of(request)
    line = policy.get_programme_object_for(actor, BudgetLine, pk)
    form = forms.SpendingForm(request.POST)
    if form.is_valid():
        budget_actions.add_spending(actor, line, **form.cleaned_data)
        messages.success(request, _("The spending was recorded."))
        return redirect("programme:budget_line_detail", pk=line.pk)
    context = _line_context(request, line, form)
    return render(request, "programme/budget_line.html", context, status=422)


# --- the network (personal data) ----------------------------------------------------------------


@requires_any(NETWORK)
def contacts(request: AuthenticatedRequest) -> HttpResponse:
    people = policy.contact_persons_visible_to(request.user).select_related("organisation")
    chosen = request.GET.get("organisation", "")
    if (organisation_id := whole_number(chosen)) is not None:
        people = people.filter(organisation_id=organisation_id)
    if request.GET.get("officers"):
        people = people.filter(designated_officer=True)
    people = people.order_by("organisation__name", "pk")
    if exports.requested_format(request):
        table = Table(
            _("Contact persons"),
            [
                _("Organisation"),
                _("Name"),
                _("Function"),
                _("E-mail address"),
                _("Telephone"),
                _("District"),
                _("Designated officer"),
                _("Left the network on"),
            ],
            # As values: a large city's network holds thousands (each name and detail is
            # decrypted; no model is made for it).
            [
                list(row)
                for row in people.values_list(
                    *(
                        "organisation__name" if name == "organisation" else name
                        for name in network_actions.CONTACT_FIELDS
                    )
                )
            ],
        )
        return _export(request, table, personal=True)
    page = _page(request, people)
    record(Actor.of(request), "programme.contact.list", targets=page.object_list)
    context = {
        "page": page,
        "organisations": forms.partner_organisations(_municipality_id(request)).order_by("name"),
        "chosen": chosen,
        "officers": bool(request.GET.get("officers")),
    }
    return render(request, "programme/contacts.html", context)


@requires_any(NETWORK)
def contact_create(request: AuthenticatedRequest) -> HttpResponse:
    form = forms.ContactPersonForm(_data(request), municipality_id=_municipality_id(request))
    if request.method == "POST" and form.is_valid():
        try:
            network_actions.save_contact_person(Actor.of(request), None, **form.values())
        except ProgrammeError as error:
            _failed(request, error)
        else:
            messages.success(request, _("The contact person was added."))
            return redirect("programme:contacts")
    return _form_page(
        request, form, title=_("New contact person"), back=reverse("programme:contacts")
    )


@requires_any(NETWORK)
def contact_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    actor = Actor.of(request)
    contact = policy.get_contact_person_for(actor, pk, audit_read=request.method == "GET")
    form = forms.ContactPersonForm(
        _data(request), municipality_id=contact.municipality_id, current=contact
    )
    if request.method == "POST" and form.is_valid():
        try:
            network_actions.save_contact_person(actor, contact, **form.values())
        except ProgrammeError as error:
            _failed(request, error)
        else:
            messages.success(request, _("The contact person was saved."))
            return redirect("programme:contacts")
    return _form_page(
        request, form, title=_("Change the contact person"), back=reverse("programme:contacts")
    )


@requires_any(NETWORK)
def key_figures(request: AuthenticatedRequest) -> HttpResponse:
    people = policy.key_figures_visible_to(request.user).order_by("district", "pk")
    if exports.requested_format(request):
        table = Table(
            _("Key figures"),
            [
                _("Name"),
                _("Community"),
                _("District"),
                _("E-mail address"),
                _("Telephone"),
                _("Consent given on"),
                _("Consent given to"),
                _("Kept until"),
            ],
            [
                [
                    k.name,
                    k.community,
                    k.district,
                    k.email,
                    k.phone,
                    k.consent_given_on,
                    k.consent_scope,
                    k.retain_until,
                ]
                for k in people
            ],
        )
        return _export(request, table, personal=True)
    page = _page(request, people)
    record(Actor.of(request), "programme.key_figure.list", targets=page.object_list)
    return render(
        request, "programme/key_figures.html", {"page": page, "today": timezone.localdate()}
    )


@requires_any(NETWORK)
def key_figure_create(request: AuthenticatedRequest) -> HttpResponse:
    form = forms.KeyFigureForm(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            network_actions.save_key_figure(Actor.of(request), None, **form.values())
        except ProgrammeError as error:
            _failed(request, error)
        else:
            messages.success(request, _("The key figure was added."))
            return redirect("programme:key_figures")
    return _form_page(
        request,
        form,
        title=_("New key figure"),
        back=reverse("programme:key_figures"),
        intro=_(
            "A key figure is kept only with their consent. Record when they gave it and what it "
            "covers; they are removed at their own term, or at once when they withdraw it."
        ),
    )


@requires_any(NETWORK)
def key_figure_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    actor = Actor.of(request)
    key_figure = policy.get_key_figure_for(actor, pk, audit_read=request.method == "GET")
    form = forms.KeyFigureForm(_data(request), current=key_figure)
    if request.method == "POST" and form.is_valid():
        try:
            network_actions.save_key_figure(actor, key_figure, **form.values())
        except ProgrammeError as error:
            _failed(request, error)
        else:
            messages.success(request, _("The key figure was saved."))
            return redirect("programme:key_figures")
    status = 422 if form.is_bound else 200
    context = {"form": form, "key_figure": key_figure, "withdraw_form": forms.WithdrawForm()}
    return render(request, "programme/key_figure_form.html", context, status=status)


@requires_any(NETWORK)
@require_POST
def key_figure_withdraw(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    actor = Actor.of(request)
    key_figure = policy.get_key_figure_for(actor, pk, audit_read=False)
    form = forms.WithdrawForm(request.POST)
    if form.is_valid():
        network_actions.withdraw_consent(actor, key_figure)
        messages.success(request, _("Consent was withdrawn: the key figure was removed."))
        return redirect("programme:key_figures")
    context = {
        "form": forms.KeyFigureForm(current=key_figure),
        "key_figure": key_figure,
        "withdraw_form": form,
    }
    return render(request, "programme/key_figure_form.html", context, status=422)


@requires_any(NETWORK)
def districts(request: AuthenticatedRequest) -> HttpResponse:
    networks = queries.networks_with_numbers(
        policy.district_networks_visible_to(request.user)
    ).order_by("name")
    form = forms.DistrictNetworkForm(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            network = network_actions.save_district_network(Actor.of(request), **form.cleaned_data)
        except ProgrammeError as error:
            _failed(request, error)
        else:
            messages.success(request, _("The district network was created."))
            return redirect("programme:district_detail", pk=network.pk)
    if exports.requested_format(request):
        table = Table(
            _("District networks"),
            [_("Name"), _("District"), _("Contact persons"), _("Key figures"), _("Meetings")],
            [[n.name, n.district, n.n_contacts, n.n_key_figures, n.n_meetings] for n in networks],  # type: ignore[attr-defined]
        )
        return _export(request, table)
    status = 422 if form.is_bound else 200
    return render(
        request, "programme/districts.html", {"networks": networks, "form": form}, status=status
    )


# The columns a contact person or key figure is shown (and chosen) by on a network's page, and
# the municipality that a meeting's attendance is checked against.
CONTACT_LABEL = ("name", "district", "designated_officer", "organisation__name", "municipality")
KEY_FIGURE_LABEL = ("name", "district", "municipality")


def _district_members(network: Any) -> tuple[QuerySet[Any], QuerySet[Any]]:
    """The network's contact persons and key figures, by the columns they are shown by."""
    return (
        network.contact_members.select_related("organisation").only(*CONTACT_LABEL),
        network.key_figure_members.only(*KEY_FIGURE_LABEL),
    )


def _district_context(
    request: AuthenticatedRequest, network: Any, form: Any = None
) -> dict[str, Any]:
    """The network's page; ``form`` a meeting form that was sent and refused."""
    contacts, key_figures = _district_members(network)
    if form is None:
        form = forms.DistrictMeetingForm(contacts=contacts, key_figures=key_figures)
    # The members are listed and offered as present: read (and their names decrypted) once.
    members, key_figure_members = list(contacts), list(key_figures)
    form.offer(members, key_figure_members)
    # The latest meetings first, a page at a time: a network meets for years.
    meetings = keyset_page(
        request, network.meetings.all(), Order.of("-held_on", "-pk"), MEETINGS_PER_PAGE
    )
    queries.name_who_was_present(
        list(meetings),
        policy.contact_persons_visible_to(request.user),
        policy.key_figures_visible_to(request.user),
        members,
        key_figure_members,
    )
    return {
        "network": network,
        "contact_members": members,
        "key_figure_members": key_figure_members,
        "meetings": meetings,
        "meeting_form": form,
    }


@requires_any(NETWORK)
def district_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    network = policy.get_district_network_for(Actor.of(request), pk)
    return render(request, "programme/district_detail.html", _district_context(request, network))


def _members_context(
    request: AuthenticatedRequest, network: Any, data: Any = None
) -> dict[str, Any]:
    """The members (ticked, to be kept or removed) and one page of the people who can be added:
    contact persons or, when asked for, key figures; of the network's district, or of the whole
    municipality's network (thousands of people in a large city) when asked for."""
    user = request.user
    contact_ids = list(network.contact_members.values_list("pk", flat=True))
    key_figure_ids = list(network.key_figure_members.values_list("pk", flat=True))
    adding = "key_figures" if request.GET.get("add") == "key_figures" else "contacts"
    everyone = not network.district or request.GET.get("everyone") == "1"
    contacts = (
        policy.contact_persons_visible_to(user).select_related("organisation").only(*CONTACT_LABEL)
    )
    key_figures = policy.key_figures_visible_to(user).only(*KEY_FIGURE_LABEL)
    candidates: QuerySet[Any]
    if adding == "contacts":
        candidates = contacts.filter(left_on__isnull=True).exclude(pk__in=contact_ids)
        order = Order.of("organisation__name", "pk")
    else:
        candidates = key_figures.exclude(pk__in=key_figure_ids)
        order = Order.of("district", "pk")
    if not everyone:
        candidates = candidates.filter(district=network.district)
    page = keyset_page(request, candidates, order, MEMBERS_PER_PAGE)
    # The members are ticked; the people offered follow them.
    initial = {"contacts": contact_ids, "key_figures": key_figure_ids}
    offered = [person.pk for person in page]
    if adding == "contacts":
        contact_ids = [*contact_ids, *offered]
    else:
        key_figure_ids = [*key_figure_ids, *offered]
    form = forms.DistrictMembersForm(
        data,
        contacts=contacts.filter(pk__in=contact_ids).order_by("organisation__name", "pk"),
        key_figures=key_figures.filter(pk__in=key_figure_ids).order_by("district", "pk"),
        initial=initial,
    )
    return {
        "network": network,
        "everyone": everyone,
        "adding": adding,
        "candidates": page,
        "members_form": form,
    }


@requires_any(NETWORK)
def district_members(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    actor = Actor.of(request)
    network = policy.get_district_network_for(actor, pk, audit_read=request.method == "GET")
    if request.method != "POST":
        context = _members_context(request, network)
        return render(request, "programme/district_members.html", context)
    form = forms.DistrictMembersForm(
        request.POST,
        contacts=policy.contact_persons_visible_to(request.user).select_related("organisation"),
        key_figures=policy.key_figures_visible_to(request.user),
    )
    if form.is_valid():
        network_actions.set_district_members(
            actor,
            network,
            contacts=form.cleaned_data["contacts"],
            key_figures=form.cleaned_data["key_figures"],
        )
        messages.success(request, _("The members were saved."))
        return redirect("programme:district_detail", pk=network.pk)
    # Only a person who is not in the network can be refused: shown again with what was sent.
    context = _members_context(request, network, request.POST)
    return render(request, "programme/district_members.html", context, status=422)


@requires_any(NETWORK)
@require_POST
def district_meeting(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    actor = Actor.of(request)
    network = policy.get_district_network_for(actor, pk, audit_read=False)
    contacts, key_figures = _district_members(network)
    form = forms.DistrictMeetingForm(request.POST, contacts=contacts, key_figures=key_figures)
    if form.is_valid():
        network_actions.record_district_meeting(actor, network, **form.cleaned_data)
        messages.success(request, _("The meeting was recorded."))
        return redirect("programme:district_detail", pk=network.pk)
    context = _district_context(request, network, form)
    return render(request, "programme/district_detail.html", context, status=422)


@requires_any(NETWORK)
def trained(request: AuthenticatedRequest) -> HttpResponse:
    """Who in which organisation is trained, and which designated officers are not yet."""
    user = request.user
    rows = queries.with_officer_names(
        kept_trained_counts(user), policy.contact_persons_visible_to(user)
    )
    if exports.requested_format(request):
        table = Table(
            _("Who is trained"),
            [
                _("Organisation"),
                _("Trained by name"),
                _("Trained, counted"),
                _("Designated officers"),
                _("Designated officers not yet trained"),
            ],
            [
                [
                    r.organisation or _("Other"),
                    r.named,
                    r.counted,
                    r.officers,
                    ", ".join(o.name for o in r.untrained_officers),
                ]
                for r in rows
            ],
        )
        return _export(request, table, personal=True)
    record(
        Actor.of(request),
        "programme.trained.view",
        object_label=f"{sum(len(r.untrained_officers) for r in rows)} officers not yet trained",
    )
    return render(request, "programme/trained.html", {"rows": rows})


def trained_counts(user: Any) -> list[queries.TrainedRow]:
    """Who is trained per organisation, counted from the rows the policy lets the user read."""
    return queries.trained_counts(
        policy.training_participants_visible_to(user),
        Headcount.objects.filter(
            session__in=policy.programme_visible_to(user, TrainingSession).values("pk")
        ),
        policy.contact_persons_visible_to(user),
    )


def kept_trained_counts(user: Any) -> list[queries.TrainedRow]:
    """``trained_counts``, kept for what the user reads (``policy.who_is_trained_scope``) and
    the programme's generation of those municipalities (``samen.core.kept``): counting every
    participant of a large city's trainings and each officer against them took 12 ms at
    national size. The rows hold counts and the keys of the officers not trained yet, never a
    name; the names are read for each request (``queries.with_officer_names``)."""
    scope = policy.who_is_trained_scope(user)
    municipality_ids = [m for m in scope if m is not None]
    if not municipality_ids:  # nothing to count: every source is empty
        return trained_counts(user)
    return kept.for_today(
        "programme_trained", scope, municipality_ids, Topic.PROGRAMME, lambda: trained_counts(user)
    )


# --- trainings and events -------------------------------------------------------------------


@requires_any(*VIEW)
def trainings(request: AuthenticatedRequest) -> HttpResponse:
    catalogue = (
        policy.programme_visible_to(request.user, Training)
        .annotate(n_sessions=Count("sessions"))
        .order_by("title")
    )
    if exports.requested_format(request):
        table = Table(
            _("Trainings"),
            [
                _("Title"),
                _("Provider"),
                _("Target groups"),
                _("Length (hours)"),
                _("Level"),
                _("Sessions"),
            ],
            [
                [t.title, t.provider, t.target_groups, t.hours, t.get_level_display(), t.n_sessions]  # type: ignore[attr-defined]
                for t in catalogue
            ],
        )
        return _export(request, table)
    sessions = queries.sessions_with_numbers(
        policy.programme_visible_to(request.user, TrainingSession)
    ).order_by("-starts_on", "pk")[:20]
    return render(
        request, "programme/trainings.html", {"catalogue": catalogue, "sessions": sessions}
    )


@requires_any(MANAGE)
def training_create(request: AuthenticatedRequest) -> HttpResponse:
    form = forms.TrainingForm(_data(request), themes=_themes(request))
    if request.method == "POST" and form.is_valid():
        try:
            training = training_actions.save_training(Actor.of(request), None, **form.values())
        except ProgrammeError as error:
            _failed(request, error)
        else:
            messages.success(request, _("The training was added to the catalogue."))
            return redirect("programme:training_detail", pk=training.pk)
    return _form_page(request, form, title=_("New training"), back=reverse("programme:trainings"))


@requires_any(*VIEW)
def training_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    training = policy.get_programme_object_for(Actor.of(request), Training, pk)
    sessions = queries.sessions_with_numbers(training.sessions.all()).order_by("-starts_on", "pk")
    if exports.requested_format(request):
        table = Table(
            training.title,
            [_("Date"), _("Place"), _("Trainer"), _("Capacity"), _("Registered"), _("Counted")],
            [
                [s.starts_on, s.place, s.trainer, s.capacity, s.named, s.counted or 0]  # type: ignore[attr-defined]
                for s in sessions
            ],
        )
        return _export(request, table)
    context = {
        "training": training,
        "sessions": sessions,
        "form": forms.SessionForm() if request.user.can(MANAGE) else None,
    }
    return render(request, "programme/training_detail.html", context)


@requires_any(MANAGE)
def training_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    actor = Actor.of(request)
    training = policy.get_programme_object_for(actor, Training, pk)
    form = forms.TrainingForm(_data(request), themes=_themes(request), current=training)
    if request.method == "POST" and form.is_valid():
        try:
            training_actions.save_training(actor, training, **form.values())
        except ProgrammeError as error:
            _failed(request, error)
        else:
            messages.success(request, _("The training was saved."))
            return redirect("programme:training_detail", pk=training.pk)
    back = reverse("programme:training_detail", args=[training.pk])
    return _form_page(request, form, title=_("Change the training"), back=back)


@requires_any(MANAGE)
@require_POST
def session_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    actor = Actor.of(request)
    training = policy.get_programme_object_for(actor, Training, pk)
    form = forms.SessionForm(request.POST)
    if form.is_valid():
        session = training_actions.plan_session(actor, training, **form.cleaned_data)
        messages.success(request, _("The session was planned."))
        return redirect("programme:session_detail", pk=session.pk)
    back = reverse("programme:training_detail", args=[training.pk])
    return _form_page(request, form, title=_("Plan a session"), back=back)


def _session_context(
    request: AuthenticatedRequest, session: TrainingSession, **forms_: Any
) -> dict[str, Any]:
    user = request.user
    municipality_id = session.training.municipality_id
    named = policy.training_participants_visible_to(user).filter(session=session)
    by_sector = session.participants.order_by().values("sector").annotate(n=Count("id"))
    counted = session.headcounts.select_related("organisation")
    sectors: dict[str, int] = {}
    for row in by_sector:
        sectors[row["sector"]] = sectors.get(row["sector"], 0) + row["n"]
    for headcount in counted:
        sectors[headcount.sector] = sectors.get(headcount.sector, 0) + headcount.count
    labels = dict(Sector.choices)
    context: dict[str, Any] = {
        "session": session,
        "training": session.training,
        "sectors": [(labels.get(k, k), n) for k, n in sorted(sectors.items())],
        "total": sum(sectors.values()),
        "headcounts": counted,
        "evaluations": session.evaluations.select_related("recorded_by"),
        "network": user.can(NETWORK),
        "managing": user.can(MANAGE),
    }
    # The partners are offered by the forms to register and to count participants: read once.
    organisations = (
        list(forms.partner_organisations(municipality_id).order_by("name"))
        if user.can(NETWORK) or user.can(MANAGE)
        else []
    )
    if user.can(NETWORK):
        context["participants"] = named.select_related("organisation")
        context["participant_form"] = forms_.get("participant_form") or forms.ParticipantForm(
            municipality_id=municipality_id
        )
        context["participant_form"].offer(organisations)
    if user.can(MANAGE):
        context["headcount_form"] = forms_.get("headcount_form") or forms.HeadcountForm(
            municipality_id=municipality_id, prefix="count"
        )
        context["headcount_form"].offer(organisations)
        context["evaluation_form"] = forms_.get("evaluation_form") or forms.EvaluationForm(
            prefix="evaluation"
        )
    return context


@requires_any(*VIEW)
def session_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    actor = Actor.of(request)
    session = policy.get_programme_object_for(actor, TrainingSession, pk)
    context = _session_context(request, session)
    if exports.requested_format(request):
        rows: list[list[Any]] = []
        personal = "participants" in context
        if personal:
            rows += [
                [
                    p.name,
                    p.email,
                    p.organisation.name if p.organisation else "",
                    p.get_sector_display(),
                    1,
                ]
                for p in context["participants"]
            ]
        rows += [
            ["", "", h.organisation.name if h.organisation else "", h.get_sector_display(), h.count]
            for h in context["headcounts"]
        ]
        table = Table(
            f"{session.training.title} {session.starts_on}",
            [_("Name"), _("E-mail address"), _("Organisation"), _("Sector"), _("Number")],
            rows,
        )
        return _export(request, table, personal=personal)
    if "participants" in context:
        record(actor, "programme.participant.list", session)
    return render(request, "programme/session_detail.html", context)


@requires_any(NETWORK)
@require_POST
def session_participant(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    actor = Actor.of(request)
    session = policy.get_programme_object_for(actor, TrainingSession, pk)
    form = forms.ParticipantForm(request.POST, municipality_id=session.training.municipality_id)
    if form.is_valid():
        try:
            training_actions.register_participant(actor, session, **form.cleaned_data)
        except ProgrammeError as error:
            _failed(request, error)
        else:
            messages.success(request, _("The participant was registered."))
        return redirect("programme:session_detail", pk=session.pk)
    context = _session_context(request, session, participant_form=form)
    return render(request, "programme/session_detail.html", context, status=422)


@requires_any(MANAGE)
@require_POST
def session_headcount(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    actor = Actor.of(request)
    session = policy.get_programme_object_for(actor, TrainingSession, pk)
    form = forms.HeadcountForm(
        request.POST, municipality_id=session.training.municipality_id, prefix="count"
    )
    if form.is_valid():
        try:
            training_actions.add_headcount(actor, session, **form.cleaned_data)
        except ProgrammeError as error:
            _failed(request, error)
        else:
            messages.success(request, _("The participants were counted."))
        return redirect("programme:session_detail", pk=session.pk)
    context = _session_context(request, session, headcount_form=form)
    return render(request, "programme/session_detail.html", context, status=422)


@requires_any(MANAGE)
@require_POST
def session_evaluation(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    actor = Actor.of(request)
    session = policy.get_programme_object_for(actor, TrainingSession, pk)
    form = forms.EvaluationForm(request.POST, prefix="evaluation")
    if form.is_valid():
        training_actions.add_evaluation(actor, session, **form.cleaned_data)
        messages.success(request, _("The evaluation was recorded."))
        return redirect("programme:session_detail", pk=session.pk)
    context = _session_context(request, session, evaluation_form=form)
    return render(request, "programme/session_detail.html", context, status=422)


def _simple_list(
    request: AuthenticatedRequest,
    queryset: QuerySet[Any],
    *,
    template: str,
    table: Callable[[list[Any]], Table],
) -> HttpResponse:
    if exports.requested_format(request):
        return _export(request, table(list(queryset)))
    return render(request, template, {"page": _page(request, queryset)})


@requires_any(*VIEW)
def events(request: AuthenticatedRequest) -> HttpResponse:
    items = (
        queries.with_item_counts(policy.programme_visible_to(request.user, Event))
        .select_related("theme")
        .order_by("-held_on", "pk")
    )
    return _simple_list(
        request,
        items,
        template="programme/events.html",
        table=lambda rows: Table(
            _("Events"),
            [
                _("Date"),
                _("Kind"),
                _("Title"),
                _("Place"),
                _("Audience"),
                _("Attendance"),
                _("Programme items"),
                _("Theme"),
            ],
            [
                [
                    e.held_on,
                    e.get_kind_display(),
                    e.title,
                    e.place,
                    e.audience,
                    e.attendance,
                    e.n_items,
                    _theme_title(e.theme),
                ]
                for e in rows
            ],
        ),
    )


@requires_any(MANAGE)
def event_create(request: AuthenticatedRequest) -> HttpResponse:
    form = forms.EventForm(_data(request), themes=_themes(request))
    if request.method == "POST" and form.is_valid():
        try:
            event = training_actions.save_event(Actor.of(request), None, **form.values())
        except ProgrammeError as error:
            _failed(request, error)
        else:
            messages.success(request, _("The event was recorded."))
            return redirect("programme:event_detail", pk=event.pk)
    return _form_page(request, form, title=_("New event"), back=reverse("programme:events"))


@requires_any(*VIEW)
def event_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    event = policy.get_programme_object_for(Actor.of(request), Event, pk)
    items = event.items.all()
    if exports.requested_format(request):
        table = Table(
            event.title,
            [_("Kind"), _("Title"), _("Speaker or facilitator"), _("Attendance")],
            [[i.get_kind_display(), i.title, i.speaker, i.attendance] for i in items],
        )
        return _export(request, table)
    form = forms.ProgrammeItemForm() if request.user.can(MANAGE) else None
    return render(
        request, "programme/event_detail.html", {"event": event, "items": items, "form": form}
    )


@requires_any(MANAGE)
@require_POST
def event_item(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    actor = Actor.of(request)
    event = policy.get_programme_object_for(actor, Event, pk)
    form = forms.ProgrammeItemForm(request.POST)
    if form.is_valid():
        training_actions.add_programme_item(actor, event, **form.values())
        messages.success(request, _("The programme item was added."))
        return redirect("programme:event_detail", pk=event.pk)
    return render(
        request,
        "programme/event_detail.html",
        {"event": event, "items": event.items.all(), "form": form},
        status=422,
    )


@requires_any(*VIEW)
def outreach(request: AuthenticatedRequest) -> HttpResponse:
    programmes = (
        policy.programme_visible_to(request.user, Outreach)
        .annotate(n_deliveries=Count("deliveries"))
        .order_by("title")
    )
    deliveries = (
        policy.programme_visible_to(request.user, Delivery)
        .select_related("outreach")
        .order_by("-held_on", "pk")
    )
    if exports.requested_format(request):
        table = Table(
            _("School and parent programmes"),
            [
                _("Programme"),
                _("Kind"),
                _("School or location"),
                _("Date"),
                _("Classes"),
                _("Pupils"),
                _("Parents and carers"),
                _("Teachers and professionals"),
            ],
            [
                [
                    d.outreach.title,
                    d.outreach.get_kind_display(),
                    d.school,
                    d.held_on,
                    d.classes,
                    d.pupils,
                    d.parents,
                    d.professionals,
                ]
                for d in deliveries
            ],
        )
        return _export(request, table)
    context = {"programmes": programmes, "page": _page(request, deliveries)}
    return render(request, "programme/outreach.html", context)


@requires_any(MANAGE)
def outreach_create(request: AuthenticatedRequest) -> HttpResponse:
    form = forms.OutreachForm(_data(request), themes=_themes(request))
    if request.method == "POST" and form.is_valid():
        try:
            item = training_actions.save_outreach(Actor.of(request), None, **form.values())
        except ProgrammeError as error:
            _failed(request, error)
        else:
            messages.success(request, _("The programme was recorded."))
            return redirect("programme:outreach_detail", pk=item.pk)
    return _form_page(
        request, form, title=_("New school or parent programme"), back=reverse("programme:outreach")
    )


@requires_any(*VIEW)
def outreach_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    item = policy.get_programme_object_for(Actor.of(request), Outreach, pk)
    deliveries = item.deliveries.all()
    if exports.requested_format(request):
        table = Table(
            item.title,
            [
                _("School or location"),
                _("Date"),
                _("Classes"),
                _("Pupils"),
                _("Parents and carers"),
                _("Teachers and professionals"),
                _("Note"),
            ],
            [
                [d.school, d.held_on, d.classes, d.pupils, d.parents, d.professionals, d.note]
                for d in deliveries
            ],
        )
        return _export(request, table)
    form = forms.DeliveryForm() if request.user.can(MANAGE) else None
    context = {"outreach": item, "deliveries": _deliveries_page(request, item), "form": form}
    return render(request, "programme/outreach_detail.html", context)


def _deliveries_page(request: AuthenticatedRequest, item: Outreach) -> Any:
    """The latest deliveries first, a page at a time: a programme is given for years."""
    return keyset_page(request, item.deliveries.all(), Order.of("-held_on", "-pk"), PAGE_SIZE)


@requires_any(MANAGE)
@require_POST
def outreach_delivery(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    actor = Actor.of(request)
    item = policy.get_programme_object_for(actor, Outreach, pk)
    form = forms.DeliveryForm(request.POST)
    if form.is_valid():
        training_actions.record_delivery(actor, item, **form.cleaned_data)
        messages.success(request, _("The delivery was recorded."))
        return redirect("programme:outreach_detail", pk=item.pk)
    context = {"outreach": item, "deliveries": _deliveries_page(request, item), "form": form}
    return render(request, "programme/outreach_detail.html", context, status=422)


# --- communication ------------------------------------------------------------------------------


@requires_any(*VIEW)
def communication(request: AuthenticatedRequest) -> HttpResponse:
    """The calendar of communication moments, by month."""
    moments = (
        policy.programme_visible_to(request.user, CommunicationMoment)
        .select_related("theme")
        .order_by("planned_on", "pk")
    )
    if exports.requested_format(request):
        table = Table(
            _("Communication moments"),
            [
                _("Date"),
                _("Audience"),
                _("Channel"),
                _("Core message"),
                _("Owner"),
                _("Status"),
                _("Theme"),
            ],
            [
                [
                    m.planned_on,
                    m.audience,
                    m.channel,
                    m.core_message,
                    m.owner,
                    m.get_status_display(),
                    _theme_title(m.theme),
                ]
                for m in moments
            ],
        )
        return _export(request, table)
    page = _page(request, moments)
    months: dict[Any, list[CommunicationMoment]] = {}
    for moment in page.object_list:
        months.setdefault(moment.planned_on.replace(day=1), []).append(moment)
    context = {"page": page, "months": months, "today": timezone.localdate()}
    return render(request, "programme/communication.html", context)


@requires_any(MANAGE)
def moment_create(request: AuthenticatedRequest) -> HttpResponse:
    form = forms.MomentForm(_data(request), themes=_themes(request))
    if request.method == "POST" and form.is_valid():
        try:
            communication_actions.save_moment(Actor.of(request), None, **form.values())
        except ProgrammeError as error:
            _failed(request, error)
        else:
            messages.success(request, _("The communication moment was planned."))
            return redirect("programme:communication")
    return _form_page(
        request, form, title=_("New communication moment"), back=reverse("programme:communication")
    )


@requires_any(MANAGE)
def moment_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    actor = Actor.of(request)
    moment = policy.get_programme_object_for(actor, CommunicationMoment, pk)
    form = forms.MomentForm(_data(request), themes=_themes(request), current=moment)
    if request.method == "POST" and form.is_valid():
        try:
            communication_actions.save_moment(actor, moment, **form.values())
        except ProgrammeError as error:
            _failed(request, error)
        else:
            messages.success(request, _("The communication moment was saved."))
            return redirect("programme:communication")
    return _form_page(
        request,
        form,
        title=_("Change the communication moment"),
        back=reverse("programme:communication"),
    )


@requires_any(*VIEW)
def dialogues(request: AuthenticatedRequest) -> HttpResponse:
    items = (
        policy.programme_visible_to(request.user, DialogueMeeting)
        .select_related("theme")
        .order_by("-held_on", "pk")
    )
    return _simple_list(
        request,
        items,
        template="programme/dialogues.html",
        table=lambda rows: Table(
            _("Dialogue meetings"),
            [
                _("Date"),
                _("Title"),
                _("Place"),
                _("Audience"),
                _("Attendance"),
                _("Summary"),
                _("Theme"),
            ],
            [
                [
                    d.held_on,
                    d.title,
                    d.place,
                    d.audience,
                    d.attendance,
                    d.summary,
                    _theme_title(d.theme),
                ]
                for d in rows
            ],
        ),
    )


@requires_any(MANAGE)
def dialogue_create(request: AuthenticatedRequest) -> HttpResponse:
    form = forms.DialogueForm(_data(request), themes=_themes(request))
    if request.method == "POST" and form.is_valid():
        try:
            communication_actions.record_dialogue(Actor.of(request), **form.values())
        except ProgrammeError as error:
            _failed(request, error)
        else:
            messages.success(request, _("The dialogue meeting was recorded."))
            return redirect("programme:dialogues")
    return _form_page(
        request, form, title=_("New dialogue meeting"), back=reverse("programme:dialogues")
    )


@requires_any(*VIEW)
def responses(request: AuthenticatedRequest) -> HttpResponse:
    items = (
        policy.programme_visible_to(request.user, MediaResponse)
        .select_related("recorded_by")
        .order_by("-occurred_on", "-pk")
    )
    return _simple_list(
        request,
        items,
        template="programme/responses.html",
        table=lambda rows: Table(
            _("Responses to incidents and media questions"),
            [_("Date"), _("Kind"), _("About"), _("Response"), _("Channel")],
            [[r.occurred_on, r.get_kind_display(), r.subject, r.response, r.channel] for r in rows],
        ),
    )


@requires_any(MANAGE)
def response_create(request: AuthenticatedRequest) -> HttpResponse:
    form = forms.ResponseForm(_data(request))
    if request.method == "POST" and form.is_valid():
        communication_actions.log_response(Actor.of(request), **form.values())
        messages.success(request, _("The response was logged."))
        return redirect("programme:responses")
    return _form_page(
        request,
        form,
        title=_("Log a response to an incident or media question"),
        back=reverse("programme:responses"),
        intro=_("Describe the incident or question in general terms: no names of persons."),
    )


# --- the programme in numbers -------------------------------------------------------------------


def programme_counts(user: Any) -> queries.ProgrammeCounts:
    """The counts of the programme in numbers, from the rows the policy lets the user count."""
    return queries.programme_counts(
        actions=policy.programme_counted_for(user, PlanAction),
        lines=policy.programme_counted_for(user, BudgetLine),
        sessions=policy.programme_counted_for(user, TrainingSession),
        events=policy.programme_counted_for(user, Event),
        deliveries=policy.programme_counted_for(user, Delivery),
        network=policy.network_counts_for(user),
    )


def kept_programme_counts(user: Any) -> queries.ProgrammeCounts:
    """``programme_counts``, kept for the municipality the user counts and its programme's
    generation (``samen.core.kept``): the same for everyone who counts that municipality's
    programme, so the key holds the municipality alone. At national size counting takes 18 ms
    on PostgreSQL (every session's participants are read), a kept value 0.6 ms."""
    municipality_id = policy.programme_counted_in(user)
    if municipality_id is None:  # nothing to count: every source is empty
        return programme_counts(user)
    return kept.for_today(
        "programme_numbers",
        (municipality_id,),
        [municipality_id],
        Topic.PROGRAMME,
        lambda: programme_counts(user),
    )


@requires_any(Capability.VIEW_STATISTICS, *VIEW)
def numbers(request: AuthenticatedRequest) -> HttpResponse:
    """Everything programme-wide in numbers, for the analyst: counts below the threshold are
    suppressed, so that no person can be recognised."""
    result = queries.programme_numbers(
        kept_programme_counts(request.user),
        network=[
            (_("Contact persons in the network"), "contacts"),
            (_("Designated officers"), "officers"),
            (_("Key figures"), "key_figures"),
        ],
        no_theme=_("The plan as a whole"),
    )
    if exports.requested_format(request):
        fewer = _("fewer than %(n)s") % {"n": result.threshold}

        def shown(value: int | None) -> Any:
            return fewer if value is None else value

        rows: list[list[Any]] = [[_("Actions"), label, "", shown(n)] for label, n in result.actions]
        rows += [
            [_("Trainings"), year, _("sessions"), shown(s)] for year, s, _p in result.trainings
        ] + [
            [_("Trainings"), year, _("people trained"), shown(p)]
            for year, _s, p in result.trainings
        ]
        rows += [[_("Events"), year, _("events"), shown(n)] for year, n, _p in result.events]
        rows += [[_("Events"), year, _("attendance"), shown(p)] for year, _n, p in result.events]
        for year, n, pupils, parents, professionals in result.outreach:
            rows += [
                [_("School and parent programmes"), year, _("deliveries"), shown(n)],
                [_("School and parent programmes"), year, _("pupils"), shown(pupils)],
                [_("School and parent programmes"), year, _("parents and carers"), shown(parents)],
                [
                    _("School and parent programmes"),
                    year,
                    _("teachers and professionals"),
                    shown(professionals),
                ],
            ]
        rows += [[_("Network"), label, "", shown(n)] for label, n in result.network]
        for row in result.budget.rows:
            rows += [
                [_("Budget"), row.year, f"{row.theme}: {_('planned')}", row.planned],
                [_("Budget"), row.year, f"{row.theme}: {_('granted')}", row.granted],
                [_("Budget"), row.year, f"{row.theme}: {_('spent')}", row.spent],
                [_("Budget"), row.year, f"{row.theme}: {_('remaining')}", row.remaining],
            ]
        table = Table(
            _("The programme in numbers"),
            [_("Part"), _("Year or kind"), _("What"), _("Number")],
            rows,
        )
        return _export(request, table)
    return render(request, "programme/numbers.html", {"numbers": result})
