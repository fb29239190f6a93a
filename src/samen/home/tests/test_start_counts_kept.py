"""The start page's casework counts are kept between requests and never stale (issue 16):
they read only rows whose changes move a generation (``samen.reports.kept``), every change
made through the services is on the next start page, a kept value is only for its own user,
sight and date, and a warm start page does not count again."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from samen.accounts.models import Organisation, User
from samen.casework.actions import cases as case_actions
from samen.casework.actions import meetings as meeting_actions
from samen.casework.actions import transfer as transfer_actions
from samen.casework.models import Action, CaseParticipation, Referral
from samen.casework.tests.factories import World, actor_for, referred_signal
from samen.conftest import login
from samen.core import generations
from samen.core.generations import TOPICS, Topic
from samen.home.views import casework_counts, kept_casework_counts, programme_counts
from samen.programme.actions import budget as budget_actions
from samen.programme.actions import plan as plan_actions
from samen.programme.tests.authorization import scene as programme_scene
from samen.reports import account as acc
from samen.reports import kept
from samen.reports.statistics import raw_statistics
from samen.reports.tests.test_account_kept import _models_read

pytestmark = pytest.mark.django_db

# Users with a casework role, of the municipality, of partners and of the other municipality.
CASEWORK = ("chair", "case_manager", "case_table_member", "youthcare", "outsider", "elsewhere")


def _shown(client: Any) -> dict[str, int]:
    page = client.get(reverse("dashboard"))
    assert page.status_code == 200
    return {key: page.context[key] for key in KEYS}


KEYS = ("referrals_to_decide", "cases_open", "actions_overdue", "reviews_due")


def _fresh(user: User) -> dict[str, int]:
    user = User.objects.get(pk=user.pk)  # its roles and organisation as stored now
    return casework_counts(user)


def test_the_counts_read_only_rows_whose_changes_move_a_generation(world: World) -> None:
    """A count that reads a model without a hook would be kept past a change of it."""
    read: set[Any] = set()
    for name in CASEWORK:
        user = world.users[name]
        # What every request reads before the view (the floor page), read first.
        assert user.capabilities and user.organisation and user.municipality_ids
        read |= _models_read(lambda user=user: casework_counts(user))
    assert read <= set(kept.HOOKS), read - set(kept.HOOKS)
    assert CaseParticipation in read  # who takes part decides who sees a case
    # Kept under the generations of the cases alone: each model read moves them.
    assert {m for m in read if Topic.CASES not in _topics(m)} == set()
    chair = world.users["chair"]
    programme_scene(world)
    read = _models_read(lambda: programme_counts(chair, timezone.localdate()))
    assert read <= set(kept.HOOKS), read - set(kept.HOOKS)
    assert {m for m in read if Topic.PROGRAMME not in _topics(m)} == set()


def _topics(model: Any) -> tuple[Topic, ...]:
    """The kinds of data whose generations a change of the model moves (a row counted
    everywhere moves the installation's, which is in every key)."""
    return getattr(kept.HOOKS[model], "topics", TOPICS)


def test_no_kept_count_reads_a_field_whose_change_moves_nothing(world: World) -> None:
    """``Under.ignored``: a save of only those fields moves no generation, so no kept count
    may read them."""
    assert world.case is not None
    m = world.municipality.pk
    year = acc.reporting_year(timezone.localdate().year, 1)
    programme_scene(world)
    with CaptureQueriesContext(connection) as queries:
        acc.year_counts(m, year)
        acc._year_totals(m, [year])
        raw_statistics(m, year.year)
        for name in CASEWORK:
            casework_counts(world.users[name])
        programme_counts(world.users["chair"], timezone.localdate())
    read = " ".join(query["sql"] for query in queries.captured_queries)
    ignored = [
        (model, name) for model, hook in kept.HOOKS.items() for name in getattr(hook, "ignored", ())
    ]
    assert ignored
    for model, name in ignored:
        column = model._meta.get_field(name).column
        assert f'"{column}"' not in read, (model, name)

    # And such a save indeed moves nothing: a new case manager.
    before = generations.numbers([m])
    case_actions.set_case_manager(
        actor_for(world.users["chair"]), world.case, manager=world.users["case_manager"]
    )
    assert generations.numbers([m]) == before


def test_a_change_of_another_kind_of_data_keeps_the_counts(client: Any, world: World) -> None:
    """The attendance of a meeting is counted in the yearly account, not on the start page:
    recording it moves the meetings' generation, and the start page's counts stay kept."""
    assert world.meeting is not None
    m = world.municipality.pk
    chair = world.users["chair"]
    login(client, chair)
    _same_as_fresh(client, chair)
    cases, meetings = (generations.numbers([m], (t,)) for t in (Topic.CASES, Topic.MEETINGS))
    meeting_actions.record_attendance(actor_for(chair), world.meeting, present=[chair])
    assert generations.numbers([m], (Topic.CASES,)) == cases
    assert generations.numbers([m], (Topic.MEETINGS,)) != meetings
    with CaptureQueriesContext(connection) as queries:
        _shown(client)
    assert "casework_caseparticipation" not in " ".join(q["sql"] for q in queries.captured_queries)


def test_a_warm_start_page_does_not_count_again(client: Any, world: World) -> None:
    user = world.users["case_manager"]
    login(client, user)
    cold = _shown(client)
    with CaptureQueriesContext(connection) as queries:
        warm = _shown(client)
    assert warm == cold == _fresh(user)
    assert cold["cases_open"] == 1
    read = " ".join(query["sql"] for query in queries.captured_queries)
    assert "casework_caseparticipation" not in read
    assert "casework_review" not in read
    assert "casework_action" not in read


def _same_as_fresh(client: Any, user: User) -> dict[str, int]:
    shown = _shown(client)
    assert shown == _fresh(user)
    return shown


def test_every_change_through_the_services_is_on_the_next_start_page(
    client: Any, world: World
) -> None:
    assert world.case is not None and world.item is not None
    member, chair = world.users["case_table_member"], world.users["chair"]
    login(client, member)
    before = _same_as_fresh(client, member)
    assert before["cases_open"] == 1 and before["actions_overdue"] == 0

    # An action for the member's organisation, past its due date.
    action = meeting_actions.record_action(
        actor_for(chair),
        world.item,
        description="Huisbezoek",
        owner=world.police,
        due_date=timezone.localdate() - timedelta(days=1),
    )
    assert _same_as_fresh(client, member)["actions_overdue"] == 1
    meeting_actions.complete_action(actor_for(chair), action)
    assert _same_as_fresh(client, member)["actions_overdue"] == 0

    # The member's organisation no longer takes part: the case is out of sight.
    participation = world.case.participations.current().get(organisation=world.police)
    case_actions.remove_participant(actor_for(chair), participation, reason="klaar")
    assert _same_as_fresh(client, member)["cases_open"] == 0
    case_actions.add_participant(
        actor_for(chair), world.case, organisation=world.police, reason="weer nodig"
    )
    assert _same_as_fresh(client, member)["cases_open"] == 1

    # A referral to the outsider's organisation, then its decision.
    outsider = world.users["outsider"]
    client.logout()
    login(client, outsider)
    assert _same_as_fresh(client, outsider)["referrals_to_decide"] == 0
    referral = referred_signal(world)
    assert _same_as_fresh(client, outsider)["referrals_to_decide"] == 1
    Referral.objects.get(pk=referral.pk).save()  # a save of any kind is a change
    referral.status = Referral.Status.DECLINED
    referral.save()
    assert _same_as_fresh(client, outsider)["referrals_to_decide"] == 0

    # Closing the case: no longer open, and its aftercare reviews fall due.
    client.logout()
    login(client, chair)
    open_before = _same_as_fresh(client, chair)
    case_actions.request_closure(
        actor_for(world.users["case_manager"]),
        world.case,
        closing_reason="regular_care",
        explanation="Gaat naar reguliere zorg",
    )
    case_actions.decide_closure(actor_for(chair), world.case, approve=True)
    closed = _same_as_fresh(client, chair)
    assert closed["cases_open"] == open_before["cases_open"] - 1
    assert closed != open_before


def test_a_kept_value_is_for_its_own_sight(client: Any, world: World) -> None:
    """What the user may see is in the key: an organisation whose covenant is withdrawn sees no
    case at once, although no row the counts read changed (no generation moved)."""
    manager = world.users["case_manager"]
    login(client, manager)
    assert _same_as_fresh(client, manager)["cases_open"] == 1
    generation = generations.numbers([world.municipality.pk])
    Organisation.objects.filter(pk=world.municipality.pk).update(covenant_signed=False)
    assert generations.numbers([world.municipality.pk]) == generation
    assert _same_as_fresh(client, manager)["cases_open"] == 0


def test_the_same_data_on_another_day_is_counted_anew(
    client: Any, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An action due tomorrow is overdue the day after, without any write in between."""
    assert world.item is not None
    member = world.users["case_table_member"]
    meeting_actions.record_action(
        actor_for(world.users["chair"]),
        world.item,
        description="Gesprek",
        owner=world.police,
        due_date=timezone.localdate() + timedelta(days=1),
    )
    login(client, member)
    assert _same_as_fresh(client, member)["actions_overdue"] == 0
    assert kept_casework_counts(member)["actions_overdue"] == 0  # kept
    generation = generations.numbers([world.municipality.pk])
    later = timezone.now() + timedelta(days=2)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert kept_casework_counts(member)["actions_overdue"] == 1
    assert kept_casework_counts(member) == _fresh(member)
    assert generations.numbers([world.municipality.pk]) == generation


def test_after_a_transfer_an_action_moves_both_municipalities(world: World) -> None:
    """The action's agenda item stays with the meeting of the sending municipality; the case
    goes to the receiving one, whose start pages count the action."""
    assert world.case is not None and world.item is not None
    here, there = world.municipality.pk, world.other_municipality.pk
    action = meeting_actions.record_action(
        actor_for(world.users["chair"]),
        world.item,
        description="Overdracht voorbereiden",
        owner=world.police,
        due_date=timezone.localdate(),
    )
    Organisation.objects.filter(pk=there).update(covenant_signed=True)
    world.other_municipality.refresh_from_db()
    transfer = transfer_actions.propose_transfer(
        actor_for(world.users["chair"]),
        world.case,
        to_municipality=world.other_municipality,
        reason="verhuisd",
    )
    transfer_actions.decide_transfer(
        actor_for(world.users["elsewhere"]), transfer, accept=True, reason="ja"
    )
    action = Action.objects.get(pk=action.pk)
    assert kept.HOOKS[Action].municipalities(action) == {here, there}
    before = {m: generations.numbers([m], (Topic.CASES,))[1] for m in (here, there)}
    meeting_actions.complete_action(actor_for(world.users["chair"]), action)
    assert all(generations.numbers([m], (Topic.CASES,))[1] != before[m] for m in (here, there))


PROGRAMME = ("programme_due", "programme_overdue", "programme_budget")


def _programme_shown(client: Any, user: User) -> dict[str, Any]:
    page = client.get(reverse("dashboard"))
    shown = {key: page.context[key] for key in PROGRAMME}
    assert shown == programme_counts(User.objects.get(pk=user.pk), timezone.localdate())
    return shown


def test_the_programme_counts_are_kept_and_never_stale(client: Any, world: World) -> None:
    """Actions due and overdue, and the budget of the year: a new action, a changed one, a new
    line and money spent are each on the next start page."""
    scene = programme_scene(world)
    chair = world.users["chair"]
    actor = actor_for(chair)
    login(client, chair)
    first = _programme_shown(client, chair)
    assert _programme_shown(client, chair) == first  # kept
    assert first["programme_due"] == 1 and first["programme_overdue"] == 0
    today = timezone.localdate()

    plan_actions.save_action(
        actor,
        scene.theme,
        None,
        title="Te laat",
        lead_organisation=world.youth,
        planned_end=today - timedelta(days=1),
    )
    assert _programme_shown(client, chair)["programme_overdue"] == 1
    plan_actions.save_action(
        actor, scene.theme, scene.action, planned_end=today + timedelta(days=60)
    )
    assert _programme_shown(client, chair)["programme_due"] == 0

    budget_actions.save_budget_line(
        actor,
        scene.plan,
        None,
        year=today.year,
        theme=scene.theme,
        title="Training",
        source="own",
        amount=Decimal(500),
    )
    assert _programme_shown(client, chair)["programme_budget"].granted == Decimal(501)
    budget_actions.add_spending(
        actor, scene.line, spent_on=today, amount=Decimal(120), description="Zaal"
    )
    assert _programme_shown(client, chair)["programme_budget"].spent == Decimal(120)
