"""The case list, the meetings and "my actions" page by keyset (``views.common.page_of``), and
the API's cases by cursor: every row once forward and back, in the list's order, with the
filter kept; the last page is a seek from the other end; a tampered boundary gives the first
page (a 400 in the API)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from samen.casework import api, policy
from samen.casework.actions import meetings as meeting_actions
from samen.casework.models import Case
from samen.casework.tests.factories import World, actor_for
from samen.casework.tests.test_query_counts import grow
from samen.casework.views import common
from samen.conftest import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def grown(world: World, monkeypatch: pytest.MonkeyPatch) -> World:
    grow(world, 5)
    monkeypatch.setattr(common, "PAGE_SIZE", 2)
    return world


def _walk(client: Any, name: str, query: dict[str, str], link: str) -> list[int]:
    url = reverse(name)
    page = client.get(url, query).context["page"]
    pages = [[row.pk for row in page]]
    while getattr(page, f"has_{link}"):
        page = client.get(f"{url}?{getattr(page, f'{link}_query')}").context["page"]
        pages.append([row.pk for row in page])
    if link == "previous":
        pages.reverse()
    return [pk for ids in pages for pk in ids]


def _both_ways(client: Any, name: str, expected: list[int], **query: str) -> None:
    assert len(expected) > 4
    assert _walk(client, name, query, "next") == expected
    assert _walk(client, name, {**query, "page": "last"}, "previous") == expected


def test_the_case_list_pages_by_keyset(client: Any, grown: World) -> None:
    user = grown.users["case_table_member"]
    login(client, user)
    visible = policy.cases_visible_to(user)
    _both_ways(
        client,
        "casework:case_list",
        list(visible.order_by("-opened_at", "-pk").values_list("pk", flat=True)),
    )
    _both_ways(
        client,
        "casework:case_list",
        list(visible.open().order_by("-opened_at", "-pk").values_list("pk", flat=True)),
        phase="open",
    )
    tampered = client.get(reverse("casework:case_list"), {"after": "x1"})
    assert tampered.status_code == 200 and tampered.context["page"].reset


def test_the_meetings_and_my_actions_page_by_keyset(client: Any, grown: World) -> None:
    chair = grown.users["chair"]
    login(client, chair)
    moment = timezone.now()
    for i in range(4):  # two pairs that start at the same moment
        meeting_actions.create_meeting(
            actor_for(chair), title=f"overleg {i}", starts_at=moment, location=""
        )
    meetings = list(
        policy.meetings_visible_to(chair)
        .annotate(n=Count("agenda_items"))
        .order_by("-starts_at", "-pk")
        .values_list("pk", flat=True)
    )
    _both_ways(client, "casework:meeting_list", meetings)
    member = grown.users["case_table_member"]
    login(client, member)
    actions = list(
        policy.actions_owned_by(member)
        .order_by("status", "due_date", "pk")
        .values_list("pk", flat=True)
    )
    _both_ways(client, "casework:my_actions", actions)


def _api_walk(client: Any, url: str, link: str) -> list[int]:
    pages = []
    while url:
        body = client.get(url).json()
        pages.append([case["id"] for case in body["results"]])
        url = body[link]
    if link == "previous":
        pages.reverse()
    return [pk for ids in pages for pk in ids]


def test_the_api_pages_cases_by_cursor(
    client: Any, grown: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every case once forward and back, newest first, ties in the time opened included (the
    id breaks them); the last page is read from the other end; no page counts the cases, each
    costs the same number of queries; a tampered cursor is a 400 naming the cursor."""
    monkeypatch.setattr(api.CaseCursorPagination, "page_size", 2)
    user = grown.users["case_table_member"]
    visible = policy.cases_visible_to(user)
    # Two cases opened at the same moment.
    first_two = list(visible.order_by("pk").values_list("pk", flat=True)[:2])
    Case.objects.filter(pk__in=first_two).update(opened_at=timezone.now())
    expected = list(visible.order_by("-opened_at", "-pk").values_list("pk", flat=True))
    assert len(expected) > 4
    login(client, user)
    url = reverse("api:case-list")
    first = client.get(url).json()
    assert set(first) == {"first", "previous", "next", "last", "results"}
    assert _api_walk(client, url, "next") == expected
    assert _api_walk(client, first["last"], "previous") == expected
    counts = []
    for page in (url, first["next"], first["last"]):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(page).status_code == 200
        assert not any("COUNT(" in q["sql"].upper() for q in queries.captured_queries)
        assert not any("OFFSET" in q["sql"].upper() for q in queries.captured_queries)
        counts.append(len(queries))
    assert len(set(counts)) == 1, counts
    tampered = client.get(url, {"cursor": "cD1ub3QtYS1kYXRl"})  # p=not-a-date
    assert tampered.status_code == 400
    assert tampered.json()["invalid-params"][0]["name"] == "cursor"
