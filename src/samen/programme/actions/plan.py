"""The action plan: plans, themes, goals, actions, progress, criteria and risks."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import transaction

from samen.audit.actor import Actor
from samen.audit.services import record
from samen.programme.actions import ProgrammeError, apply, apply_m2m, changes, municipality_of
from samen.programme.models import (
    ActionStatus,
    Criterion,
    CriterionCheck,
    Goal,
    Plan,
    PlanAction,
    ProgressUpdate,
    Risk,
    Theme,
)

PLAN_FIELDS = ("title", "first_year", "last_year", "status", "summary", "source_document")
THEME_FIELDS = ("title", "position", *Theme.QUESTIONS)
ACTION_FIELDS = (
    "title",
    "description",
    "goal",
    "lead_organisation",
    "lead_user",
    "other_partners",
    "mode",
    "status",
    "stop_reason",
    "planned_start",
    "planned_end",
    "actual_start",
    "actual_end",
)
ACTION_M2M = ("working_group", "practices", "documents")
RISK_FIELDS = ("title", "description", "mitigation", "theme")


def _check(fields: Iterable[str], values: dict[str, Any]) -> None:
    unknown = set(values) - set(fields)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")


@transaction.atomic
def save_plan(actor: Actor, plan: Plan | None, **values: Any) -> Plan:
    """Create a plan for the acting user's municipality, or change one."""
    _check(PLAN_FIELDS, values)
    first, last = values.get("first_year"), values.get("last_year")
    if first and last and last < first:
        raise ProgrammeError("the period ends before it starts")
    if plan is None:
        plan = Plan.objects.create(
            municipality_id=municipality_of(actor), created_by=actor.acting_user, **values
        )
        record(actor, "programme.plan.save", plan, object_label=changes(plan, [], True))
        return plan
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    changed = apply(plan, values)
    plan.save()
    record(actor, "programme.plan.save", plan, object_label=changes(plan, changed, False))
    return plan


@transaction.atomic
def save_theme(actor: Actor, plan: Plan, theme: Theme | None, **values: Any) -> Theme:
    _check(THEME_FIELDS, values)
    if theme is None:
        if "position" not in values:
            values["position"] = plan.themes.count() + 1
        theme = Theme.objects.create(plan=plan, **values)
        record(actor, "programme.theme.save", theme, object_label=changes(theme, [], True))
        return theme
    theme = Theme.objects.select_for_update().get(pk=theme.pk, plan=plan)
    changed = apply(theme, values)
    theme.save()
    record(actor, "programme.theme.save", theme, object_label=changes(theme, changed, False))
    return theme


@transaction.atomic
def add_goal(actor: Actor, theme: Theme, *, text: str, target_date: date | None) -> Goal:
    goal = Goal.objects.create(theme=theme, text=text, target_date=target_date)
    record(actor, "programme.goal.add", goal, object_label=f"{theme.audit_label()}: goal {goal.pk}")
    return goal


def _check_action(theme: Theme, values: dict[str, Any]) -> None:
    goal = values.get("goal")
    if goal is not None and goal.theme_id != theme.pk:
        raise ProgrammeError("the goal belongs to another theme")
    if values.get("status") == ActionStatus.STOPPED and not values.get("stop_reason", "").strip():
        raise ProgrammeError("a stopped action needs a reason")
    start, end = values.get("planned_start"), values.get("planned_end")
    if start and end and end < start:
        raise ProgrammeError("the planned end is before the planned start")
    lead, organisation = values.get("lead_user"), values.get("lead_organisation")
    if lead is not None and organisation is not None and lead.organisation_id != organisation.pk:
        raise ProgrammeError("the lead works for another organisation")


@transaction.atomic
def save_action(actor: Actor, theme: Theme, action: PlanAction | None, **values: Any) -> PlanAction:
    """Create or change an action of a theme, with its lead and working group."""
    _check((*ACTION_FIELDS, *ACTION_M2M, "source_action"), values)
    m2m = {name: values.pop(name) for name in ACTION_M2M if name in values}
    if action is None:
        _check_action(theme, values)
        action = PlanAction.objects.create(theme=theme, **values)
        apply_m2m(action, m2m)
        record(actor, "programme.action.save", action, object_label=changes(action, [], True))
        return action
    action = PlanAction.objects.select_for_update().get(pk=action.pk, theme=theme)
    current = {name: getattr(action, name) for name in ACTION_FIELDS}
    _check_action(theme, {**current, **values})
    changed = apply(action, values)
    action.save()
    changed += apply_m2m(action, m2m)
    record(actor, "programme.action.save", action, object_label=changes(action, changed, False))
    return action


@transaction.atomic
def report_progress(
    actor: Actor,
    action: PlanAction,
    *,
    on: date,
    text: str,
    status: str = "",
    stop_reason: str = "",
) -> ProgressUpdate:
    """A dated progress update by the person who makes it; a new status goes with it (and sets
    the actual start or end when they are not set yet)."""
    user = actor.acting_user
    action = PlanAction.objects.select_for_update().get(pk=action.pk)
    if status == ActionStatus.STOPPED and not stop_reason.strip():
        raise ProgrammeError("a stopped action needs a reason")
    update = ProgressUpdate.objects.create(
        action=action,
        on=on,
        text=text,
        status=status if status and status != action.status else "",
        author=user,
        organisation=user.organisation,
    )
    if update.status:
        action.status = status
        if status == ActionStatus.UNDER_WAY and action.actual_start is None:
            action.actual_start = on
        if status in (ActionStatus.DONE, ActionStatus.STOPPED) and action.actual_end is None:
            action.actual_end = on
        if status == ActionStatus.STOPPED:
            action.stop_reason = stop_reason
        action.save()
    record(
        actor,
        "programme.action.progress",
        action,
        object_label=f"{action.audit_label()}: {on.isoformat()} {update.status or 'progress'}",
    )
    return update


@transaction.atomic
def save_criterion(actor: Actor, criterion: Criterion | None, **values: Any) -> Criterion:
    _check(("text", "position", "active"), values)
    if criterion is None:
        criterion = Criterion.objects.create(municipality_id=municipality_of(actor), **values)
        record(
            actor, "programme.criterion.save", criterion, object_label=changes(criterion, [], True)
        )
        return criterion
    criterion = Criterion.objects.select_for_update().get(pk=criterion.pk)
    changed = apply(criterion, values)
    criterion.save()
    record(
        actor,
        "programme.criterion.save",
        criterion,
        object_label=changes(criterion, changed, False),
    )
    return criterion


@transaction.atomic
def check_criteria(
    actor: Actor, action: PlanAction, checks: dict[Criterion, tuple[bool, str]]
) -> int:
    """Tick the criteria an action meets, each with a note; returns how many changed."""
    user = actor.acting_user
    existing = {c.criterion_id: c for c in CriterionCheck.objects.filter(action=action)}
    changed = 0
    for criterion, (met, note) in checks.items():
        if criterion.municipality_id != action.theme.plan.municipality_id:
            raise ProgrammeError("the criterion belongs to another municipality")
        check = existing.get(criterion.pk)
        if check is None:
            CriterionCheck.objects.create(
                action=action, criterion=criterion, met=met, note=note, checked_by=user
            )
            changed += 1
        elif (check.met, check.note) != (met, note):
            check.met, check.note, check.checked_by = met, note, user
            check.save()
            changed += 1
    record(
        actor,
        "programme.action.criteria",
        action,
        object_label=f"{action.audit_label()}: {changed}",
    )
    return changed


@transaction.atomic
def save_risk(actor: Actor, plan: Plan, risk: Risk | None, **values: Any) -> Risk:
    _check(RISK_FIELDS, values)
    theme = values.get("theme")
    if theme is not None and theme.plan_id != plan.pk:
        raise ProgrammeError("the theme belongs to another plan")
    if risk is None:
        risk = Risk.objects.create(plan=plan, **values)
        record(actor, "programme.risk.save", risk, object_label=changes(risk, [], True))
        return risk
    risk = Risk.objects.select_for_update().get(pk=risk.pk, plan=plan)
    changed = apply(risk, values)
    risk.save()
    record(actor, "programme.risk.save", risk, object_label=changes(risk, changed, False))
    return risk
