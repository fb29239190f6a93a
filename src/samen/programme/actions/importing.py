"""A draft plan from a document in the knowledge hub: only what the coordinator confirmed.

The review page (``programme.recognition``) shows every recognised theme, action, criterion,
risk and budget line with what it matched; the coordinator corrects and ticks each one. This
creates the plan, as a draft, with the ticked items only, through the same actions as the
pages (each with its own audit entry) and one entry for the import itself."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from samen.audit.actor import Actor
from samen.audit.services import record
from samen.hub.models import Document
from samen.programme.actions import budget as budget_actions
from samen.programme.actions import municipality_of
from samen.programme.actions import plan as plan_actions
from samen.programme.models import Criterion, Plan, Theme


@transaction.atomic
def create_plan_from_draft(
    actor: Actor,
    document: Document,
    *,
    title: str,
    first_year: int,
    last_year: int,
    themes: list[dict[str, Any]],
    criteria: list[str],
    risks: list[tuple[str, str]],
    budget: list[dict[str, Any]],
) -> Plan:
    """``themes``: confirmed themes, each ``{"key", "title", "answers": {question: text},
    "actions": [values for save_action]}``; ``budget``: values for save_budget_line with
    ``theme_key`` naming one of the themes."""
    plan = plan_actions.save_plan(
        actor,
        None,
        title=title,
        first_year=first_year,
        last_year=last_year,
        status=Plan.Status.DRAFT,
        source_document=document,
    )
    by_key: dict[str, Theme] = {}
    n_actions = 0
    for position, confirmed in enumerate(themes, start=1):
        theme = plan_actions.save_theme(
            actor, plan, None, title=confirmed["title"], position=position, **confirmed["answers"]
        )
        by_key[confirmed["key"]] = theme
        for values in confirmed["actions"]:
            plan_actions.save_action(actor, theme, None, **values)
            n_actions += 1
    known = {
        text.casefold()
        for text in Criterion.objects.filter(municipality_id=municipality_of(actor)).values_list(
            "text", flat=True
        )
    }
    added = [text for text in criteria if text.casefold() not in known]
    for position, text in enumerate(added, start=len(known) + 1):
        plan_actions.save_criterion(actor, None, text=text, position=position, active=True)
    for risk_title, description in risks:
        plan_actions.save_risk(
            actor, plan, None, title=risk_title, description=description, mitigation="", theme=None
        )
    for values in budget:
        values = dict(values)
        line_theme = by_key.get(values.pop("theme_key", ""))
        budget_actions.save_budget_line(actor, plan, None, theme=line_theme, **values)
    record(
        actor,
        "programme.plan.import",
        plan,
        object_label=(
            f"{plan.audit_label()} from document {document.pk}: {len(themes)} themes, "
            f"{n_actions} actions, {len(added)} criteria, {len(risks)} risks, "
            f"{len(budget)} budget lines"
        ),
    )
    return plan
