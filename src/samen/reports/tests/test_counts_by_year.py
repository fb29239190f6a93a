"""Signals and cases per year are counted by the local calendar year (Europe/Amsterdam), from
the first year to the last, with the counts retention left behind added."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from samen.audit.actor import Actor
from samen.casework.actions import intake as intake_actions
from samen.casework.models import Signal
from samen.casework.tests.factories import World
from samen.reports.models import RetainedStatistic
from samen.reports.statistics import suppressed_statistics

pytestmark = pytest.mark.django_db


def _by_year(municipality_id: int) -> list[Any]:
    """Signals and cases per year, as the statistics show them, computed anew."""
    return suppressed_statistics(municipality_id, fresh=True)["by_year"]  # type: ignore[no-any-return]


AMSTERDAM = ZoneInfo("Europe/Amsterdam")
UTC = ZoneInfo("UTC")


def _signal_at(world: World, moment: datetime) -> None:
    signal = intake_actions.report_signal(
        Actor.system("test"),
        municipality=world.other_municipality,
        channel=Signal.Channel.PUBLIC_FORM,
        observation="zorg",
        anonymous=True,
        subject_name="Iemand",
    ).signal
    Signal.objects.filter(pk=signal.pk).update(received_at=moment)


def test_years_are_local_and_gaps_stay_out(world: World) -> None:
    municipality = world.other_municipality.pk
    assert _by_year(municipality) == []
    # 23:30 UTC on New Year's Eve is already the new year in Amsterdam.
    _signal_at(world, datetime(2021, 12, 31, 23, 30, tzinfo=UTC))
    _signal_at(world, datetime(2021, 12, 31, 22, 30, tzinfo=UTC))
    _signal_at(world, datetime(2024, 6, 1, 12, 0, tzinfo=AMSTERDAM))
    RetainedStatistic.objects.create(
        municipality_id=municipality,
        kind=RetainedStatistic.Kind.SIGNAL,
        year=2023,
        status="closed",
        count=7,
    )
    by_year = _by_year(municipality)
    assert [(year, signals.count) for year, signals, _cases in by_year] == [
        (2024, 1),
        (2023, 7),
        (2022, 1),
        (2021, 1),
    ]
