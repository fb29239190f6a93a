"""A form of the meeting page that fails validation comes back on a page of its own, as the
case page's do (decision 0017): the meeting's heading, the one form with its error summary and
everything typed, posting to the same address, a way back to the form on the meeting page;
recorded as a read of the meeting; its queries do not grow with the agenda. With htmx, an agenda
item's form still comes back in the item, open.

The forms behind a ``<details>`` of the meeting page (an agenda item's, the attendance) open from
their own address (decision 0019, as the case page's): GET gives the empty form, only the
``<form>`` for htmx, on a page of its own without JavaScript; a read of the meeting."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samen.audit.models import AuditEntry
from samen.casework.tests.factories import World
from samen.casework.tests.test_case_page_budget import everything_on
from samen.conftest import login

pytestmark = pytest.mark.django_db


def _urls(world: World) -> dict[str, str]:
    assert world.meeting is not None and world.item is not None
    meeting = {"pk": world.meeting.pk}
    return {
        "agenda": reverse("casework:meeting_agenda", kwargs=meeting),
        "attendance": reverse("casework:meeting_attendance", kwargs=meeting),
        "item": reverse("casework:item_record", kwargs={**meeting, "item_pk": world.item.pk}),
    }


def _reads(world: World) -> int:
    assert world.meeting is not None
    return AuditEntry.objects.filter(
        action="casework.meeting.view", object_id=str(world.meeting.pk)
    ).count()


@pytest.mark.parametrize(
    ("form", "heading", "anchor"),
    [
        ("agenda", "Put a case on the agenda", "agenda-add"),
        ("item", "Record for {reference}", "agenda-item-{item}"),
    ],
)
def test_a_failed_form_comes_back_alone(
    client: Any, world: World, form: str, heading: str, anchor: str
) -> None:
    assert world.meeting is not None and world.item is not None and world.case is not None
    login(client, world.users["chair"])
    client.cookies["django_language"] = "en"
    url = _urls(world)[form]
    before = _reads(world)
    response = client.post(url, {})
    assert response.status_code == 422
    html = response.content.decode()
    title = heading.format(reference=world.case.reference)
    assert f"<h1>{title}</h1>" in html and "<title>Error:" in html
    assert "data-error-summary" in html
    assert f'action="{url}"' in html
    back = reverse("casework:meeting_detail", kwargs={"pk": world.meeting.pk})
    assert f'href="{back}#{anchor.format(item=world.item.pk)}"' in html
    # Not the meeting page: no agenda item, no other form (but the menu's logout and language).
    assert 'class="agenda-item"' not in html
    forms = re.findall(r'<form [^>]*action="([^"]+)"', html)
    assert sorted(forms) == sorted([url, "/accounts/logout/", "/i18n/setlang/"])
    assert _reads(world) == before + 1


def test_everything_typed_stays(client: Any, world: World) -> None:
    assert world.item is not None
    login(client, world.users["chair"])
    client.cookies["django_language"] = "en"
    prefix = f"record-{world.item.pk}"
    response = client.post(_urls(world)["item"], {f"{prefix}-action": "Bel de school"})
    assert response.status_code == 422
    html = response.content.decode()
    assert "Bel de school" in html
    assert "Name the organisation that owns the action." in html


def test_with_htmx_the_item_comes_back_in_place(client: Any, world: World) -> None:
    assert world.item is not None
    login(client, world.users["chair"])
    response = client.post(_urls(world)["item"], {}, HTTP_HX_REQUEST="true")
    assert response.status_code == 422
    html = response.content.decode()
    assert html.lstrip().startswith("<section") and f'id="agenda-item-{world.item.pk}"' in html


def test_with_htmx_a_failed_item_is_shown_open_with_its_form(client: Any, world: World) -> None:
    assert world.item is not None
    login(client, world.users["chair"])
    html = client.post(_urls(world)["item"], {}, HTTP_HX_REQUEST="true").content.decode()
    assert '<details class="samen-item-record" open>' in html
    assert "data-error-summary" in html and "hx-get" not in html


@pytest.mark.parametrize(
    ("form", "form_id", "heading"),
    [
        ("item", "record-{item}", "Record for {reference}"),
        ("attendance", "attendance_form", "Record attendance"),
    ],
)
def test_an_opened_form_comes_from_its_own_address(
    client: Any, world: World, form: str, form_id: str, heading: str
) -> None:
    assert world.meeting is not None and world.item is not None and world.case is not None
    login(client, world.users["chair"])
    client.cookies["django_language"] = "en"
    url = _urls(world)[form]
    page = client.get(reverse("casework:meeting_detail", kwargs={"pk": world.meeting.pk}))
    html = page.content.decode()
    # On the meeting page: a slot that htmx fills when its <details> opens, a link without.
    assert f'hx-get="{url}"' in html and f'href="{url}"' in html
    assert f'action="{url}"' not in html
    before = _reads(world)
    fragment = client.get(url, HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200 and "HX-Request" in fragment["Vary"]
    text = fragment.content.decode()
    assert text.lstrip().startswith("<form")
    assert f'id="{form_id.format(item=world.item.pk)}"' in text and f'action="{url}"' in text
    alone = client.get(url).content.decode()
    title = heading.format(reference=world.case.reference)
    assert f"<h1>{title}</h1>" in alone and f'action="{url}"' in alone
    assert "data-error-summary" not in alone
    assert _reads(world) == before + 2


def test_the_attendance_form_opens_with_who_was_present(client: Any, world: World) -> None:
    assert world.meeting is not None
    chair = world.users["chair"]
    login(client, chair)
    url = _urls(world)["attendance"]
    assert client.post(url, {"present": [chair.pk]}).status_code == 302
    html = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    checked = re.findall(r'<input [^>]*value="(\d+)"[^>]*checked', html)
    assert checked == [str(chair.pk)]


def test_the_page_is_in_dutch_by_default(client: Any, world: World) -> None:
    login(client, world.users["chair"])
    html = client.post(_urls(world)["agenda"], {}).content.decode()
    assert "Terug naar het overleg" in html and "Casus agenderen" in html


BUDGET = 13


def _count(client: Any, url: str) -> int:
    client.post(url, {})  # the session's first request settles it
    with CaptureQueriesContext(connection) as queries:
        assert client.post(url, {}).status_code == 422
    return len(queries)


def test_a_failed_form_reads_the_same_whatever_the_agenda_holds(client: Any, world: World) -> None:
    login(client, world.users["chair"])
    urls = _urls(world)
    bare = {name: _count(client, url) for name, url in urls.items() if name != "attendance"}
    everything_on(world)  # decisions, actions, notes, …
    full = {name: _count(client, url) for name, url in urls.items() if name != "attendance"}
    assert full == bare
    lock = connection.vendor == "postgresql"
    assert max(full.values()) <= BUDGET + lock, full
