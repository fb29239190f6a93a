"""Who is trained keeps its counts between requests and never shows them stale (issue 16): the
counts read only rows whose changes move the programme's generation, a warm page does not count
again, a change made through the services shows on the next request, the kept rows hold no
name (the names of the officers not trained yet are read for each request), and each reader
gets the counts of what they may read."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samen.accounts.models import User
from samen.casework.tests.factories import World, actor_for
from samen.conftest import login
from samen.core.generations import TOPICS, Topic
from samen.programme.actions import network as network_actions
from samen.programme.actions import trainings as training_actions
from samen.programme.models import ContactPerson, TrainingParticipant
from samen.programme.tests.authorization import Scene
from samen.programme.views import kept_trained_counts, trained_counts
from samen.reports import kept
from samen.reports.tests.test_account_kept import _models_read

pytestmark = pytest.mark.django_db


def _shown(user: User) -> list[Any]:
    """What the page counts now, and that it is what counting anew gives."""
    rows = kept_trained_counts(user)
    assert rows == trained_counts(User.objects.get(pk=user.pk))
    return rows


def test_the_counts_read_only_rows_whose_changes_move_the_programme(
    world: World, programme: Scene
) -> None:
    chair = world.users["chair"]
    assert chair.capabilities and chair.organisation  # what every request reads first
    read = _models_read(lambda: trained_counts(chair))
    assert {TrainingParticipant, ContactPerson} <= read
    assert read <= set(kept.HOOKS), read - set(kept.HOOKS)
    moving = {m for m in read if Topic.PROGRAMME in getattr(kept.HOOKS[m], "topics", TOPICS)}
    assert moving == read, read - moving


def test_the_kept_rows_hold_keys_and_the_page_reads_the_names(
    client: Any, world: World, programme: Scene
) -> None:
    chair = world.users["chair"]
    (police,) = [r for r in _shown(chair) if r.organisation == "Politie"]
    assert police.untrained_pks == [programme.contact.pk]
    assert police.untrained_officers == []  # no name is kept
    login(client, chair)
    client.get(reverse("programme:trained"))
    with CaptureQueriesContext(connection) as warm:
        page = client.get(reverse("programme:trained"))
    read = " ".join(q["sql"] for q in warm.captured_queries)
    assert "programme_trainingparticipant" not in read  # not counted again
    (row,) = [r for r in page.context["rows"] if r.organisation == "Politie"]
    assert [o.name for o in row.untrained_officers] == ["Wijkagent Matrix"]


def test_every_change_through_the_services_shows_on_the_next_request(
    world: World, programme: Scene
) -> None:
    chair, actor = world.users["chair"], actor_for(world.users["chair"])
    before = _shown(chair)
    assert _shown(chair) == before
    officer = network_actions.save_contact_person(
        actor, None, organisation=world.youth, name="Jeugdwerker Matrix", designated_officer=True
    )
    (youth,) = [r for r in _shown(chair) if r.organisation == world.youth.name]
    assert officer.pk in youth.untrained_pks
    training_actions.register_participant(
        actor, programme.session, name="jeugdwerker matrix", email="", organisation=world.youth
    )
    (youth,) = [r for r in _shown(chair) if r.organisation == world.youth.name]
    assert officer.pk not in youth.untrained_pks and youth.named >= 1
    training_actions.add_headcount(actor, programme.session, count=7, organisation=world.youth)
    (youth,) = [r for r in _shown(chair) if r.organisation == world.youth.name]
    assert youth.counted >= 7
    network_actions.save_contact_person(actor, officer, left_on=programme.session.starts_on)
    (youth,) = [r for r in _shown(chair) if r.organisation == world.youth.name]
    assert officer.pk not in youth.untrained_pks


def test_each_reader_gets_the_counts_of_what_they_may_read(world: World, programme: Scene) -> None:
    chair, elsewhere = world.users["chair"], world.users["elsewhere"]
    assert _shown(chair) and _shown(elsewhere) != _shown(chair)
    assert all(not row.untrained_pks for row in _shown(elsewhere))
