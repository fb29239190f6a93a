"""The retention preview keeps the categories of ``retention.KEPT_TOPICS`` between requests and
never shows them stale (issue 16): they read only rows whose changes move their kind of data in
the municipality they are scoped by, every change made through the services is on the next
preview, and a warm preview does not count them again."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from samen.casework.actions import cases as case_actions
from samen.casework.models import Case, LegalHold
from samen.casework.tests.factories import World, actor_for
from samen.conftest import login
from samen.core.generations import TOPICS
from samen.privacy import retention
from samen.privacy.tests.test_retention import backdate_closure, close
from samen.programme.actions import network as network_actions
from samen.reports import kept
from samen.reports.tests.test_account_kept import _models_read

pytestmark = pytest.mark.django_db

# Tables only the kept categories read (the persons, the holds and the audit log are read on
# every request).
KEPT_TABLES = ("casework_attachment", "programme_contactperson", "programme_keyfigure")


def _fresh(municipality_id: int) -> list[retention.DueCategory]:
    horizon = timezone.localdate() + timedelta(days=retention.PREVIEW_DAYS)
    terms = retention.Terms.from_settings()
    return [retention._first(kind, horizon, terms, municipality_id) for kind in retention.KINDS]


def _shown(municipality_id: int) -> dict[str, list[str]]:
    """The preview's categories by slug (their items' labels), after checking that they are
    those computed anew."""
    categories = retention.preview(municipality_id)["categories"]
    assert categories == _fresh(municipality_id)
    return {category.slug: [item.label for item in category.items] for category in categories}


def test_the_kept_categories_read_only_rows_whose_changes_move_their_kind(world: World) -> None:
    m = world.municipality.pk
    horizon = timezone.localdate() + timedelta(days=retention.PREVIEW_DAYS)
    terms = retention.Terms.from_settings()
    assert set(retention.KEPT_TOPICS) < {kind.slug for kind in retention.KINDS}
    for kind in retention.KINDS:
        topic = retention.KEPT_TOPICS.get(kind.slug)
        if topic is None:
            continue
        read = _models_read(lambda kind=kind: retention._first(kind, horizon, terms, m))
        assert read <= set(kept.HOOKS), (kind.slug, read - set(kept.HOOKS))
        moving = {model for model in read if topic in getattr(kept.HOOKS[model], "topics", TOPICS)}
        assert moving == read, (kind.slug, read - moving)


def test_every_change_through_the_services_is_on_the_next_preview(world: World) -> None:
    assert world.case is not None and world.attachment is not None
    m, chair = world.municipality.pk, actor_for(world.users["chair"])
    close(world, world.case)
    backdate_closure(world.case, days_ago=5 * 365 - 10)
    case = Case.objects.get(pk=world.case.pk)
    first = _shown(m)
    assert first["cases"] == [case.reference]
    assert _shown(m) == first  # kept, and the same

    # A hold keeps the case and its attachments; lifting it lets them go again.
    hold = case_actions.set_hold(chair, case, reason="klacht")
    held = _shown(m)
    assert held["cases"] == [] and held["attachments"] == []
    case_actions.lift_hold(chair, LegalHold.objects.get(pk=hold.pk), reason="afgehandeld")
    assert _shown(m) == first

    # A contact person who left the network long ago, a key figure whose own term has passed.
    network_actions.save_contact_person(
        chair, None, organisation=world.police, name="Oud-wijkagent", left_on=date(2020, 1, 1)
    )
    assert len(_shown(m)["contacts"]) == len(first["contacts"]) + 1
    network_actions.save_key_figure(
        chair,
        None,
        name="Vroegere sleutelfiguur",
        consent_given_on=date(2020, 1, 1),
        consent_scope="netwerk",
    )
    assert len(_shown(m)["key_figures"]) == len(first["key_figures"]) + 1

    # Reopened, the case is no longer closed: nothing of it is due.
    case_actions.reopen_case(chair, case, to_phase="plan", reason="nieuwe zorgen")
    reopened = _shown(m)
    assert reopened["cases"] == [] and reopened["attachments"] == []


def test_a_warm_preview_does_not_count_the_kept_categories_again(client: Any, world: World) -> None:
    assert world.case is not None
    close(world, world.case)
    backdate_closure(world.case, days_ago=5 * 365 - 10)
    login(client, world.users["dpo"])
    cold = client.get(reverse("privacy:retention"))
    with CaptureQueriesContext(connection) as queries:
        warm = client.get(reverse("privacy:retention"))
    assert warm.status_code == cold.status_code == 200
    assert warm.context["categories"] == cold.context["categories"]
    assert world.case.reference in warm.content.decode()
    read = " ".join(query["sql"] for query in queries.captured_queries)
    assert not [table for table in KEPT_TABLES if table in read]
    assert "casework_person" in read  # counted on every request


def test_the_next_day_counts_anew(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    """A kept value is for its own local date (and horizon)."""
    m = world.municipality.pk
    _shown(m)
    later = timezone.now() + timedelta(days=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    with CaptureQueriesContext(connection) as queries:
        retention.preview(m)
    read = " ".join(query["sql"] for query in queries.captured_queries)
    assert "casework_attachment" in read


def test_a_page_of_a_kept_category_is_kept_per_page_and_never_stale(
    client: Any, world: World
) -> None:
    """The full list of a kept category, a page at a time: each page asked is kept on its own
    (page 1 and a page past the end are different values), a warm page reads none of the
    category's rows, and a change through the services is on the next page."""
    assert world.case is not None
    chair = actor_for(world.users["chair"])
    close(world, world.case)
    backdate_closure(world.case, days_ago=5 * 365 - 10)
    case = Case.objects.get(pk=world.case.pk)
    login(client, world.users["dpo"])
    url = reverse("privacy:retention_due", args=["cases"])
    cold = client.get(url, {"page": 1})
    assert [item.label for item in cold.context["items"]] == [case.reference]
    with CaptureQueriesContext(connection) as queries:
        warm = client.get(url, {"page": 1})
    assert warm.context["items"] == cold.context["items"]
    assert warm.context["page"].paginator.count == 1
    assert "casework_phasechange" not in " ".join(q["sql"] for q in queries.captured_queries)
    # Past the end: the last page, kept under the number asked, not in place of page 1.
    beyond = client.get(url, {"page": 7})
    assert beyond.context["page"].number == 1
    assert beyond.context["items"] == cold.context["items"]
    # Another municipality's chair gets their own municipality's page, not the one kept here.
    login(client, world.users["elsewhere"])
    assert client.get(url, {"page": 1}).context["items"] == []

    login(client, world.users["dpo"])
    case_actions.set_hold(chair, case, reason="klacht")
    for page in (1, 7):
        held = client.get(url, {"page": page})
        assert held.context["items"] == [] and held.context["page"].paginator.count == 0
