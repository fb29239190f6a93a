"""The lists of actions a person reads a page at a time, whatever the size of the plan: the
actions a lead leads and those of their organisation, and the plan's actions per lead
organisation. Every action is shown once, in order, and a filter is kept from page to page."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from samen.casework.tests.factories import World, actor_for
from samen.conftest import login
from samen.programme import views
from samen.programme.actions import plan as plan_actions
from samen.programme.tests.authorization import Scene

pytestmark = pytest.mark.django_db


def _pages(client: Any, url: str, **params: Any) -> list[list[str]]:
    """The titles on every page, following the "next" links from the first page."""
    pages = []
    response = client.get(url, params)
    while True:
        assert response.status_code == 200
        page = response.context["page"]
        pages.append([action.title for action in page])
        if not page.has_next:
            return pages
        response = client.get(f"{url}?{page.next_query}")


def _actions(world: World, scene: Scene) -> None:
    chair = actor_for(world.users["chair"])
    today = timezone.localdate()
    for n, (organisation, lead) in enumerate(
        [
            (world.youth, world.users["lead"]),
            (world.youth, None),
            (world.police, None),
            (world.youth, world.users["lead"]),
            (world.youth, None),
            (None, None),
        ]
    ):
        plan_actions.save_action(
            chair,
            scene.theme,
            None,
            title=f"Actie {n}",
            lead_organisation=organisation,
            lead_user=lead,
            planned_end=today + timedelta(days=n) if n != 3 else None,
        )


def test_a_lead_reads_the_actions_they_lead_first_then_their_organisations(
    client: Any, world: World, programme: Scene, monkeypatch: Any
) -> None:
    _actions(world, programme)
    monkeypatch.setattr(views, "ACTIONS_PER_PAGE", 2)
    login(client, world.users["lead"])
    pages = _pages(client, reverse("programme:my_actions"))
    # Led by the lead: by planned end, the one without a planned end last; then the youth
    # care organisation's; never another organisation's.
    assert pages == [["Actie 0", "Moedercirkels"], ["Actie 3", "Actie 1"], ["Actie 4"]]
    second = client.get(reverse("programme:my_actions"), {"after": 0}).content.decode()
    assert "Actie 0" in second  # a boundary that is no row of the list: the first page


def test_the_actions_per_organisation_come_a_page_at_a_time_with_the_filter_kept(
    client: Any, world: World, programme: Scene, monkeypatch: Any
) -> None:
    _actions(world, programme)
    monkeypatch.setattr(views, "ACTIONS_PER_PAGE", 2)
    login(client, world.users["chair"])
    url = reverse("programme:by_organisation", kwargs={"pk": programme.plan.pk})
    every = [title for page in _pages(client, url) for title in page]
    first, second = sorted([world.police, world.youth], key=lambda o: o.name)
    led = {
        world.police.pk: ["Actie 2"],
        world.youth.pk: ["Actie 0", "Actie 1", "Actie 4", "Moedercirkels", "Actie 3"],
    }
    assert every == [*led[first.pk], *led[second.pk], "Actie 5"]  # no lead yet: last
    assert _pages(client, url, organisation=world.youth.pk) == [
        ["Actie 0", "Actie 1"],
        ["Actie 4", "Moedercirkels"],
        ["Actie 3"],
    ]
