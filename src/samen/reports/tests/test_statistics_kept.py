"""The analyst's statistics on the start page keep their raw counts between requests like the
yearly account (issue 16): they read only hooked rows, a kept value equals the one computed
anew after every kind of change, and a warm start page reads none of the counted tables."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from samen.audit.actor import Actor
from samen.casework.actions import intake as intake_actions
from samen.casework.actions import travel as travel_actions
from samen.casework.models import Signal
from samen.casework.tests.factories import World, actor_for, expert_order
from samen.conftest import login
from samen.core.generations import Topic
from samen.reports import kept
from samen.reports.models import RetainedStatistic
from samen.reports.statistics import raw_statistics, suppressed_statistics
from samen.reports.tests.test_account_kept import _models_read

pytestmark = pytest.mark.django_db


def _cells(value: Any) -> Any:
    """What the page shows of the statistics: counts and the suppressed values."""
    if isinstance(value, list | tuple):
        return [_cells(v) for v in value]
    if hasattr(value, "count") and hasattr(value, "value"):
        return (value.count, value.value)
    return str(value)


def _exact(m: int) -> Any:
    shown = suppressed_statistics(m)
    assert {k: _cells(v) for k, v in shown.items()} == {
        k: _cells(v) for k, v in suppressed_statistics(m, fresh=True).items()
    }
    return {k: _cells(v) for k, v in shown.items()}


def test_the_raw_counts_read_only_hooked_models(world: World) -> None:
    year = timezone.localdate().year
    read = _models_read(lambda: raw_statistics(world.municipality.pk, year))
    assert read <= set(kept.HOOKS), read - set(kept.HOOKS)
    # Kept under the generations of the cases alone: each model read moves them.
    assert {m for m in read if Topic.CASES not in getattr(kept.HOOKS[m], "topics", ())} == set()


def test_every_kind_of_change_is_in_the_next_statistics(world: World) -> None:
    m = world.municipality.pk
    assert world.case is not None
    before = _exact(m)
    intake_actions.report_signal(
        Actor.system("test"),
        municipality=world.municipality,
        channel=Signal.Channel.PHONE,
        observation="zorg",
        anonymous=True,
    )
    after_signal = _exact(m)
    assert after_signal != before
    travel_actions.record_travel_status(
        actor_for(world.users["case_manager"]),
        world.case,
        state="left",
        on=timezone.localdate() - timedelta(days=1),
        source="politie",
    )
    after_travel = _exact(m)
    assert after_travel != after_signal
    expert_order(world)
    after_order = _exact(m)
    assert after_order != after_travel
    RetainedStatistic.add(municipality_id=m, year=2019, kind="signal", status="closed")
    assert _exact(m) != after_order


def test_a_warm_start_page_reads_no_counted_table(client: Any, world: World) -> None:
    login(client, world.users["analyst"])
    url = reverse("dashboard")
    cold = client.get(url).context["statistics"]
    with CaptureQueriesContext(connection) as queries:
        warm = client.get(url).context["statistics"]
    assert {k: _cells(v) for k, v in warm.items()} == {k: _cells(v) for k, v in cold.items()}
    read = " ".join(query["sql"] for query in queries.captured_queries)
    for table in ("casework_signal", "casework_case", "casework_travelstatus", "reports_"):
        assert f'"{table}' not in read, table
