"""The case-table cycle: a recurring schedule, a proposed agenda, minutes per organisation,
actions followed up, and notifications without personal data."""

from __future__ import annotations

import itertools
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from samen.accounts.models import Organisation, User
from samen.casework import policy
from samen.casework.actions import cases as case_actions
from samen.casework.actions import meetings as meeting_actions
from samen.casework.models import Action, AgendaItem, Case, Meeting
from samen.casework.tests.factories import World, actor_for
from samen.conftest import login

pytestmark = pytest.mark.django_db


def test_a_six_weekly_series_is_planned_at_once(client: Any, world: World) -> None:
    login(client, world.users["chair"])
    start = timezone.localtime() + timedelta(days=2)
    client.post(
        reverse("casework:meeting_create"),
        {
            "title": "Casusoverleg",
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "repeat": 4,
            "every_weeks": 6,
        },
    )
    series = list(Meeting.objects.filter(title="Casusoverleg").order_by("starts_at"))
    series = [m for m in series if m.pk != world.meeting.pk]
    assert len(series) == 4
    local = [timezone.localtime(m.starts_at) for m in series]
    # Same weekday and wall-clock time every six weeks, also across daylight-saving changes.
    assert {(b.date() - a.date()).days for a, b in itertools.pairwise(local)} == {42}
    assert len({moment.time() for moment in local}) == 1


def test_the_agenda_is_proposed_from_new_and_due_cases(client: Any, world: World) -> None:
    chair = actor_for(world.users["chair"])
    later = meeting_actions.create_meeting(
        chair,
        title="Volgend overleg",
        starts_at=world.meeting.starts_at + timedelta(weeks=3),
        location="",
    )
    # world.case was on the agenda three weeks before: not due yet.
    assert meeting_actions.add_proposed_items(chair, later) == 0
    much_later = meeting_actions.create_meeting(
        chair,
        title="Later overleg",
        starts_at=world.meeting.starts_at + timedelta(weeks=7),
        location="",
    )
    login(client, world.users["chair"])
    client.post(reverse("casework:meeting_propose", kwargs={"pk": much_later.pk}))
    assert list(AgendaItem.objects.filter(meeting=much_later).values_list("case", flat=True)) == [
        world.case.pk
    ]


def test_minutes_hold_only_the_cases_of_the_reading_organisation(client: Any, world: World) -> None:
    meeting_actions.record_decision(
        actor_for(world.users["chair"]), world.item, text="Besluit over de casus"
    )
    login(client, world.users["youthcare"])
    minutes = client.get(reverse("casework:meeting_minutes", kwargs={"pk": world.meeting.pk}))
    assert b"Besluit over de casus" in minutes.content
    assert minutes.context["copy_for"] == world.youth
    login(client, world.outsider)
    minutes = client.get(reverse("casework:meeting_minutes", kwargs={"pk": world.meeting.pk}))
    assert minutes.status_code == 200
    assert b"Besluit over de casus" not in minutes.content
    assert world.case.reference.encode() not in minutes.content


def test_notification_text(world: World, django_capture_on_commit_callbacks: Any) -> None:
    world.users["youthcare"].email = "jeugdzorg@example.invalid"
    world.users["youthcare"].save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        meeting_actions.record_action(
            actor_for(world.users["chair"]),
            world.item,
            description="Gesprek met Tweede Persoon over school",
            owner=world.youth,
            due_date=timezone.localdate() + timedelta(days=7),
        )
    assert [m.to for m in mail.outbox] == [["jeugdzorg@example.invalid"]]
    message = mail.outbox[0]
    text = message.subject + message.body
    assert reverse("casework:my_actions") in text
    for secret in ("Tweede Persoon", world.case.reference, "Gesprek", "school"):
        assert secret not in text


def test_my_actions_and_overdue(client: Any, world: World) -> None:
    chair = actor_for(world.users["chair"])
    late = meeting_actions.record_action(
        chair,
        world.item,
        description="Huisbezoek",
        owner=world.youth,
        due_date=timezone.localdate() - timedelta(days=2),
    )
    meeting_actions.record_action(
        chair,
        world.item,
        description="Voor de politie",
        owner=world.police,
        due_date=timezone.localdate() + timedelta(days=2),
    )
    login(client, world.users["youthcare"])
    page = client.get(reverse("casework:my_actions"))
    assert [a.description for a in page.context["page"]] == ["Huisbezoek"]
    assert b'class="overdue"' in page.content
    client.post(reverse("casework:action_done", kwargs={"pk": late.pk}))
    late.refresh_from_db()
    assert late.status == Action.Status.DONE
    assert late.completed_at is not None
    assert abs((timezone.now() - late.completed_at).total_seconds()) < 60
    page = client.get(reverse("casework:my_actions"))
    assert reverse("casework:action_reopen", kwargs={"pk": late.pk}).encode() in page.content
    # Marked done by mistake: open again, when it was completed cleared.
    client.post(reverse("casework:action_reopen", kwargs={"pk": late.pk}))
    late.refresh_from_db()
    assert (late.status, late.completed_at) == (Action.Status.OPEN, None)
    client.post(reverse("casework:action_done", kwargs={"pk": late.pk}))
    # Another organisation's action cannot be touched.
    police_action = Action.objects.get(owner=world.police)
    assert (
        client.post(reverse("casework:action_done", kwargs={"pk": police_action.pk})).status_code
        == 404
    )
    reopen = reverse("casework:action_reopen", kwargs={"pk": police_action.pk})
    assert client.post(reopen).status_code == 404


def test_information_shared_at_the_table_goes_into_the_minutes(client: Any, world: World) -> None:
    login(client, world.users["chair"])
    url = reverse("casework:item_record", kwargs={"pk": world.meeting.pk, "item_pk": world.item.pk})
    response = client.post(
        url,
        {f"record-{world.item.pk}-shared": "Politie: geen nieuwe incidenten."},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert b"geen nieuwe incidenten" in response.content
    login(client, world.users["youthcare"])
    minutes = client.get(reverse("casework:meeting_minutes", kwargs={"pk": world.meeting.pk}))
    assert b"geen nieuwe incidenten" in minutes.content
    case_page = client.get(reverse("casework:case_detail", kwargs={"pk": world.case.pk}))
    assert b"geen nieuwe incidenten" in case_page.content


def test_reopening_an_action_clears_when_it_was_completed(world: World) -> None:
    from samen.audit.models import AuditEntry
    from samen.casework.actions import WorkflowError

    chair = actor_for(world.users["chair"])
    action = meeting_actions.record_action(
        chair,
        world.item,
        description="Huisbezoek",
        owner=world.youth,
        due_date=timezone.localdate(),
    )
    assert action.completed_at is None
    with pytest.raises(WorkflowError):
        meeting_actions.reopen_action(chair, action)
    meeting_actions.complete_action(chair, action)
    action = meeting_actions.reopen_action(chair, action)
    action.refresh_from_db()
    assert (action.status, action.completed_at) == (Action.Status.OPEN, None)
    assert AuditEntry.objects.filter(action="casework.meeting.action_reopened").count() == 1
    meeting_actions.complete_action(chair, action)
    action.refresh_from_db()
    assert action.status == Action.Status.DONE and action.completed_at is not None


def test_my_actions_are_the_actions_on_cases_the_user_sees(world: World) -> None:
    """``actions_owned_by`` applies the rules of ``cases_visible_to`` to each action's own case
    (by its keys): a removed participation, a case of another municipality, a withdrawn
    covenant, a user without a casework role each hide the actions exactly as they hide the
    case."""
    assert world.case is not None and world.item is not None
    chair = actor_for(world.users["chair"])
    for owner in (world.police, world.youth, world.municipality):
        meeting_actions.record_action(
            chair, world.item, description="Actie", owner=owner, due_date=timezone.localdate()
        )

    def expected(user: Any) -> set[int]:
        visible = policy.cases_visible_to(user)
        return set(
            Action.objects.filter(
                owner_id=user.organisation_id, agenda_item__case__in=visible
            ).values_list("pk", flat=True)
        )

    def check() -> None:
        for user in world.users.values():
            user = User.objects.get(pk=user.pk)
            assert set(policy.actions_owned_by(user).values_list("pk", flat=True)) == expected(
                user
            ), user.username

    check()
    assert policy.actions_owned_by(world.users["case_table_member"]).exists()
    participation = world.case.participations.current().get(organisation=world.police)
    case_actions.remove_participant(chair, participation, reason="klaar")
    assert not policy.actions_owned_by(User.objects.get(username="case_table_member")).exists()
    check()
    Organisation.objects.filter(pk=world.youth.pk).update(covenant_signed=False)
    assert not policy.actions_owned_by(User.objects.get(username="youthcare")).exists()
    check()
    Case.objects.filter(pk=world.case.pk).update(municipality=world.other_municipality)
    assert not policy.actions_owned_by(User.objects.get(username="chair")).exists()
    check()
