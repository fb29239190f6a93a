"""The signal list (by urgency) and the API's signal list page by keyset: every signal once
forward and back, ties in the time received included, with the filter kept; the last page is a
seek from the other end; tampered boundaries give the first page (pages) or a 400 (API); a page
costs the same number of queries wherever it is, and none counts the table."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from samen.audit.actor import Actor
from samen.casework import api
from samen.casework.actions import intake as intake_actions
from samen.casework.models import Signal
from samen.casework.tests.factories import World
from samen.casework.views import intake as intake_views
from samen.conftest import login

pytestmark = pytest.mark.django_db

SIZE = 3


@pytest.fixture
def small_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(intake_views, "PAGE_SIZE", SIZE)
    monkeypatch.setattr(api.SignalCursorPagination, "page_size", SIZE)


def _signals(world: World, n: int = 10) -> None:
    """``n`` more signals, half of them weighed, several received at the same moment."""
    now = timezone.now()
    for i in range(n):
        signal = intake_actions.report_signal(
            Actor.system("test"),
            municipality=world.municipality,
            channel=Signal.Channel.PUBLIC_FORM,
            observation=f"observation {i}",
            anonymous=True,
        ).signal
        Signal.objects.filter(pk=signal.pk).update(
            received_at=now - timedelta(days=i // 3),
            status=Signal.Status.CLOSED if i % 2 else Signal.Status.NEW,
        )
    intake_actions.report_signal(
        Actor.system("test"),
        municipality=world.other_municipality,
        channel=Signal.Channel.PUBLIC_FORM,
        observation="elders",
        anonymous=True,
    )


def _urgency_order(world: World) -> list[int]:
    """What the list shows, computed here from the rule: waiting first, longest waiting on
    top; then the weighed, newest first; the id (newest first) breaks ties."""
    signals = list(Signal.objects.filter(municipality=world.municipality))
    waiting = sorted(
        (s for s in signals if s.status in Signal.TO_WEIGH),
        key=lambda s: (s.received_at, -s.pk),
    )
    weighed = sorted(
        (s for s in signals if s.status not in Signal.TO_WEIGH),
        key=lambda s: (s.received_at, s.pk),
        reverse=True,
    )
    return [s.pk for s in waiting + weighed]


def _walk(client: Any, query: dict[str, str], link: str) -> list[int]:
    url = reverse("casework:signal_list")
    response = client.get(url, query)
    pages = [[s.pk for s in response.context["page"]]]
    page = response.context["page"]
    while getattr(page, f"has_{link}"):
        response = client.get(f"{url}?{getattr(page, f'{link}_query')}")
        page = response.context["page"]
        pages.append([s.pk for s in page])
    if link == "previous":
        pages.reverse()
    return [pk for ids in pages for pk in ids]


def test_the_signal_list_shows_every_signal_once_both_ways(
    client: Any, world: World, small_pages: None
) -> None:
    _signals(world)
    login(client, world.users["advisor"])
    expected = _urgency_order(world)
    assert len(expected) > 3 * SIZE
    assert _walk(client, {}, "next") == expected
    assert _walk(client, {"page": "last"}, "previous") == expected


def test_the_status_filter_is_kept_while_paging(
    client: Any, world: World, small_pages: None
) -> None:
    _signals(world)
    login(client, world.users["advisor"])
    closed = [
        pk
        for pk in _urgency_order(world)
        if Signal.objects.get(pk=pk).status == Signal.Status.CLOSED
    ]
    assert _walk(client, {"status": "closed"}, "next") == closed
    assert _walk(client, {"status": "closed", "page": "last"}, "previous") == closed
    first = client.get(reverse("casework:signal_list"), {"status": "closed"})
    assert "status=closed&amp;after=" in first.content.decode()


@pytest.mark.parametrize("boundary", ["x", "12abc", "99999999", "9" * 30])
def test_a_tampered_signal_boundary_gives_the_first_page(
    client: Any, world: World, small_pages: None, boundary: str
) -> None:
    _signals(world)
    login(client, world.users["advisor"])
    response = client.get(reverse("casework:signal_list"), {"after": boundary})
    assert response.status_code == 200
    assert [s.pk for s in response.context["page"]] == _urgency_order(world)[:SIZE]
    assert response.context["page"].reset


def test_another_municipalitys_signal_is_no_boundary(
    client: Any, world: World, small_pages: None
) -> None:
    _signals(world)
    theirs = Signal.objects.filter(municipality=world.other_municipality).latest("pk")
    login(client, world.users["advisor"])
    response = client.get(reverse("casework:signal_list"), {"before": str(theirs.pk)})
    assert response.context["page"].reset
    assert [s.pk for s in response.context["page"]] == _urgency_order(world)[:SIZE]


def test_a_signal_page_costs_the_same_wherever_it_is(
    client: Any, world: World, small_pages: None
) -> None:
    _signals(world, 20)
    login(client, world.users["advisor"])
    order = _urgency_order(world)
    url = reverse("casework:signal_list")
    client.get(url)
    counts = {}
    for place, query in {
        "first": {},
        "after": {"after": str(order[7])},
        "before": {"before": str(order[7])},
        "last": {"page": "last"},
    }.items():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, query)
        assert len(response.context["page"]) == SIZE
        assert not any("COUNT(" in q["sql"].upper() for q in queries.captured_queries)
        counts[place] = len(queries)
    assert counts["after"] == counts["before"] == counts["first"] + 1 == counts["last"] + 1


# --- the API ---------------------------------------------------------------------------------


def _api_order(world: World) -> list[int]:
    return list(
        Signal.objects.filter(municipality=world.municipality)
        .order_by("-received_at", "-pk")
        .values_list("pk", flat=True)
    )


def _api_walk(client: Any, start: str, link: str) -> list[int]:
    body = client.get(start).json()
    pages = [[s["id"] for s in body["results"]]]
    while body[link]:
        body = client.get(body[link]).json()
        pages.append([s["id"] for s in body["results"]])
    if link == "previous":
        pages.reverse()
    return [pk for ids in pages for pk in ids]


def test_the_api_pages_by_cursor_with_first_and_last_links(
    client: Any, world: World, small_pages: None
) -> None:
    _signals(world)
    login(client, world.users["advisor"])
    expected = _api_order(world)
    first = client.get(reverse("api:signal-list")).json()
    assert set(first) == {"first", "previous", "next", "last", "results"}
    assert first["previous"] is None and "cursor=" in first["next"]
    assert "count" not in first
    assert _api_walk(client, reverse("api:signal-list"), "next") == expected
    assert _api_walk(client, first["last"], "previous") == expected
    last = client.get(first["last"]).json()
    assert last["next"] is None
    assert [s["id"] for s in last["results"]] == expected[-SIZE:]
    assert client.get(last["first"]).json()["results"] == first["results"]


@pytest.mark.parametrize(
    "cursor",
    [
        "not-base64!",
        "cD1ub3QtYS1kYXRl",  # p=not-a-date
        "bz0tMQ==",  # o=-1
        "cj14",  # r=x
        "cD0yMDI2LTAxLTAx",  # p=2026-01-01: a moment without its offset
    ],
)
def test_a_tampered_cursor_is_a_bad_request(
    client: Any, world: World, small_pages: None, cursor: str
) -> None:
    _signals(world)
    login(client, world.users["advisor"])
    response = client.get(reverse("api:signal-list"), {"cursor": cursor})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    assert response.json()["invalid-params"][0]["name"] == "cursor"


def test_the_api_page_costs_the_same_wherever_it_is(
    client: Any, world: World, small_pages: None
) -> None:
    _signals(world, 20)
    login(client, world.users["advisor"])
    first = client.get(reverse("api:signal-list")).json()
    counts = []
    for url in (reverse("api:signal-list"), first["next"], first["last"]):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        assert not any("COUNT(" in q["sql"].upper() for q in queries.captured_queries)
        counts.append(len(queries))
    assert len(set(counts)) == 1
