"""The audit log pages by keyset (``samen.core.pagination``): newer and older links carry a
boundary id, the first and last pages are seeks from either end, filters are kept, a tampered
boundary gives the first page, and a page costs the same number of queries wherever it is."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from html import unescape
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from samen.audit.models import AuditEntry
from samen.audit.services import append_entries
from samen.casework.tests.factories import World
from samen.conftest import login
from samen.privacy import views

pytestmark = pytest.mark.django_db

SIZE = 4


@pytest.fixture
def small_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(views, "AUDIT_LOG_PAGE_SIZE", SIZE)


def _entries(world: World, n: int, action: str, municipality_id: int | None) -> list[int]:
    """``n`` entries that all share one timestamp (ties in time); their ids, newest first."""
    moment = timezone.now()
    append_entries(
        AuditEntry(
            timestamp=moment,
            action=action,
            user_label="chair",
            object_label=f"entry {i}",
            outcome=AuditEntry.Outcome.ALLOWED,
            municipality_id=municipality_id,
        )
        for i in range(n)
    )
    return list(
        AuditEntry.objects.filter(action=action, municipality_id=municipality_id)
        .order_by("-id")
        .values_list("id", flat=True)
    )


def _ids(response: Any) -> list[int]:
    return [entry.pk for entry in response.context["page"]]


def _walk(client: Any, start: dict[str, str], link: str) -> list[int]:
    """Follow the page's ``link`` (next or previous) from ``start`` to the end; the ids seen."""
    url = reverse("audit:log")
    response = client.get(url, start)
    pages = [_ids(response)]
    page = response.context["page"]
    while getattr(page, f"has_{link}"):
        response = client.get(f"{url}?{getattr(page, f'{link}_query')}")
        assert response.status_code == 200
        page = response.context["page"]
        pages.append(_ids(response))
    if link == "previous":
        pages.reverse()
    return [pk for ids in pages for pk in ids]


def test_paging_both_ways_shows_every_entry_once(
    client: Any, world: World, small_pages: None
) -> None:
    ours = _entries(world, 3 * SIZE + 2, "casework.case.view", world.municipality.pk)
    _entries(world, 5, "casework.case.view", world.other_municipality.pk)
    login(client, world.users["dpo"])
    query = {"action": "casework.case.view"}
    assert _walk(client, query, "next") == ours
    assert _walk(client, {**query, "page": "last"}, "previous") == ours


def test_a_date_range_pages_by_time_both_ways(client: Any, world: World, small_pages: None) -> None:
    """With a date filter the log is read in time order (index audit_timestamp_id): entries
    loaded in bulk with times out of id order appear at their time; ties in time by id; every
    entry in the range once, whichever way it is walked, and none outside it."""
    day = timezone.localdate() - timedelta(days=400)
    noon = timezone.make_aware(datetime.combine(day, time(12)))
    # Written in this order: ids rise, times do not (three share one moment).
    offsets = [5, -3, 0, 9, 0, -7, 2, 0, 11, -1, 4]
    append_entries(
        AuditEntry(
            timestamp=noon + timedelta(minutes=m),
            action="casework.case.view",
            user_label="chair",
            object_label=f"dated {i}",
            outcome=AuditEntry.Outcome.ALLOWED,
            municipality_id=world.municipality.pk,
        )
        for i, m in enumerate(offsets)
    )
    # The days around it, inside and outside the range.
    for moment, label in (
        (noon - timedelta(days=2), "before"),
        (noon + timedelta(days=2), "after"),
    ):
        append_entries(
            [
                AuditEntry(
                    timestamp=moment,
                    action="casework.case.view",
                    user_label="chair",
                    object_label=label,
                    outcome=AuditEntry.Outcome.ALLOWED,
                    municipality_id=world.municipality.pk,
                )
            ]
        )
    dated = AuditEntry.objects.filter(object_label__startswith="dated ")
    expected = list(dated.order_by("-timestamp", "-id").values_list("id", flat=True))
    assert expected != list(dated.order_by("-id").values_list("id", flat=True))
    login(client, world.users["dpo"])
    query = {"since": day.isoformat(), "until": day.isoformat()}
    assert _walk(client, query, "next") == expected
    assert _walk(client, {**query, "page": "last"}, "previous") == expected
    wider = {"since": (day - timedelta(days=3)).isoformat(), "until": day.isoformat()}
    seen = _walk(client, wider, "next")
    labels = dict(AuditEntry.objects.filter(pk__in=seen).values_list("pk", "object_label"))
    assert sorted(labels.values()) == sorted(["before", *(f"dated {i}" for i in range(11))])


def test_the_first_and_last_pages_and_the_links(
    client: Any, world: World, small_pages: None
) -> None:
    ours = _entries(world, 3 * SIZE, "casework.case.view", world.municipality.pk)
    login(client, world.users["dpo"])
    client.cookies["django_language"] = "en"
    url = reverse("audit:log")
    first = client.get(url, {"action": "casework.case.view"})
    assert _ids(first) == ours[:SIZE]
    html = first.content.decode()
    nav = re.search(r'<nav class="utrecht-pagination[^>]*aria-label="Pages">.*?</nav>', html, re.S)
    assert nav is not None
    links = dict(
        (text, unescape(href))
        for href, text in re.findall(r'href="\?([^"]*)"[^>]*>([^<]+)</a>', nav.group())
    )
    assert set(links) == {"Next", "Last page"}
    assert links["Next"] == f"action=casework.case.view&after={ours[SIZE - 1]}"
    assert 'aria-current="page">First page: entries of' in html
    last = client.get(f"{url}?{links['Last page']}")
    assert _ids(last) == ours[-SIZE:]
    assert last.context["page"].is_last and last.context["page"].has_previous
    middle = client.get(url, {"action": "casework.case.view", "before": str(ours[-SIZE])})
    assert _ids(middle) == ours[SIZE : 2 * SIZE]
    # A "newer" page that reaches the start is the first page, short: paging back shows every
    # entry once.
    near_start = client.get(url, {"action": "casework.case.view", "before": str(ours[1])})
    assert _ids(near_start) == ours[:1] and near_start.context["page"].is_first


@pytest.mark.parametrize(
    "tampered",
    [
        {"after": "abc"},
        {"after": "-1"},
        {"before": "1e9"},
        {"after": "9" * 40},
        {"after": "٣"},
        {"before": ""},
        {"after": "999999999"},
    ],
)
def test_a_tampered_boundary_gives_the_first_page(
    client: Any, world: World, small_pages: None, tampered: dict[str, str]
) -> None:
    ours = _entries(world, SIZE + 1, "casework.case.view", world.municipality.pk)
    login(client, world.users["dpo"])
    client.cookies["django_language"] = "en"
    response = client.get(reverse("audit:log"), {"action": "casework.case.view", **tampered})
    assert response.status_code == 200
    assert _ids(response) == ours[:SIZE]
    assert "the first page is shown" in response.content.decode()


def test_another_municipalitys_entry_is_no_boundary(
    client: Any, world: World, small_pages: None
) -> None:
    ours = _entries(world, SIZE + 1, "casework.case.view", world.municipality.pk)
    theirs = _entries(world, SIZE + 1, "casework.case.view", world.other_municipality.pk)
    login(client, world.users["dpo"])
    response = client.get(reverse("audit:log"), {"after": str(theirs[0])})
    assert response.context["page"].reset
    assert not set(_ids(response)) & set(theirs)
    assert ours[0] in _ids(response)


def test_a_page_costs_the_same_wherever_it_is(client: Any, world: World, small_pages: None) -> None:
    ours = _entries(world, 60, "casework.case.view", world.municipality.pk)
    login(client, world.users["dpo"])
    client.get(reverse("audit:log"))  # warm the session and the caches
    counts = {}
    for place, query in {
        "first": {},
        "after": {"after": str(ours[30])},
        "before": {"before": str(ours[30])},
        "last": {"page": "last"},
    }.items():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("audit:log"), {"action": "casework.case.view", **query})
        assert len(_ids(response)) == SIZE
        counts[place] = len(queries)
    # The boundary's key is the one query more; none of them counts the log.
    assert counts["after"] == counts["before"] == counts["first"] + 1 == counts["last"] + 1
    assert not any("COUNT(" in q["sql"].upper() for q in queries.captured_queries)
