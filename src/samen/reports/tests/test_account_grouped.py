"""The account's counts are grouped (issue 16): each population is read once for the whole
reporting year, grouped by quarter, and the trend's years once per population, grouped by year.
Every figure equals what the queries per quarter and per year gave (``per_period``, the earlier
implementation kept as the reference), on generated data spread over quarters and years; the
number of queries is a fixed budget, whatever the data."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from samen.accounts.models import Organisation, User
from samen.casework.models import Case, CaseTransfer, Expert, ExpertOrder, HandOver
from samen.operations.bench.programme import ensure_programme
from samen.reports import account as acc
from samen.reports.models import RetainedStatistic
from samen.reports.tests import per_period

# Each test generates a small national data set and a programme: tens of seconds.
pytestmark = [pytest.mark.django_db, pytest.mark.slow]

_TICK = timedelta(microseconds=1)
SMALL = {"municipalities": 2, "signals": 240, "cases": 60, "meetings": 8, "audit_entries": 50}


def _generate() -> list[Organisation]:
    call_command("generate", **SMALL, stdout=StringIO())
    towns = list(Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY).order_by("pk"))
    coordinator = User.objects.get(username__startswith="coordinator.", organisation=towns[0])
    lead = User.objects.filter(organisation__kind=Organisation.Kind.YOUTH_CARE).first()
    ensure_programme(towns[0], coordinator, lead or coordinator, 0.1)
    return towns


def _spread_over_quarters(towns: list[Organisation]) -> None:
    """What ``samen generate`` makes none of: transfers, hand-overs and orders to experts, one
    every five weeks or so over the last three years; and removed signals and cases."""
    today = timezone.localdate()
    user = User.objects.filter(organisation=towns[0]).first()
    assert user is not None
    expert = Expert.objects.create(
        municipality=towns[0], user=user, kind=Expert.Kind.EXPERT, organisation_name="Bureau"
    )
    cases = list(Case.objects.filter(municipality=towns[0]).order_by("pk"))
    partner = Organisation.objects.exclude(kind=Organisation.Kind.MUNICIPALITY).first()
    for n in range(30):
        day = today - timedelta(days=37 * n + 3)
        moment = timezone.make_aware(datetime.combine(day, datetime.min.time()))
        case = cases[n % len(cases)]
        CaseTransfer.objects.create(
            case=case,
            from_municipality=towns[n % 2],
            to_municipality=towns[1 - n % 2],
            reason="verhuisd",
            state="accepted" if n % 5 else "declined",
            proposed_by=user,
            decided_at=moment,
        )
        HandOver.objects.create(
            case=case, organisation=partner, what="nazorg", on=day, recorded_by=user
        )
        ExpertOrder.objects.create(
            case=case,
            expert=expert,
            kind=ExpertOrder.Kind.ASSESSMENT if n % 3 else ExpertOrder.Kind.INTERVENTION,
            question="Vraag",
            summary="Samenvatting",
            due_on=day + timedelta(days=14),
            access_until=day + timedelta(days=21),
            ordered_by=user,
            ordered_at=moment,
            status=ExpertOrder.Status.DELIVERED if n % 4 == 0 else ExpertOrder.Status.ORDERED,
        )
    # On the edges of the quarters: the first moment of a quarter and the last one before it.
    for month in (1, 4, 7, 9, 10, 12):
        first = date(today.year - 1, month, 1)
        midnight = timezone.make_aware(datetime.combine(first, datetime.min.time()))
        for day, moment in [(first, midnight), (first - timedelta(days=1), midnight - _TICK)]:
            CaseTransfer.objects.create(
                case=cases[0],
                from_municipality=towns[0],
                to_municipality=towns[1],
                reason="verhuisd",
                state="accepted",
                proposed_by=user,
                decided_at=moment,
            )
            HandOver.objects.create(
                case=cases[0], organisation=partner, what="nazorg", on=day, recorded_by=user
            )
    for ago, kind, status, count in [
        (1, "signal", "closed", 7),
        (1, "case", "closed", 3),
        (2, "signal", "referred", 4),
        (3, "case", "closed", 0),
    ]:
        RetainedStatistic.objects.create(
            municipality=towns[0],
            year=today.year - ago,
            kind=kind,
            status=status,
            ideology="jihadist" if kind == "case" else "",
            age_band="18-22" if kind == "case" else "",
            district="Haven",
            count=count,
        )


def test_the_grouped_counts_equal_the_counts_per_quarter_and_per_year() -> None:
    towns = _generate()
    _spread_over_quarters(towns)
    today = timezone.localdate()
    nonzero: dict[str, set[int]] = {}
    for start_month in (1, 9):
        for town in towns:
            for year in range(today.year - 3, today.year + 1):
                whole = acc.reporting_year(year, start_month)
                parts = acc.raw_counts(town.pk, whole)
                for n, (part, quarter) in enumerate(zip(parts, acc._quarters(whole), strict=True)):
                    expected = per_period.raw_counts(town.pk, quarter)
                    assert part == expected, (start_month, town.pk, quarter)
                    for key, counts in expected.items():
                        if any(counts.values()):
                            nonzero.setdefault(key, set()).add(n)
                assert acc._retained_counts(town.pk, whole) == per_period.retained_counts(
                    town.pk, whole
                )
            years = [
                acc.reporting_year(y, start_month) for y in range(today.year - 4, today.year + 1)
            ]
            assert acc._year_totals(town.pk, years) == [
                per_period.year_totals(town.pk, p) for p in years
            ]
    # The data is spread: every population has counts in more than one quarter.
    assert {key for key, quarters in nonzero.items() if len(quarters) > 1} == set(nonzero)
    assert len(nonzero) == len(per_period.raw_counts(towns[0].pk, acc.reporting_year(today.year)))


# The account of a year or a part of it: signals, days to weighing, cases and the removed ones
# (4); the other populations of the year, grouped by quarter (10 casework, 6 programme); what
# stands (3), the themes (1), the budget (2). The trend: 8, whatever the number of years.
ACCOUNT_QUERIES = 26
TREND_QUERIES = 8


def _queries(municipality_id: int, year: int) -> tuple[list[int], int]:
    accounts = []
    for part in (acc.Part.YEAR, "h1", "q3"):
        with CaptureQueriesContext(connection) as queries:
            acc.account(municipality_id, acc.period(year, part, start_month=1), fresh=True)
        accounts.append(len(queries))
    with CaptureQueriesContext(connection) as queries:
        acc.trend(municipality_id, year, fresh=True)
    return accounts, len(queries)


def test_the_account_has_a_fixed_budget_of_queries() -> None:
    """The same number of queries for a year without data and for one with data in every
    quarter (and removed signals and cases), whatever the period: none per quarter, per trend
    year or per retained column."""
    towns = _generate()
    _spread_over_quarters(towns)
    year = timezone.localdate().year - 1
    assert (
        acc.account(towns[0].pk, acc.period(year, start_month=1))
        .table("hand_overs_by_sector")
        .total.count
    )
    assert _queries(towns[0].pk, 2001) == ([ACCOUNT_QUERIES] * 3, TREND_QUERIES)
    assert _queries(towns[0].pk, year) == ([ACCOUNT_QUERIES] * 3, TREND_QUERIES)
