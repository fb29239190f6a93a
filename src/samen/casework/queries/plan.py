"""The plan's state: when it last changed and whether a second person approved it since."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db.models import Max

from samen.casework.models import Case, Goal, Intervention


def plan_changed_at(case: Case) -> datetime | None:
    """When the plan (goals, interventions) last changed; None without a plan."""
    latest = [
        case.goals.aggregate(at=Max("created_at"))["at"],
        case.interventions.aggregate(at=Max("updated_at"))["at"],
    ]
    present = [moment for moment in latest if moment is not None]
    return max(present) if present else None


def plan_changed_at_of(
    goals: Iterable[Goal], interventions: Iterable[Intervention]
) -> datetime | None:
    """``plan_changed_at`` from rows already read: every goal and intervention of the case."""
    moments = [goal.created_at for goal in goals]
    moments += [intervention.updated_at for intervention in interventions]
    return max(moments) if moments else None


def plan_is_approved(case: Case) -> bool:
    return plan_approved_since(case, plan_changed_at(case))


def plan_approved_since(case: Case, changed: datetime | None) -> bool:
    """Whether a second person approved the plan since it last changed at ``changed``."""
    if changed is None:
        return False
    return case.plan_approvals.filter(approved_at__gte=changed).exists()


def plan_editors(case: Case) -> set[int]:
    """The users who wrote the plan as it stands: none of them may approve it."""
    return {
        *case.goals.values_list("created_by_id", flat=True),
        *case.interventions.values_list("updated_by_id", flat=True),
    }
