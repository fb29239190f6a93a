"""The programme in numbers keeps its counts between requests and never shows them stale (issue
16): they read only rows whose changes move the programme's generation (``samen.reports.kept``),
every change made through the services is counted on the next request, the counts are kept per
municipality and labelled in the reader's language, and a warm page does not count again."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from samen.accounts.models import User
from samen.casework.policy import programme_counted_in
from samen.casework.tests.factories import World, actor_for
from samen.conftest import login
from samen.core.generations import TOPICS, Topic
from samen.programme import queries
from samen.programme.actions import budget as budget_actions
from samen.programme.actions import network as network_actions
from samen.programme.actions import plan as plan_actions
from samen.programme.actions import trainings as training_actions
from samen.programme.models import (
    ContactPerson,
    Headcount,
    KeyFigure,
    Spending,
    TrainingParticipant,
)
from samen.programme.tests.authorization import Scene
from samen.programme.views import kept_programme_counts, programme_counts
from samen.reports import kept
from samen.reports.tests.test_account_kept import _models_read

pytestmark = pytest.mark.django_db

# Tables only the counts read (the page around them reads none of them).
COUNTED = ("programme_trainingparticipant", "programme_headcount", "programme_spending")


def _fresh(user: User) -> queries.ProgrammeCounts:
    return programme_counts(User.objects.get(pk=user.pk))


def _counted_now(user: User) -> queries.ProgrammeCounts:
    """What the page counts now, and that it is what counting anew gives."""
    shown = kept_programme_counts(user)
    assert shown == _fresh(user)
    return shown


def test_the_counts_read_only_rows_whose_changes_move_the_programme(
    world: World, programme: Scene
) -> None:
    """A count that reads a model without a hook (or hooked under another kind of data) would
    be kept past a change of it."""
    analyst = world.users["analyst"]
    assert analyst.capabilities and analyst.organisation  # what every request reads first
    read = _models_read(lambda: programme_counts(analyst))
    assert {TrainingParticipant, Headcount, Spending, ContactPerson, KeyFigure} <= read
    assert read <= set(kept.HOOKS), read - set(kept.HOOKS)
    # Each moves the programme's generation, or (a row counted everywhere) the installation's,
    # which is in every key.
    moving = {m for m in read if Topic.PROGRAMME in getattr(kept.HOOKS[m], "topics", TOPICS)}
    assert moving == read, read - moving


def test_every_change_through_the_services_is_counted_on_the_next_request(
    world: World, programme: Scene
) -> None:
    analyst, chair = world.users["analyst"], actor_for(world.users["chair"])
    year = timezone.localdate().year
    before = _counted_now(analyst)
    assert _counted_now(analyst) == before  # kept, and still the same

    training_actions.register_participant(
        chair, programme.session, name="Nieuwe deelnemer", email="", organisation=world.police
    )
    training_actions.add_headcount(chair, programme.session, count=4, organisation=world.youth)
    trained = _counted_now(analyst).trainings[year]["people"]
    assert trained == before.trainings[year]["people"] + 5

    training_actions.save_event(
        chair, None, kind="other", title="Buurtavond", held_on=timezone.localdate(), attendance=30
    )
    assert _counted_now(analyst).events[year]["n"] == before.events[year]["n"] + 1
    training_actions.record_delivery(
        chair,
        programme.outreach,
        school="De Brug",
        held_on=timezone.localdate(),
        classes=2,
        pupils=41,
        parents=3,
        professionals=2,
    )
    assert _counted_now(analyst).outreach[year]["pupils"] == 41

    plan_actions.report_progress(
        chair, programme.action, on=timezone.localdate(), text="Gestart", status="under_way"
    )
    assert _counted_now(analyst).statuses["under_way"] == before.statuses["under_way"] + 1

    budget_actions.add_spending(
        chair, programme.line, spent_on=timezone.localdate(), amount=Decimal(1), description="Zaal"
    )
    assert _counted_now(analyst).budget.total.spent == before.budget.total.spent + 1
    plan_actions.save_theme(chair, programme.plan, programme.theme, title="Opvoeding en school")
    assert [row.theme for row in _counted_now(analyst).budget.rows] == ["Opvoeding en school"]

    network_actions.save_contact_person(
        chair, None, organisation=world.police, name="Tweede wijkagent", designated_officer=True
    )
    assert _counted_now(analyst).network["officers"] == before.network["officers"] + 1
    network_actions.save_contact_person(chair, programme.contact, left_on=timezone.localdate())
    assert _counted_now(analyst).network["contacts"] == before.network["contacts"]
    network_actions.save_key_figure(
        chair,
        None,
        name="Tweede sleutelfiguur",
        consent_given_on=date(2025, 6, 1),
        consent_scope="netwerk",
    )
    assert _counted_now(analyst).network["key_figures"] == before.network["key_figures"] + 1
    network_actions.withdraw_consent(chair, programme.key_figure)
    assert _counted_now(analyst).network["key_figures"] == before.network["key_figures"]


def test_a_warm_page_does_not_count_again(client: Any, world: World, programme: Scene) -> None:
    login(client, world.users["analyst"])
    cold = client.get(reverse("programme:numbers"))
    with CaptureQueriesContext(connection) as queries_run:
        warm = client.get(reverse("programme:numbers"))
    assert warm.status_code == cold.status_code == 200
    assert warm.context["numbers"] == cold.context["numbers"]
    read = " ".join(query["sql"] for query in queries_run.captured_queries)
    assert not [table for table in COUNTED if table in read]
    # The export counts from the same kept counts.
    with CaptureQueriesContext(connection) as queries_run:
        assert client.get(reverse("programme:numbers"), {"format": "csv"}).status_code == 200
    read = " ".join(query["sql"] for query in queries_run.captured_queries)
    assert not [table for table in COUNTED if table in read]


def test_the_counts_are_kept_per_municipality_in_no_language(
    client: Any, world: World, programme: Scene
) -> None:
    """The coordinator and the analyst count the same municipality (one kept value); the
    labels are the reader's: the plan as a whole (a budget line without a theme) in Dutch, then
    in English, from the same kept counts."""
    analyst, coordinator = world.users["analyst"], world.users["chair"]
    assert programme_counted_in(analyst) == programme_counted_in(coordinator) is not None
    budget_actions.save_budget_line(
        actor_for(coordinator),
        programme.plan,
        None,
        year=timezone.localdate().year,
        theme=None,
        title="Coördinatie",
        source="own",
        amount=Decimal(300),
    )
    login(client, coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    dutch = client.get(reverse("programme:numbers"))
    login(client, analyst)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with CaptureQueriesContext(connection) as queries_run:
        english = client.get(reverse("programme:numbers"))
    read = " ".join(query["sql"] for query in queries_run.captured_queries)
    assert not [table for table in COUNTED if table in read]  # the coordinator's, kept
    assert "Het plan als geheel" in dutch.content.decode()
    assert "The plan as a whole" in english.content.decode()
    assert "Het plan als geheel" not in english.content.decode()
    # Nobody else's: the other municipality's coordinator counts their own programme (none),
    # not the value kept for this one.
    elsewhere = world.users["elsewhere"]
    assert programme_counted_in(elsewhere) not in (None, programme_counted_in(analyst))
    assert _counted_now(elsewhere) != _counted_now(analyst)
    assert _counted_now(elsewhere).budget.rows == []


def test_the_same_counts_on_another_day_are_counted_anew(
    world: World, programme: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A kept value is for its own local date: the next day counts again (and finds the same)."""
    analyst = world.users["analyst"]
    first = _counted_now(analyst)
    later = timezone.now() + timedelta(days=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    with CaptureQueriesContext(connection) as queries_run:
        assert kept_programme_counts(analyst) == first
    read = " ".join(query["sql"] for query in queries_run.captured_queries)
    assert "programme_trainingparticipant" in read
