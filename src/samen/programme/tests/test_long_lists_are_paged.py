"""The lists a person reads a page at a time, whatever the size of the programme: the actions
a lead leads and those of their organisation, the plan's actions per lead organisation, where a
school programme was given. Every row is shown once, in order, and a filter is kept from page
to page. Lists that show a few rows (the latest sessions) count them right."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from samen.casework.tests.factories import World, actor_for
from samen.conftest import login
from samen.programme import views
from samen.programme.actions import communication as communication_actions
from samen.programme.actions import network as network_actions
from samen.programme.actions import plan as plan_actions
from samen.programme.actions import trainings as training_actions
from samen.programme.tests.authorization import Scene

pytestmark = pytest.mark.django_db


def _rows(client: Any, url: str, text: Any, **params: Any) -> list[list[str]]:
    """``text(row)`` of every row on every page, following the "next" links (which carry the
    filters of ``params``), and checking the "previous" link of each page leads back."""
    pages: list[list[str]] = []
    response = client.get(url, params)
    while True:
        assert response.status_code == 200
        page = response.context["page"]
        pages.append([text(row) for row in page])
        if pages[1:]:
            back = client.get(f"{url}?{page.previous_query}").context["page"]
            assert [text(row) for row in back] == pages[-2]
        if not page.has_next:
            return pages
        response = client.get(f"{url}?{page.next_query}")


def _pages(client: Any, url: str, **params: Any) -> list[list[str]]:
    """The titles (schools) on every page (``_rows``)."""
    return _rows(client, url, lambda row: getattr(row, "title", None) or row.school, **params)


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


def test_where_a_school_programme_was_given_comes_latest_first_a_page_at_a_time(
    client: Any, world: World, programme: Scene, monkeypatch: Any
) -> None:
    chair = actor_for(world.users["chair"])
    for n in range(5):
        training_actions.record_delivery(
            chair,
            programme.outreach,
            school=f"School {n}",
            held_on=date(2025, 3, 1) + timedelta(days=n % 3),
            classes=1,
            pupils=20,
            parents=0,
            professionals=1,
        )
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    login(client, world.users["chair"])
    url = reverse("programme:outreach_detail", kwargs={"pk": programme.outreach.pk})
    # By date, the latest first; on the same day the last recorded first.
    assert _pages(client, url) == [["School 2", "School 4"], ["School 1", "School 3"], ["School 0"]]
    export = client.get(url, {"format": "csv"}).content.decode()
    assert all(f"School {n}" in export for n in range(5))  # the file holds them all


def test_the_latest_sessions_count_participants_by_name_and_counted(
    client: Any, world: World, programme: Scene
) -> None:
    chair = actor_for(world.users["chair"])
    for name in ("Een", "Twee"):
        training_actions.register_participant(
            chair, programme.session, name=name, email="", organisation=world.youth
        )
    for count in (3, 4):
        training_actions.add_headcount(
            chair, programme.session, count=count, organisation=world.police
        )
    empty = training_actions.plan_session(
        chair, programme.training, starts_on=date(2020, 1, 1), place="", trainer="", capacity=None
    )
    login(client, world.users["chair"])
    sessions = {
        s.pk: (s.named, s.counted)
        for s in client.get(reverse("programme:trainings")).context["sessions"]
    }
    assert sessions == {programme.session.pk: (2, 7), empty.pk: (0, 0)}


def test_a_themes_actions_come_a_page_at_a_time_by_planned_end(
    client: Any, world: World, programme: Scene, monkeypatch: Any
) -> None:
    _actions(world, programme)
    monkeypatch.setattr(views, "ACTIONS_PER_PAGE", 2)
    login(client, world.users["chair"])
    url = reverse("programme:theme_detail", kwargs={"pk": programme.theme.pk})
    # By planned end (Moedercirkels in 30 days), the one without a planned end last.
    assert _rows(client, url, lambda a: a.title) == [
        ["Actie 0", "Actie 1"],
        ["Actie 2", "Actie 4"],
        ["Actie 5", "Moedercirkels"],
        ["Actie 3"],
    ]
    last = client.get(url, {"page": "last"}).content.decode()
    assert "Actie 3" in last and "Actie 0" not in last
    export = client.get(url, {"format": "csv"}).content.decode()
    # The file holds them all, in the page's order.
    titles = ["Actie 0", "Actie 1", "Actie 2", "Actie 4", "Actie 5", "Moedercirkels", "Actie 3"]
    assert [export.index(f"{title},") for title in titles] == sorted(
        export.index(f"{title},") for title in titles
    )


def test_the_contact_persons_keep_their_filter_from_page_to_page(
    client: Any, world: World, programme: Scene, monkeypatch: Any
) -> None:
    chair = actor_for(world.users["chair"])
    for n, organisation in enumerate([world.youth, world.police, world.youth, world.youth]):
        network_actions.save_contact_person(
            chair, None, organisation=organisation, name=f"Contact {n}"
        )
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    login(client, world.users["chair"])
    url = reverse("programme:contacts")
    everyone = [name for page in _rows(client, url, lambda c: c.name) for name in page]
    assert sorted(everyone) == sorted(
        ["Wijkagent Matrix", "Contact 0", "Contact 1", "Contact 2", "Contact 3"]
    )
    assert _rows(client, url, lambda c: c.name, organisation=world.youth.pk) == [
        ["Contact 0", "Contact 2"],
        ["Contact 3"],
    ]


def test_the_communication_calendar_comes_a_page_at_a_time_in_date_order(
    client: Any, world: World, programme: Scene, monkeypatch: Any
) -> None:
    chair = actor_for(world.users["chair"])
    for n in range(4):
        communication_actions.save_moment(
            chair,
            None,
            planned_on=date(2030, 1, 1) + timedelta(days=(3 - n) % 3),
            audience=f"Publiek {n}",
            channel="Website",
            core_message="Samen",
            owner="Communicatie",
        )
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    login(client, world.users["chair"])
    pages = _rows(client, reverse("programme:communication"), lambda m: m.audience)
    every = [audience for page in pages for audience in page]
    # The scene's own moment comes before these, in 2030: by date, then as recorded.
    assert every[-4:] == ["Publiek 0", "Publiek 3", "Publiek 2", "Publiek 1"]
    assert all(len(page) <= 2 for page in pages)


def test_a_list_page_reads_no_count_of_the_list(
    client: Any, world: World, programme: Scene
) -> None:
    login(client, world.users["chair"])
    for name in ("contacts", "key_figures", "events", "outreach", "communication", "dialogues"):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(f"programme:{name}")).status_code == 200
        # A statement that counts the list (Django's paginator: ``SELECT COUNT(*) AS __count``);
        # a count per row shown, in a subquery, is part of reading the page.
        counts = [
            q["sql"]
            for q in queries.captured_queries
            if q["sql"].lstrip().upper().startswith("SELECT COUNT(")
        ]
        assert counts == [], name


def test_the_events_count_the_items_of_their_programme_a_page_at_a_time(
    client: Any, world: World, programme: Scene, monkeypatch: Any
) -> None:
    chair = actor_for(world.users["chair"])
    counted = {programme.event.title: 0}
    for n in range(3):
        event = training_actions.save_event(
            chair, None, kind="theme_day", title=f"Themadag {n}", held_on=date(2030, 1, 1 + n)
        )
        for k in range(n):
            training_actions.add_programme_item(
                chair, event, kind="lecture", title=f"Lezing {k}", speaker="", attendance=None
            )
        counted[event.title] = n
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    login(client, world.users["chair"])
    url = reverse("programme:events")
    pages = _rows(client, url, lambda e: (e.title, e.n_items))
    # The latest first, each with the number of its own items.
    assert [row for page in pages for row in page] == [
        ("Themadag 2", 2),
        ("Themadag 1", 1),
        ("Themadag 0", 0),
        (programme.event.title, 0),
    ]
    export = client.get(url, {"format": "csv"}).content.decode()
    assert all(f"{title}," in export for title in counted)


def test_a_list_is_paged_only_in_an_order_that_ends_in_its_key(rf: Any) -> None:
    """Keyset pagination needs a unique last key: a list ordered otherwise would skip or repeat
    rows between pages, so it is refused, not paged."""
    from samen.programme.models import Event

    request = rf.get("/")
    assert views._page(request, Event.objects.order_by("-held_on", "pk")).object_list == []
    for order in (("-held_on",), ("title", "-held_on")):
        with pytest.raises(ValueError, match="primary key last"):
            views._page(request, Event.objects.order_by(*order))
    with pytest.raises(ValueError, match="primary key last"):
        views._page(request, Event.objects.order_by(F("held_on").desc(), "pk"))
