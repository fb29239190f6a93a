"""One person, one case: a later signal about a person with an open case joins that case, by
the weighing team's decision; nothing is merged by itself."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.urls import reverse

from samen.audit.actor import Actor
from samen.audit.models import AuditEntry
from samen.casework import policy
from samen.casework.actions import WorkflowError
from samen.casework.actions import intake as intake_actions
from samen.casework.actions import weighing as weighing_actions
from samen.casework.models import Case, JoinedSignal, Signal, Weighing
from samen.casework.queries.cases import case_records, case_timeline
from samen.casework.tests.factories import World, actor_for
from samen.conftest import login
from samen.privacy.erasure import signals_of

pytestmark = pytest.mark.django_db


def report(world: World, name: str = "Sara Bakker", birth_date: str = "2008-03-04") -> Signal:
    return intake_actions.report_signal(
        Actor.system("test"),
        municipality=world.municipality,
        channel=Signal.Channel.PUBLIC_FORM,
        observation="Nieuwe zorg",
        anonymous=True,
        subject_name=name,
        subject_birth_date=birth_date,
    ).signal


def admitted_case(world: World) -> Case:
    signal = report(world)
    weighing_actions.weigh_signal(
        actor_for(world.users["weighing_team"]),
        signal,
        outcome=Weighing.Outcome.ADMIT,
        reasons="x",
        participants=[world.police, world.youth],
    )
    return Case.objects.get(origin=signal)


def test_a_second_signal_lands_in_the_open_case(
    client: Any, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    case = admitted_case(world)
    second = report(world, "sara  BAKKER")
    weigher = world.users["weighing_team"]
    assert list(policy.open_cases_of_same_person(weigher, second)) == [case]
    world.users["youthcare"].email = "jeugdzorg@example.invalid"
    world.users["youthcare"].save()
    login(client, weigher)
    page = client.get(reverse("casework:signal_detail", kwargs={"pk": second.pk}))
    assert case.reference.encode() in page.content
    assert "open_case" in page.context["form"].fields
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(
            reverse("casework:signal_weigh", kwargs={"pk": second.pk}),
            {"outcome": "join_case", "reasons": "Zelfde persoon", "open_case": case.pk},
        )
    assert answer.status_code == 302
    second.refresh_from_db()
    assert second.status == Signal.Status.ADMITTED
    assert JoinedSignal.objects.get(signal=second).case == case
    assert Case.objects.filter(person=case.person).count() == 1
    assert AuditEntry.objects.filter(
        action="casework.case.signal_joined", object_id=str(case.pk)
    ).exists()
    # The participants are told by a message that holds only a link.
    assert ["jeugdzorg@example.invalid"] in [m.to for m in mail.outbox]
    text = "".join(m.subject + m.body for m in mail.outbox)
    assert reverse("casework:case_detail", args=[case.pk]) in text
    for secret in ("Sara", "Bakker", case.reference, second.reference, "zorg"):
        assert secret not in text
    # The signal shows in the case's timeline and the signal page names the case.
    events = case_timeline(case, case_records(world.users["chair"], case))
    assert any(second.reference in event.text for event in events)
    page = client.get(reverse("casework:signal_detail", kwargs={"pk": second.pk}))
    assert page.context["case"] == case
    # Erasure finds the joined signal through the case.
    assert second in signals_of(case.person)


def test_only_open_cases_of_the_same_person_are_offered(world: World) -> None:
    case = admitted_case(world)
    weigher = actor_for(world.users["weighing_team"])
    by_name_only = report(world, birth_date="")
    other_person = report(world, birth_date="1990-01-01")
    for signal in (by_name_only, other_person):
        assert not policy.open_cases_of_same_person(world.users["weighing_team"], signal).exists()
        with pytest.raises(WorkflowError):
            weighing_actions.weigh_signal(
                weigher, signal, outcome="join_case", reasons="x", open_case=case
            )
    # Not for someone who may not weigh, nor for another municipality's weighing team.
    same = report(world)
    assert not policy.open_cases_of_same_person(world.users["case_table_member"], same).exists()
    assert not policy.open_cases_of_same_person(world.users["elsewhere"], same).exists()
    # A closed case is not offered and cannot be joined.
    Case.objects.filter(pk=case.pk).update(phase="closed")
    assert not policy.open_cases_of_same_person(world.users["weighing_team"], same).exists()
    with pytest.raises(WorkflowError):
        weighing_actions.weigh_signal(
            weigher, same, outcome="join_case", reasons="x", open_case=case
        )


def test_join_without_a_case_is_a_form_error(client: Any, world: World) -> None:
    signal = report(world)
    login(client, world.users["weighing_team"])
    answer = client.post(
        reverse("casework:signal_weigh", kwargs={"pk": signal.pk}),
        {"outcome": "join_case", "reasons": "x"},
    )
    assert answer.status_code == 422
    signal.refresh_from_db()
    assert signal.status == Signal.Status.NEW
