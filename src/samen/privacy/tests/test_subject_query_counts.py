"""The DPO's subject pages and exports use a fixed number of queries as the person's data grows."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from samen.casework import actions
from samen.casework.models import Intervention, Signal
from samen.casework.tests.factories import World, request_as
from samen.conftest import login

pytestmark = pytest.mark.django_db


def grow(world: World, n: int) -> None:
    chair = request_as(world.users["chair"])
    person = world.case.person
    for i in range(n):
        actions.add_note(chair, world.case, f"bijdrage {i}", [world.police] if i % 2 else [])
        actions.add_goal(chair, world.case, f"doel {i}")
        actions.save_intervention(
            chair,
            Intervention(
                case=world.case,
                domain="housing",
                description=f"woning {i}",
                responsible=world.youth,
                starts_on=timezone.localdate(),
            ),
        )
        actions.set_concern(chair, world.case, ideology="other", level="low", reasons=f"r{i}")
        actions.add_domain_assessment(
            chair, world.case, domain="family", risk_factors="r", protective_factors="p"
        )
        actions.record_decision(chair, world.item, f"besluit {i}")
        actions.record_action(
            chair,
            world.item,
            description=f"actie {i}",
            owner=world.police,
            due_date=timezone.localdate() + timedelta(days=3),
        )
        actions.add_relation(chair, person, name=f"Familie {i}", kind="family", note="")
        actions.add_attachment(
            chair, world.case, kind="report", title=f"t{i}", filename="a.txt", content=b"tekst"
        )
        actions.add_to_signal(chair, world.weighed_signal, f"aanvulling {i}", "intake")
        actions.report_signal(
            None,
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
        response = client.get(url, data)
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
