"""What the reporting point reads: the weighing term and what a signal page shows."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from samen.accounts.models import Organisation
from samen.casework import policy
from samen.casework.models import Case, JoinedSignal, Signal
from samen.casework.models.intake import urgency_keys
from samen.core.expressions import LiteralsOnSQLite
from samen.core.pagination import Order


def weighing_term_days(
    municipality_id: int | None, municipality: Organisation | None = None
) -> int:
    """The municipality's own weighing term, else the installation's (SAMEN_WEIGHING_TERM_DAYS);
    read from ``municipality`` when the caller has it loaded already (no query)."""
    if municipality is not None:
        own = municipality.weighing_term_days
    elif municipality_id is not None:
        own = (
            Organisation.objects.filter(pk=municipality_id)
            .values_list("weighing_term_days", flat=True)
            .first()
        )
    else:
        own = None
    return own or settings.WEIGHING_TERM_DAYS


def overdue_before(municipality_id: int | None = None, *, term_days: int | None = None) -> datetime:
    """Signals of the municipality received before this and not yet weighed are past its
    weighing term (``term_days``: the term the caller read already)."""
    if term_days is None:
        term_days = weighing_term_days(municipality_id)
    return timezone.now() - timedelta(days=term_days)


def is_overdue(signal: Signal) -> bool:
    if signal.status not in Signal.TO_WEIGH:
        return False
    # The municipality the getter loaded with the signal, when it did (no query of its own).
    loaded = signal.municipality if Signal.municipality.is_cached(signal) else None
    term_days = weighing_term_days(signal.municipality_id, loaded)
    return signal.received_at < overdue_before(signal.municipality_id, term_days=term_days)


def case_of(signal: Signal) -> Case | None:
    """The case the signal opened, or the open case of the same person it was added to."""
    try:
        return signal.case
    except Case.DoesNotExist:
        pass
    joined = JoinedSignal.objects.filter(signal=signal).select_related("case").first()
    return joined.case if joined is not None else None


def signal_page(user: Any, signal: Signal) -> dict[str, Any]:
    """Everything the signal page shows besides its forms, for a signal the getter returned."""
    return {
        "signal": signal,
        "weighings": signal.weighings.select_related(
            "weighed_by__organisation", "referred_to"
        ).prefetch_related("criteria_met", "participants"),
        "additions": signal.additions.all(),
        "referrals": signal.referrals.select_related("organisation", "decided_by"),
        "feedback": signal.feedback.select_related("sent_by"),
        "same_person": policy.signals_about_same_person(user, signal).order_by("-received_at")[:10],
        "case": (case := case_of(signal)),
        "case_visible": case is not None
        and policy.cases_visible_to(user).filter(pk=case.pk).exists(),
        "overdue": is_overdue(signal),
    }


# The urgency order as a keyset (``samen.core.pagination``): every key is never NULL, so the
# weighed signals share one early "waiting since" and fall back on newest first (the keys:
# ``models.intake.urgency_keys``, also the index ``signal_urgency``).
URGENCY_ORDER = Order.of("weighed", "waiting_since", "-received_at", "-pk")


def by_urgency(signals: QuerySet[Signal]) -> QuerySet[Signal]:
    """Signals waiting to be weighed first, the longest waiting (so the overdue) on top; then
    the weighed ones, newest first."""
    weighed, waiting_since = urgency_keys()
    # The index's own literals on SQLite, so that it reads a page from the index too.
    return signals.annotate(
        weighed=LiteralsOnSQLite(weighed), waiting_since=LiteralsOnSQLite(waiting_since)
    ).order_by(*URGENCY_ORDER.order_by())
