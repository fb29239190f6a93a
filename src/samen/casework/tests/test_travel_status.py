"""Travel status with its history: recorded by a case manager with date and source, shown on
the case page, counted (suppressed) in the statistics."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from samen.audit.models import AuditEntry
from samen.casework.actions import WorkflowError
from samen.casework.actions import travel as travel_actions
from samen.casework.models import TravelState, TravelStatus
from samen.casework.tests.factories import World, actor_for
from samen.conftest import login
from samen.reports.statistics import suppressed_statistics

pytestmark = pytest.mark.django_db


def test_case_manager_records_travel_history(client: Any, world: World) -> None:
    login(client, world.users["case_manager"])
    url = reverse("casework:case_travel", kwargs={"pk": world.case.pk})
    today = timezone.localdate()
    missing_how = client.post(
        url, {"travel-state": "prevented", "travel-on": today, "travel-source": "Politie"}
    )
    assert missing_how.status_code == 422
    assert not TravelStatus.objects.exists()
    for state, days, how in (("intention", 30, ""), ("prevented", 10, "passport")):
        answer = client.post(
            url,
            {
                "travel-state": state,
                "travel-on": today - timedelta(days=days),
                "travel-source": "Politie",
                "travel-prevention": how,
            },
        )
        assert answer.status_code == 302
    current = world.case.travel.first()
    assert current is not None and current.state == "prevented"
    assert current.prevention == "passport"
    assert world.case.travel.count() == 2
    assert AuditEntry.objects.filter(action="casework.case.travel").count() == 2
    page = client.get(reverse("casework:case_detail", kwargs={"pk": world.case.pk}))
    assert len(page.context["travel"]) == 2
    assert "travel_form" in page.context
    # A partner at the table sees the history but cannot record.
    login(client, world.users["case_table_member"])
    page = client.get(reverse("casework:case_detail", kwargs={"pk": world.case.pk}))
    assert len(page.context["travel"]) == 2 and "travel_form" not in page.context
    assert client.post(url, {}).status_code == 403


def test_the_action_holds_its_rules(world: World) -> None:
    actor = actor_for(world.users["case_manager"])
    today = timezone.localdate()
    with pytest.raises(WorkflowError):
        travel_actions.record_travel_status(
            actor, world.case, state="left", on=today + timedelta(days=1), source="x"
        )
    with pytest.raises(WorkflowError):
        travel_actions.record_travel_status(
            actor, world.case, state="prevented", on=today, source="x"
        )
    status = travel_actions.record_travel_status(
        actor, world.case, state="returned", on=today, source="x", prevention="passport"
    )
    assert status.prevention == ""


def test_statistics_count_the_current_status_suppressed(world: World) -> None:
    actor = actor_for(world.users["case_manager"])
    today = timezone.localdate()
    travel_actions.record_travel_status(
        actor, world.case, state="left", on=today - timedelta(days=300), source="x"
    )
    travel_actions.record_travel_status(
        actor, world.case, state="returned", on=today - timedelta(days=3), source="x"
    )
    counts = suppressed_statistics(world.municipality.pk, fresh=True)
    cells = dict(zip(TravelState.values, (cell for _label, cell in counts["travel"]), strict=True))
    # One person, counted once, by the newest status; one is a small number, never shown.
    assert {state: cell.count for state, cell in cells.items() if cell.count} == {"returned": 1}
    assert cells["returned"].value is None
    assert "travel" in suppressed_statistics(world.municipality.pk)
