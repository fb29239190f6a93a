"""The budget: lines per year (per theme or action) and spending against them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction

from samen.audit.actor import Actor
from samen.audit.services import record
from samen.programme.actions import ProgrammeError, apply, changes
from samen.programme.models import ZERO, BudgetLine, Plan, Spending

LINE_FIELDS = (
    "year",
    "theme",
    "action",
    "title",
    "source",
    "subsidy_status",
    "reference",
    "requested_on",
    "decided_on",
    "amount",
    "granted_amount",
    "fte",
    "note",
)
CENT = Decimal("0.01")


def _normalised(plan: Plan, values: dict[str, Any]) -> dict[str, Any]:
    """The line as it is stored: the theme follows the action; what is available ("granted")
    follows the source: the whole amount of the own budget or a council decision, the granted
    amount of a granted subsidy, nothing of a subsidy requested or refused."""
    values = dict(values)
    action, theme = values.get("action"), values.get("theme")
    if action is not None:
        if theme is not None and theme.pk != action.theme_id:
            raise ProgrammeError("the action belongs to another theme")
        values["theme"] = theme = action.theme
    if theme is not None and theme.plan_id != plan.pk:
        raise ProgrammeError("the theme belongs to another plan")
    if not plan.first_year <= values["year"] <= plan.last_year:
        raise ProgrammeError("the year is outside the plan's period")
    amount = Decimal(values["amount"]).quantize(CENT)
    if amount < ZERO:
        raise ProgrammeError("a planned amount cannot be negative")
    values["amount"] = amount
    if values["source"] in BudgetLine.SUBSIDIES:
        status = values.get("subsidy_status") or ""
        if not status:
            raise ProgrammeError("a subsidy needs its status")
        granted = values.get("granted_amount")
        if status == BudgetLine.SubsidyStatus.GRANTED:
            values["granted_amount"] = (
                amount if granted is None else Decimal(granted).quantize(CENT)
            )
        else:
            values["granted_amount"] = ZERO
    else:
        values["subsidy_status"] = ""
        values["granted_amount"] = amount
    if values["granted_amount"] < ZERO:
        raise ProgrammeError("a granted amount cannot be negative")
    values["fte"] = Decimal(values.get("fte") or ZERO).quantize(CENT)
    return values


@transaction.atomic
def save_budget_line(
    actor: Actor, plan: Plan, line: BudgetLine | None, **values: Any
) -> BudgetLine:
    unknown = set(values) - set(LINE_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    values = _normalised(plan, values)
    if line is None:
        line = BudgetLine.objects.create(plan=plan, **values)
        record(actor, "programme.budget.line", line, object_label=changes(line, [], True))
        return line
    line = BudgetLine.objects.select_for_update().get(pk=line.pk, plan=plan)
    changed = apply(line, values)
    line.save()
    record(actor, "programme.budget.line", line, object_label=changes(line, changed, False))
    return line


@transaction.atomic
def add_spending(
    actor: Actor, line: BudgetLine, *, spent_on: date, amount: Decimal, description: str
) -> Spending:
    """Money spent against a line; a negative amount corrects an earlier entry."""
    amount = Decimal(amount).quantize(CENT)
    if amount == ZERO:
        raise ProgrammeError("an amount of zero records nothing")
    line = BudgetLine.objects.select_for_update().get(pk=line.pk)
    spending = Spending.objects.create(
        line=line,
        spent_on=spent_on,
        amount=amount,
        description=description,
        recorded_by=actor.acting_user,
    )
    record(
        actor,
        "programme.budget.spending",
        line,
        object_label=f"{line.audit_label()}: {amount} on {spent_on.isoformat()}",
    )
    return spending
