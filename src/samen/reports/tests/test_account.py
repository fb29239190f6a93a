"""The yearly account: every figure against a count made here, directly; nothing hidden can be
worked out from what is published; the number of queries does not grow with the data."""

from __future__ import annotations

from datetime import datetime
from statistics import median
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from samen.audit.actor import Actor
from samen.casework.actions import intake as intake_actions
from samen.casework.actions import weighing as weighing_actions
from samen.casework.models import Case, Signal, Weighing
from samen.casework.tests.factories import World
from samen.reports import account as acc
from samen.reports.disclosure import THRESHOLD, Mark
from samen.reports.models import RetainedStatistic

pytestmark = pytest.mark.django_db

YEAR = 2024
CHANNELS = ["public_form"] * 9 + ["phone"] * 7 + ["partner_form"] * 3 + ["visit"] * 2
STATUSES = ["closed"] * 8 + ["referred"] * 6 + ["new"] * 4 + ["more_info"] * 3


def _at(month: int, day: int = 10) -> datetime:
    return timezone.make_aware(datetime(YEAR, month, day, 12))


def fill(world: World, extra: int = 0) -> None:
    """21 signals of 2024 (+ ``extra``), 6 of them admitted as cases, 3 removed by retention."""
    weigher = Actor.for_user(world.users["weighing_team"], "test")
    created = []
    for n in range(len(CHANNELS) + extra):
        created.append(
            intake_actions.report_signal(
                Actor.system("test"),
                municipality=world.municipality,
                channel=Signal.Channel.PUBLIC_FORM,
                observation=f"zorg {n}",
                anonymous=True,
            ).signal
        )
    for n, signal in enumerate(created):
        Signal.objects.filter(pk=signal.pk).update(
            received_at=_at(1 + n % 12),
            channel=CHANNELS[n % len(CHANNELS)],
            status=STATUSES[n % len(STATUSES)],
        )
    for signal in created[:6]:
        signal.refresh_from_db()
        Signal.objects.filter(pk=signal.pk).update(status="new")
        signal.refresh_from_db()
        weighing_actions.weigh_signal(
            weigher,
            signal,
            outcome=Weighing.Outcome.ADMIT,
            reasons="zorg",
            participants=[world.police],
        )
    for n, case in enumerate(Case.objects.filter(origin__in=created[:6])):
        Case.objects.filter(pk=case.pk).update(opened_at=_at(2 + n))
    RetainedStatistic.objects.create(
        municipality=world.municipality,
        year=YEAR,
        kind=RetainedStatistic.Kind.SIGNAL,
        status="closed",
        count=3,
    )


def _direct_signals(world: World, field: str) -> dict[str, int]:
    signals = Signal.objects.filter(municipality=world.municipality, received_at__year=YEAR)
    found: dict[str, int] = {}
    for value in signals.values_list(field, flat=True):
        key = "" if value is None else str(value)
        found[key] = found.get(key, 0) + 1
    return found


def test_every_shown_figure_is_the_direct_count(world: World) -> None:
    fill(world)
    account = acc.account(world.municipality.pk, acc.period(YEAR, start_month=1))
    signals_total = (
        Signal.objects.filter(municipality=world.municipality, received_at__year=YEAR).count() + 3
    )
    by_channel = _direct_signals(world, "channel")
    by_channel["removed"] = 3
    by_status = _direct_signals(world, "status")
    by_status["closed"] = by_status.get("closed", 0) + 3
    cases = Case.objects.filter(municipality=world.municipality, opened_at__year=YEAR)
    by_phase: dict[str, int] = {}
    for phase in cases.values_list("phase", flat=True):
        by_phase[phase] = by_phase.get(phase, 0) + 1
    expected = {
        "signals_by_channel": by_channel,
        "signals_by_outcome": by_status,
        "cases_by_phase": by_phase,
    }
    for key, direct in expected.items():
        table = account.table(key)
        assert table.total.count == sum(direct.values())
        for row in table.rows:
            assert row.cell.count == direct.get(row.key, 0), (key, row.key)
            if row.cell.mark == Mark.SHOWN:
                assert row.cell.value == direct.get(row.key, 0)
    assert account.table("signals_by_channel").total.value == signals_total
    # Every table of the signals has the same total.
    for table in account.tables:
        if table.population == "signals":
            assert table.total.count == signals_total, table.key
    assert account.table("cases_by_phase").total.count == cases.count()
    # Days from signal to its first weighing, counted here from the rows.
    waits = [
        (w.weighed_at - w.signal.received_at).days
        for w in Weighing.objects.filter(
            signal__municipality=world.municipality, signal__received_at__year=YEAR
        ).select_related("signal")
    ]
    assert len(waits) >= THRESHOLD
    assert account.median_days_to_weighing == round(median(waits))
    term = account.table("signals_by_weighing_term")
    later = sum(1 for d in waits if d > account.weighing_term_days)
    assert {row.key: row.cell.count for row in term.rows}["later"] == later


def _hidden_recoverable(rows: list[Any], total: Any) -> list[str]:
    """The hidden cells of a breakdown a reader could work out: a single hidden cell (the total
    minus the shown ones), or several hidden cells whose sum leaves a small one fixed."""
    if total.mark != Mark.SHOWN:
        return []
    hidden = [row for row in rows if row.cell.mark in (Mark.SMALL, Mark.SUPPRESSED)]
    if not hidden:
        return []
    rest = total.count - sum(row.cell.count for row in rows if row.cell.mark == Mark.SHOWN)
    if len(hidden) == 1:
        return [hidden[0].key]
    smalls = [row for row in hidden if row.cell.mark == Mark.SMALL]
    suppressed = len(hidden) - len(smalls)
    # Each small cell ranges over [rest - 4*(smalls-1) - suppressed*big, rest - (smalls-1) - 5*
    # suppressed]: with no suppressed cell, the upper end must still reach 4.
    if suppressed == 0 and rest - (len(smalls) - 1) < THRESHOLD - 1:
        return [row.key for row in smalls]
    return []


def test_no_hidden_value_can_be_recovered(world: World) -> None:
    fill(world)
    year = acc.account(world.municipality.pk, acc.period(YEAR, start_month=1))
    half = acc.account(world.municipality.pk, acc.period(YEAR, "h1", start_month=1))
    for account in (year, half):
        for table in account.tables:
            for row in table.rows:
                if 0 < row.cell.count < THRESHOLD:
                    assert row.cell.mark != Mark.SHOWN, (table.key, row.key)
            assert _hidden_recoverable(table.rows, table.total) == [], table.key
    # The council update and the year: no difference of shown cells is from 1 to 4.
    for table in year.tables:
        other = {row.key: row.cell for row in half.table(table.key).rows}
        for row in table.rows:
            part = other.get(row.key)
            if row.cell.mark == Mark.SHOWN and part is not None and part.mark == Mark.SHOWN:
                assert not 0 < row.cell.count - part.count < THRESHOLD, (table.key, row.key)
    # The trend shows the same totals as the account of that year.
    trend = acc.trend(world.municipality.pk, YEAR)
    column = trend.years.index(YEAR)
    signals, cases = (cells[column] for _label, cells in trend.rows[:2])
    assert signals.count == year.table("signals_by_channel").total.count
    assert cases.count == year.table("cases_by_phase").total.count


def test_a_year_only_in_the_retained_statistics_is_reported(world: World) -> None:
    RetainedStatistic.objects.create(
        municipality=world.municipality, year=2019, kind="signal", status="closed", count=12
    )
    account = acc.account(world.municipality.pk, acc.period(2019, start_month=1))
    assert account.table("signals_by_outcome").total.value == 12
    assert account.table("signals_by_channel").total.value == 12
    trend = acc.trend(world.municipality.pk, 2020)
    assert [c.text for c in trend.rows[0][1]][-2:] == ["12", "0"]


def test_the_reporting_year_is_a_setting() -> None:
    p = acc.period(2026, start_month=9)
    assert (p.start.isoformat(), p.end.isoformat()) == ("2026-09-01", "2027-09-01")
    half = acc.period(2026, "h1", start_month=9)
    assert half.end.isoformat() == "2027-03-01"
    assert not p.is_calendar_year


def test_the_number_of_queries_does_not_grow_with_the_data(world: World) -> None:
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            acc.account(world.municipality.pk, acc.period(YEAR, start_month=1))
            acc.trend(world.municipality.pk, YEAR)
        return len(queries)

    before = count()
    fill(world, extra=15)
    assert count() == before
