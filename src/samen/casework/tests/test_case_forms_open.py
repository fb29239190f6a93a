"""The case page builds none of its forms (decision 0019): each ``<details>`` holds a place that
htmx fills from the form's own address when it opens, with a link that opens the form on a page
of its own without JavaScript. Opened, a form is empty, changes nothing, is recorded as a read
of the case, and reads the same whatever the case holds."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from samen.audit.models import AuditEntry
from samen.casework.models import Case
from samen.casework.tests.factories import World
from samen.casework.tests.test_case_page_budget import everything_on
from samen.casework.tests.test_failed_case_forms import (
    FORMS,
    expected_form_id,
    expected_title,
    reads_of,
    url_of,
)
from samen.casework.views.case_forms import CASE_FORMS
from samen.conftest import login

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


@pytest.mark.parametrize(("view", "name", "anchor"), FORMS)
def test_an_opened_form_is_empty_and_alone(
    client: Any, world: World, view: str, name: str, anchor: str
) -> None:
    case = everything_on(world)
    login(client, world.users["coordinator"])
    client.cookies["django_language"] = "en"
    url = url_of(world, case, view)
    before = reads_of(world, case)
    entries = AuditEntry.objects.count()
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    title = expected_title(name)
    with translation.override("en"):
        submit = str(CASE_FORMS[name].submit)
    # On a page of its own: the form's title, the case, the one empty form posting to the
    # address it came from, its button, and the way back.
    assert f"<title>{title} — {case.reference}" in html
    assert f"<h1>{title}</h1>" in html and f"<dd>{case.reference}</dd>" in html
    assert html.count('<form method="post" id=') == 1
    assert f'<form method="post" id="{expected_form_id(name, url)}" action="{url}"' in html
    assert f'<button type="submit">{submit}</button>' in html
    assert "data-error-summary" not in html and not page.context["form"].is_bound
    back = reverse("casework:case_detail", kwargs={"pk": case.pk}) + f"#{anchor}"
    assert f'href="{back}"' in html
    # Opening changes nothing: one entry, the read of the case.
    assert reads_of(world, case) == before + 1
    assert AuditEntry.objects.count() == entries + 1
    # Asked by htmx, only the form, the same one; the answer differs by that header.
    fragment = client.get(url, headers=HTMX)
    assert fragment.status_code == 200
    part = fragment.content.decode().strip()
    assert part.startswith("<form") and part.endswith("</form>")
    assert f'<form method="post" id="{expected_form_id(name, url)}" action="{url}"' in part
    assert "<h1>" not in part and "<html" not in part
    assert "HX-Request" in fragment["Vary"] and "HX-Request" in page["Vary"]


def slots_of(html: str) -> dict[str, str]:
    """The forms the case page offers: the id of each place, and the address it is filled
    from (the same as its link's)."""
    found = re.findall(
        r'<div id="([a-z_]+(?:-[0-9]+)?)" class="samen-form-slot" hx-get="([^"]+)" '
        r'hx-trigger="toggle once from:closest details" hx-swap="outerHTML">'
        r'<p><a href="([^"]+)">Het formulier openen<span class="visually-hidden">: ',
        html,
    )
    assert all(fetched == linked for _id, fetched, linked in found)
    return {slot: fetched for slot, fetched, _linked in found}


def test_the_case_page_offers_each_form_it_does_not_build(client: Any, world: World) -> None:
    case = everything_on(world)
    login(client, world.users["coordinator"])
    page = client.get(reverse("casework:case_detail", kwargs={"pk": case.pk}))
    html = page.content.decode()
    slots = slots_of(html)
    # Every form the coordinator may use on this case (open, closing proposed: no second
    # proposal, no reopening or reviews), by its place; each inside the <details> it opens.
    names = {slot.split("-")[0] for slot in slots}
    shown_open_or_not_now = {"decide_form", "closure_form", "reopen_form", "review_form"}
    assert names == set(CASE_FORMS) - shown_open_or_not_now
    for slot, url in slots.items():
        assert client.get(url, headers=HTMX).status_code == 200, slot
        before, _, _after = html.partition(f'<div id="{slot}"')
        assert before.rfind("<details") > before.rfind("</details>"), slot
    # The closing decision is shown open, so it is built; the forms are not.
    assert html.count('<form method="post" id=') == 0
    assert 'name="decide-decision"' in html
    assert 'name="note-text"' not in html and 'name="order-question"' not in html


def test_a_case_without_a_manager_shows_that_form_open(client: Any, world: World) -> None:
    case = world.case
    assert case is not None
    Case.objects.filter(pk=case.pk).update(case_manager=None)
    login(client, world.users["case_manager"])
    html = client.get(reverse("casework:case_detail", kwargs={"pk": case.pk})).content.decode()
    assert '<form method="post" id="manager_form"' in html
    assert "manager_form" not in slots_of(html)
    # A case with one: the form is opened on demand.
    Case.objects.filter(pk=case.pk).update(case_manager=world.users["case_manager"])
    html = client.get(reverse("casework:case_detail", kwargs={"pk": case.pk})).content.decode()
    assert '<form method="post" id="manager_form"' not in html
    assert "manager_form" in slots_of(html)


def test_a_reader_is_offered_only_the_forms_of_a_reader(client: Any, world: World) -> None:
    case = everything_on(world)
    login(client, world.users["case_table_member"])
    html = client.get(reverse("casework:case_detail", kwargs={"pk": case.pk})).content.decode()
    assert set(slots_of(html)) == {"note_form", "assessment_form", "attachment_form"}


# An opened form's queries: the request (session, user, second factor, roles), the policy
# getter, the audit entry, and the form's own choices or row; whatever the case holds.
BUDGET = 10


def test_an_opened_form_reads_the_same_whatever_the_case_holds(client: Any, world: World) -> None:
    case = world.case
    assert case is not None
    login(client, world.users["case_manager"])
    views = ("case_note", "case_add_participant", "case_intervention", "case_order")

    def counts() -> dict[str, int]:
        result = {}
        for view in views:
            url = reverse(f"casework:{view}", kwargs={"pk": case.pk})
            client.get(url, headers=HTMX)  # the session's first request settles it
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url, headers=HTMX).status_code == 200
            result[view] = len(queries)
        return result

    bare = counts()
    everything_on(world)
    full = counts()
    assert full == bare
    lock = connection.vendor == "postgresql"  # the audit chain's lock, a statement of its own
    assert max(full.values()) <= BUDGET + lock, full


def test_the_opened_case_manager_form_shows_the_case_manager(client: Any, world: World) -> None:
    case = world.case
    assert case is not None
    manager = world.users["case_manager"]
    Case.objects.filter(pk=case.pk).update(case_manager=manager)
    login(client, manager)
    html = client.get(
        reverse("casework:case_manager", kwargs={"pk": case.pk}), headers=HTMX
    ).content.decode()
    assert f'<option value="{manager.pk}" selected>' in html
