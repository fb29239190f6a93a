"""What the case table reads: the cases proposed for an agenda and who may own an action."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from samen.accounts.models import Organisation
from samen.casework import policy
from samen.casework.models import Action, AgendaItem, Case, CaseParticipation, Decision, Meeting


def proposed_cases(user: Any, meeting: Meeting, review_after: timedelta) -> QuerySet[Case]:
    """Open cases for the agenda: never discussed yet, or not discussed for ``review_after``."""
    recently = AgendaItem.objects.filter(
        meeting__starts_at__gte=meeting.starts_at - review_after,
        meeting__starts_at__lt=meeting.starts_at,
    ).values("case_id")
    return policy.cases_for_agenda(user, meeting).exclude(pk__in=recently).order_by("opened_at")


def agenda_of(user: Any, meeting: Meeting) -> QuerySet[AgendaItem]:
    """The meeting's items about cases the user may see, with their decisions, actions and
    the information shared that the user may read (one query each)."""
    return (
        policy.agenda_items_visible_to(user)
        .filter(meeting=meeting)
        .select_related("case")
        .prefetch_related(
            Prefetch("decisions", queryset=Decision.objects.select_related("recorded_by")),
            Prefetch("actions", queryset=Action.objects.select_related("owner")),
            Prefetch(
                "shared_information",
                queryset=policy.notes_visible_to(user).select_related("organisation"),
            ),
        )
    )


def organisations_by_case(case_ids: list[int]) -> dict[int, list[Organisation]]:
    """The organisations taking part in each case (one query): only they can own an action,
    so the owner also sees it under "my actions"."""
    result: dict[int, list[Organisation]] = {}
    for participation in (
        CaseParticipation.objects.current()
        .filter(case_id__in=case_ids)
        .select_related("organisation")
        .order_by("organisation__name")
    ):
        result.setdefault(participation.case_id, []).append(participation.organisation)
    return result


def table_organisations(municipality_id: int) -> QuerySet[Organisation]:
    """The municipality and its partners that signed the covenant: who may sit at the table."""
    return Organisation.objects.filter(
        Q(pk=municipality_id)
        | Q(pk__in=Organisation.objects.serving(municipality_id).filter(covenant_signed=True))
    )
