"""What the referral pages read: the term within which a referral should be decided, the age of
open referrals, and what the signal page shows of its referral and feedback."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Case, Exists, IntegerField, OuterRef, QuerySet, Value, When
from django.utils import timezone

from samen.casework.models import Referral, ReporterFeedback


def referral_overdue_before(now: datetime | None = None) -> datetime:
    """Open referrals made before this have waited longer than SAMEN_REFERRAL_TERM_DAYS."""
    return (now or timezone.now()) - timedelta(days=settings.REFERRAL_TERM_DAYS)


@dataclass(frozen=True)
class Waiting:
    """An open referral with how long it has waited, in whole days."""

    referral: Referral
    age_days: int
    overdue: bool


def with_age(referrals: list[Referral], now: datetime | None = None) -> list[Waiting]:
    now = now or timezone.now()
    limit = referral_overdue_before(now)
    return [Waiting(r, (now - r.referred_at).days, r.referred_at < limit) for r in referrals]


# The orders of the two lists, as keysets (``samen.casework.views.common.page_of``).
OLDEST_FIRST = ("referred_at", "pk")
OPEN_FIRST = ("decided", "referred_at", "pk")


# What the weighing team's lists show of a referral and its signal: the signal's reference (and
# whether it was anonymous), the organisation, the dates and the state; and the municipality,
# which the list's audit entry names (``audit.services.record``). Only these are read: not
# the referral's question and reasons nor the signal's observation and reporter, which the lists
# never show and which would each be decrypted (about 300 values a page, issue 16).
LISTED = (
    "municipality_id",
    "status",
    "referred_at",
    "decided_at",
    "signal__reference",
    "signal__anonymous",
    "organisation__name",
)


def oldest_first(referrals: QuerySet[Referral]) -> QuerySet[Referral]:
    """Open referrals (a queryset from the policy), the longest waiting on top."""
    return (
        referrals.filter(status=Referral.Status.OPEN)
        .select_related("signal", "organisation")
        .only(*LISTED)
        .order_by(*OLDEST_FIRST)
    )


def recently_decided(referrals: QuerySet[Referral], limit: int = 20) -> QuerySet[Referral]:
    """Decided referrals (a queryset from the policy), the newest first, with whether the
    reporter was given feedback since."""
    return (
        # Decided means a decision moment (the index referral_decided holds those).
        referrals.exclude(status=Referral.Status.OPEN)
        .filter(decided_at__isnull=False)
        .select_related("signal", "organisation")
        .only(*LISTED)
        .annotate(
            feedback_sent=Exists(ReporterFeedback.objects.filter(signal_id=OuterRef("signal_id")))
        )
        .order_by("-decided_at", "-pk")[:limit]
    )


def received_first_open(referrals: QuerySet[Referral]) -> QuerySet[Referral]:
    """The receiving organisation's list: open ones first (oldest on top), then the decided."""
    return (
        referrals.select_related("signal__municipality", "organisation")
        .annotate(
            decided=Case(
                When(decided_at__isnull=True, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by(*OPEN_FIRST)
    )
