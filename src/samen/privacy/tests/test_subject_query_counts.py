"""The DPO's subject pages and exports use a fixed number of queries as the person's data grows."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from samen.audit.actor import Actor
from samen.casework.actions import cases as case_actions
from samen.casework.actions import intake as intake_actions
from samen.casework.actions import meetings as meeting_actions
from samen.casework.actions import persons as person_actions
from samen.casework.actions import plan as plan_actions
from samen.casework.models import Signal
from samen.casework.tests.factories import World, actor_for
from samen.conftest import login

pytestmark = pytest.mark.django_db


def grow(world: World, n: int) -> None:
    chair = actor_for(world.users["chair"])
    person = world.case.person
    for i in range(n):
        case_actions.add_note(
            chair, world.case, text=f"bijdrage {i}", restricted_to=[world.police] if i % 2 else []
        )
        plan_actions.add_goal(chair, world.case, text=f"doel {i}")
        plan_actions.save_intervention(
            chair,
            world.case,
            None,
            domain="housing",
            description=f"woning {i}",
            responsible=world.youth,
            starts_on=timezone.localdate(),
        )
        case_actions.set_concern(chair, world.case, ideology="other", level="low", reasons=f"r{i}")
        case_actions.add_domain_assessment(
            chair, world.case, domain="family", risk_factors="r", protective_factors="p"
        )
        meeting_actions.record_decision(chair, world.item, text=f"besluit {i}")
        meeting_actions.record_action(
            chair,
            world.item,
            description=f"actie {i}",
            owner=world.police,
            due_date=timezone.localdate() + timedelta(days=3),
        )
        person_actions.add_relation(chair, person, name=f"Familie {i}", kind="family", note="")
        case_actions.add_attachment(
            chair, world.case, kind="report", title=f"t{i}", filename="a.txt", content=b"tekst"
        )
        intake_actions.add_to_signal(
            chair, world.weighed_signal, text=f"aanvulling {i}", source="intake"
        )
        intake_actions.report_signal(
            Actor.system("test"),
            municipality=world.municipality,
            channel=Signal.Channel.PUBLIC_FORM,
            observation=f"andere {i}",
            anonymous=True,
            subject_name=f"Ander {i}",
        )


PAGES = [
    "privacy:subject_detail",
    "privacy:subject_export_json",
    "privacy:subject_export_pdf",
    "privacy:subject_rectify",
    "privacy:subject_erase",
]


def count(client: Any, url: str, data: dict[str, str] | None = None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, data) if data is not None else client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", PAGES)
def test_subject_pages_do_not_grow_with_data(client: Any, world: World, name: str) -> None:
    login(client, world.users["dpo"])
    url = reverse(name, args=[world.case.person_id])
    grow(world, 2)
    small = count(client, url)
    grow(world, 5)
    assert count(client, url) == small


def test_search_does_not_grow_with_data(client: Any, world: World) -> None:
    login(client, world.users["dpo"])
    url = reverse("privacy:subject_search")
    query = {"name": "Tweede Persoon"}
    grow(world, 2)
    small = count(client, url, query)
    grow(world, 5)
    assert count(client, url, query) == small


def test_subject_page_reads_each_record_once(client: Any, world: World) -> None:
    """The page reads the person's signals and the programme's records once, for the report,
    and takes their ids and retention dates from what it read (issue 16): the signals twice in
    all (which ones, then the records), each programme table once."""
    login(client, world.users["dpo"])
    grow(world, 2)
    url = reverse("privacy:subject_detail", args=[world.case.person_id])
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    statements = [query["sql"] for query in queries.captured_queries]

    def reading(table: str) -> int:
        return sum(sql.split(" WHERE ")[0].count(f'FROM "{table}"') for sql in statements)

    assert reading("casework_signal") == 2
    assert reading("programme_contactperson") == 1
    assert reading("programme_keyfigure") == 1
    assert reading("programme_trainingparticipant") == 1
