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


def fill_new(world: World) -> None:
    """What issue 11 added, in 2024: referrals of the signals not admitted (decided by the
    receiving organisation or not), travel statuses of the cases, transfers out and in, and
    hand-overs at closure."""
    from datetime import date

    from samen.casework.models import CaseTransfer, HandOver, Referral, TravelStatus

    weigher = Actor.for_user(world.users["weighing_team"], "test")
    user = world.users["chair"]
    signals = Signal.objects.filter(
        municipality=world.municipality, received_at__year=YEAR, case__isnull=True
    ).order_by("pk")[:13]
    receivers = [world.youth] * 8 + [world.police] * 5
    decisions = ["accepted"] * 7 + ["declined"] * 2 + ["open"] * 4
    for n, (signal, receiver) in enumerate(zip(signals, receivers, strict=False)):
        Signal.objects.filter(pk=signal.pk).update(status="new")
        signal.refresh_from_db()
        weighing_actions.weigh_signal(
            weigher,
            signal,
            outcome=Weighing.Outcome.REFER_CARE,
            reasons="zorg",
            referred_to=receiver,
        )
        Referral.objects.filter(signal=signal).update(
            referred_at=_at(1 + n % 12), status=decisions[n % len(decisions)]
        )
    states = ["intention", "prevented", "intention", "returned"]
    cases = list(Case.objects.filter(municipality=world.municipality, opened_at__year=YEAR))
    for n, case in enumerate(cases[:4]):
        TravelStatus.objects.create(
            case=case, state="intention", on=date(YEAR, 3, 1), source="politie", recorded_by=user
        )
        TravelStatus.objects.create(
            case=case, state=states[n], on=date(YEAR, 4, 1 + n), source="politie", recorded_by=user
        )
    for n in range(7):
        out = n < 5
        CaseTransfer.objects.create(
            case=cases[n % len(cases)],
            from_municipality=world.municipality if out else world.other_municipality,
            to_municipality=world.other_municipality if out else world.municipality,
            reason="verhuisd",
            state="accepted",
            proposed_by=user,
            decided_at=_at(2 + n),
        )
    CaseTransfer.objects.create(  # declined: not a transfer
        case=cases[0],
        from_municipality=world.municipality,
        to_municipality=world.other_municipality,
        reason="verhuisd",
        state="declined",
        proposed_by=user,
        decided_at=_at(3),
    )
    for n in range(9):
        HandOver.objects.create(
            case=cases[n % len(cases)],
            organisation=world.youth if n < 6 else world.police,
            what="nazorg",
            on=date(YEAR, 1 + n, 15),
            recorded_by=user,
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
    fill_new(world)
    parts = {part: acc.period(YEAR, part, start_month=1) for part in acc.Part.ALL}
    published = {part: acc.account(world.municipality.pk, p) for part, p in parts.items()}
    year = published[acc.Part.YEAR]
    for account in published.values():
        for table in account.tables:
            for row in table.rows:
                if 0 < row.cell.count < THRESHOLD:
                    assert row.cell.mark != Mark.SHOWN, (table.key, row.key)
            assert _hidden_recoverable(table.rows, table.total) == [], table.key
    # Any two periods that nest (the year and a half or a quarter, a half and its quarter):
    # no difference of shown cells, nor of shown totals, is from 1 to 4.
    for outer, inner in [(o, i) for o in acc.Part.ALL for i in acc.Part.ALL if o != i]:
        if not set(acc.Part.SPAN[inner]) < set(acc.Part.SPAN[outer]):
            continue
        for table in published[outer].tables:
            other = published[inner].table(table.key)
            pairs = [(table.total, other.total)]
            cells = {row.key: row.cell for row in other.rows}
            pairs += [(row.cell, cells[row.key]) for row in table.rows if row.key in cells]
            for big, part in pairs:
                if big.mark == Mark.SHOWN and part.mark == Mark.SHOWN:
                    assert not 0 < big.count - part.count < THRESHOLD, (outer, inner, table.key)
    # The trend shows the same totals as the account of that year.
    trend = acc.trend(world.municipality.pk, YEAR)
    column = trend.years.index(YEAR)
    signals, cases = (cells[column] for _label, cells in trend.rows[:2])
    assert signals.count == year.table("signals_by_channel").total.count
    assert cases.count == year.table("cases_by_phase").total.count


def test_a_quarter_counts_what_fell_in_it(world: World) -> None:
    """The figures of a half and a quarter are the counts of their months (counted here), when
    every quarter is large enough to publish them."""
    creator = Actor.system("test")
    made = []
    for n in range(24):
        made.append(
            intake_actions.report_signal(
                creator,
                municipality=world.municipality,
                channel=Signal.Channel.PUBLIC_FORM,
                observation=f"zorg {n}",
                anonymous=True,
            ).signal
        )
    # Quarter n gets 5 + n signals by form (5, 6, 7, 6 = 24): no quarter has a small cell.
    months = [1] * 5 + [4] * 6 + [7] * 7 + [11] * 6
    for signal, month in zip(made, months, strict=True):
        Signal.objects.filter(pk=signal.pk).update(received_at=_at(month), channel="public_form")
    for part, expected in {"q1": 5, "q2": 6, "q3": 7, "q4": 6, "h1": 11, "h2": 13, "": 24}.items():
        figures = acc.account(world.municipality.pk, acc.period(YEAR, part, start_month=1))
        table = figures.table("signals_by_channel")
        assert table.total.value == expected, part
        assert {r.key: r.cell.value for r in table.rows}["public_form"] == expected
        assert {r.key: r.cell.value for r in table.rows}["phone"] == 0
    # One signal by phone in the third quarter: no part of the year is published any more.
    # (Moved with ``update``, which no service does: the counts kept for the year cannot know.)
    Signal.objects.filter(pk=made[0].pk).update(received_at=_at(8), channel="phone")
    for part in ("q1", "q3", "h2"):
        figures = acc.account(
            world.municipality.pk, acc.period(YEAR, part, start_month=1), fresh=True
        )
        table = figures.table("signals_by_channel")
        assert table.withheld and table.total.mark == Mark.WITHHELD, part
    year = acc.account(world.municipality.pk, acc.period(YEAR, start_month=1), fresh=True)
    assert year.table("signals_by_channel").total.value == 24


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
    q3 = acc.period(2026, "q3", start_month=9)
    assert (q3.start.isoformat(), q3.last_day.isoformat()) == ("2027-03-01", "2027-05-31")
    assert q3.code == "2026-Q3"
    h2 = acc.period(2026, "h2", start_month=9)
    assert (h2.start.isoformat(), h2.end.isoformat()) == ("2027-03-01", "2027-09-01")


def test_only_the_parts_of_the_year_are_periods() -> None:
    assert acc.parse_period("2026-Q3", 2026) == "q3"
    assert acc.parse_period("q3", 2026) == "q3"
    assert acc.parse_period("2026-h1", 2026) == "h1"
    assert acc.parse_period("2026", 2026) == ""
    assert acc.parse_period("", 2026) == ""
    for wrong in ("2025-Q3", "2026-Q5", "2026-03-01", "2026-01-01..2026-02-01", "m3"):
        assert acc.parse_period(wrong, 2026) is None, wrong


def test_the_number_of_queries_does_not_grow_with_the_data(world: World) -> None:
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            acc.account(world.municipality.pk, acc.period(YEAR, start_month=1))
            acc.trend(world.municipality.pk, YEAR)
        return len(queries)

    before = count()
    fill(world, extra=15)
    fill_new(world)
    assert count() == before


def test_case_actions_are_counted_by_whether_they_were_completed_on_time(world: World) -> None:
    from datetime import date, timedelta

    from samen.casework.actions import meetings as meeting_actions
    from samen.casework.models import Action

    chair = Actor.for_user(world.users["chair"], "test")
    today = timezone.localdate()
    year = today.year

    def action(due: date, completed: date | None, done: bool = True) -> None:
        made = meeting_actions.record_action(
            chair, world.item, description="Huisbezoek", owner=world.youth, due_date=due
        )
        if done:
            meeting_actions.complete_action(chair, made)
            moment = (
                None
                if completed is None
                else timezone.make_aware(
                    datetime.combine(completed, datetime.min.time().replace(hour=23))
                )
            )
            Action.objects.filter(pk=made.pk).update(completed_at=moment)

    start = date(year, 1, 1)
    for n in range(6):  # on time, one on the due date itself (at 23:00 local time)
        action(start + timedelta(days=10 + n), start + timedelta(days=10))
    for n in range(5):  # late
        action(start + timedelta(days=10 + n), start + timedelta(days=30))
    for n in range(7):  # done before completion was recorded
        action(start + timedelta(days=10 + n), None)
    past_due = [start + timedelta(days=n) for n in range(5)] if today > start + timedelta(5) else []
    for due in past_due:
        action(due, None, done=False)
    account = acc.account(world.municipality.pk, acc.period(year, start_month=1))
    table = account.table("case_actions_by_timeliness")
    found = {row.key: row.cell.count for row in table.rows}
    # Counted here, directly from the rows.
    rows = Action.objects.filter(
        agenda_item__meeting__municipality=world.municipality, due_date__year=year
    )
    direct = {"on_time": 0, "late": 0, "done_unknown": 0, "open_past_due": 0, "open": 0}
    for row in rows:
        if row.status == Action.Status.DONE and row.completed_at is None:
            direct["done_unknown"] += 1
        elif row.status == Action.Status.DONE:
            on_time = timezone.localdate(row.completed_at) <= row.due_date
            direct["on_time" if on_time else "late"] += 1
        else:
            direct["open_past_due" if row.due_date < today else "open"] += 1
    assert found == direct
    assert found["on_time"] == 6 and found["late"] == 5 and found["done_unknown"] == 7
    assert table.total.count == rows.count()


def test_referrals_travel_transfers_and_hand_overs_are_counted(world: World) -> None:
    from samen.casework.models import CaseTransfer, HandOver, Referral

    fill(world)
    fill_new(world)
    account = acc.account(world.municipality.pk, acc.period(YEAR, start_month=1))

    def tally(values: Any) -> dict[str, int]:
        found: dict[str, int] = {}
        for value in values:
            found[str(value)] = found.get(str(value), 0) + 1
        return found

    referrals = Referral.objects.filter(
        signal__municipality=world.municipality, referred_at__year=YEAR
    )
    cases = Case.objects.filter(municipality=world.municipality, opened_at__year=YEAR)
    travel = [
        (case.travel.order_by("-on", "-pk").values_list("state", flat=True).first() or "")
        for case in cases
    ]
    transfers = CaseTransfer.objects.filter(state="accepted", decided_at__year=YEAR)
    expected = {
        "referrals_by_status": tally(referrals.values_list("status", flat=True)),
        "referrals_by_sector": tally(referrals.values_list("organisation__kind", flat=True)),
        "cases_by_travel": tally(travel),
        "transfers_by_direction": {
            "out": transfers.filter(from_municipality=world.municipality).count(),
            "in": transfers.filter(to_municipality=world.municipality).count(),
        },
        "hand_overs_by_sector": tally(
            HandOver.objects.filter(
                case__municipality=world.municipality, on__year=YEAR
            ).values_list("organisation__kind", flat=True)
        ),
    }
    assert expected["referrals_by_status"] == {"accepted": 7, "declined": 2, "open": 4}
    assert expected["transfers_by_direction"] == {"out": 5, "in": 2}
    for key, direct in expected.items():
        table = account.table(key)
        assert table.total.count == sum(direct.values()), key
        for row in table.rows:
            assert row.cell.count == direct.get(row.key, 0), (key, row.key)
            if row.cell.mark == Mark.SHOWN:
                assert row.cell.value == direct.get(row.key, 0)
            if 0 < row.cell.count < THRESHOLD:
                assert row.cell.mark != Mark.SHOWN
    # The travel table is a table of the cases opened: the same total as the others.
    assert (
        account.table("cases_by_travel").total.count == account.table("cases_by_phase").total.count
    )
    # Shown where they are not small, hidden where they are.
    status = {row.key: row.cell for row in account.table("referrals_by_status").rows}
    # 2 declined and 4 open are "< 5"; the 7 accepted are suppressed to protect them.
    assert status["declined"].mark == status["open"].mark == Mark.SMALL
    assert status["accepted"].mark == Mark.SUPPRESSED
    sector = {row.key: row.cell for row in account.table("referrals_by_sector").rows}
    assert sector["youth_care"].value == 8 and sector["police"].value == 5
    direction = {row.key: row.cell for row in account.table("transfers_by_direction").rows}
    assert direction["in"].mark != Mark.SHOWN and direction["out"].mark != Mark.SHOWN
