"""Transfer of a case to another municipality: the directing coordinator proposes, the
receiving coordinator accepts or declines; on acceptance the case, its history and the person
move, and access moves with them."""

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
from samen.casework.actions import transfer as transfer_actions
from samen.casework.actions import weighing as weighing_actions
from samen.casework.models import Case, CaseParticipation, CaseTransfer, Signal
from samen.casework.tests.factories import World, actor_for
from samen.conftest import login

pytestmark = pytest.mark.django_db


def case_url(case: Case) -> str:
    return reverse("casework:case_detail", kwargs={"pk": case.pk})


def propose(client: Any, world: World, reason: str = "Tweede Persoon is verhuisd") -> Any:
    login(client, world.users["chair"])
    return client.post(
        reverse("casework:case_transfer", kwargs={"pk": world.case.pk}),
        {"transfer-to_municipality": world.other_municipality.pk, "transfer-reason": reason},
    )


def test_accepted_transfer_moves_the_case_its_history_and_access(
    client: Any, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    case = world.case
    person = case.person
    assert person is not None
    world.users["elsewhere"].email = "elders@example.invalid"
    world.users["elsewhere"].save()
    world.users["chair"].email = "teststad@example.invalid"
    world.users["chair"].save()
    login(client, world.users["chair"])
    page = client.get(case_url(case))
    assert page.context["transfer_form"] is not None
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        answer = propose(client, world)
    assert answer.status_code == 302
    transfer = CaseTransfer.objects.get()
    assert transfer.state == CaseTransfer.State.PROPOSED
    assert transfer.reason == "Tweede Persoon is verhuisd"
    # The receiving coordinator is told by a link only.
    assert [m.to for m in mail.outbox] == [["elders@example.invalid"]]
    text = mail.outbox[0].subject + mail.outbox[0].body
    assert reverse("casework:transfer_detail", args=[transfer.pk]) in text
    for secret in ("Tweede", "verhuisd", case.reference, "Teststad"):
        assert secret not in text

    # Before acceptance the other municipality sees the transfer, never the case.
    login(client, world.users["elsewhere"])
    assert client.get(case_url(case)).status_code == 404
    assert client.get(reverse("dashboard")).context["transfers_waiting"] == 1
    listed = client.get(reverse("casework:transfer_list"))
    assert case.reference.encode() in listed.content
    shown = client.get(reverse("casework:transfer_detail", kwargs={"pk": transfer.pk}))
    assert shown.status_code == 200
    assert b"verhuisd" in shown.content
    assert shown.context["form"] is not None
    assert not shown.context["case_visible"]
    assert b"Mentor via het wijkteam" not in shown.content  # the plan stays behind the policy

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        decided = client.post(
            reverse("casework:transfer_detail", kwargs={"pk": transfer.pk}),
            {"decide-decision": "accept", "decide-reason": "Wij nemen de regie over"},
        )
    assert decided.status_code == 302 and decided.url == case_url(case)
    assert [m.to for m in mail.outbox] == [["teststad@example.invalid"]]

    case.refresh_from_db()
    person.refresh_from_db()
    transfer.refresh_from_db()
    assert case.municipality == world.other_municipality
    assert person.municipality == world.other_municipality
    assert person.district is None
    assert transfer.state == CaseTransfer.State.ACCEPTED and transfer.person_moved
    current = set(case.participations.current().values_list("organisation", flat=True))
    # Police and youth care belong to the sending municipality only: they stop taking part.
    assert current == {world.other_municipality.pk}
    ended = CaseParticipation.objects.get(case=case, organisation=world.municipality)
    assert ended.removed_at is not None and "Gemeente Elders" in ended.removal_reason

    # The receiving side now sees the case with its whole history.
    page = client.get(case_url(case))
    assert page.status_code == 200
    texts = [event.text for event in page.context["timeline"]]
    assert "Gemeente Teststad > Gemeente Elders: Tweede Persoon is verhuisd" in texts
    # The history from before stays: the signal, the weighing, the plan.
    assert case.origin is not None and case.origin.reference in texts
    assert len(texts) >= 5
    assert any("Wij nemen de regie over" in event.text for event in page.context["timeline"])
    assert case.interventions.count() == 1

    # The sending side and its partners lose access.
    for name in ("chair", "case_manager", "case_table_member"):
        login(client, world.users[name])
        assert client.get(case_url(case)).status_code == 404, name
        assert client.get(reverse("casework:person_detail", args=[person.pk])).status_code == 404

    # Signals stay with the municipality that received them.
    assert case.origin is not None
    assert case.origin.municipality == world.municipality

    entries = AuditEntry.objects.filter(object_id=str(case.pk))
    for action in (
        "casework.case.transfer_proposed",
        "casework.case.transfer_accepted",
        "casework.case.transferred",
    ):
        # Both municipalities' audit logs show it.
        assert set(entries.filter(action=action).values_list("municipality_id", flat=True)) == {
            world.municipality.pk,
            world.other_municipality.pk,
        }, action
    # Reading the transfer is recorded for the reader's municipality.
    read = AuditEntry.objects.filter(action="casework.transfer.view").first()
    assert read is not None and read.municipality_id == world.other_municipality.pk
    assert AuditEntry.objects.filter(action="casework.transfer.list").exists()


def test_declined_transfer_leaves_the_case_where_it_is(client: Any, world: World) -> None:
    propose(client, world)
    transfer = CaseTransfer.objects.get()
    login(client, world.users["elsewhere"])
    url = reverse("casework:transfer_detail", kwargs={"pk": transfer.pk})
    empty = client.post(url, {"decide-decision": "decline"})
    assert empty.status_code == 422  # a decision needs its reason; the choice is kept
    assert empty.context["form"]["decision"].value() == "decline"
    client.post(url, {"decide-decision": "decline", "decide-reason": "Niet in onze gemeente"})
    transfer.refresh_from_db()
    world.case.refresh_from_db()
    assert transfer.state == CaseTransfer.State.DECLINED
    assert world.case.municipality == world.municipality
    assert client.get(case_url(world.case)).status_code == 404
    login(client, world.users["chair"])
    page = client.get(case_url(world.case))
    assert any("Niet in onze gemeente" in event.text for event in page.context["timeline"])
    assert page.context["transfer_form"] is not None  # a new proposal is possible
    assert AuditEntry.objects.filter(action="casework.case.transfer_declined").count() == 2


def test_only_the_coordinators_of_both_sides_act(client: Any, world: World) -> None:
    # A case manager (no chair) cannot propose; the receiving coordinator cannot propose a
    # case they cannot see.
    login(client, world.users["case_manager"])
    url = reverse("casework:case_transfer", kwargs={"pk": world.case.pk})
    assert client.post(url, {}).status_code == 403
    login(client, world.users["elsewhere"])
    assert client.post(url, {}).status_code == 404
    propose(client, world)
    transfer = CaseTransfer.objects.get()
    detail = reverse("casework:transfer_detail", kwargs={"pk": transfer.pk})
    withdraw = reverse("casework:transfer_withdraw", kwargs={"pk": transfer.pk})
    # The sender may not decide; the receiver may not withdraw.
    login(client, world.users["chair"])
    assert (
        client.post(detail, {"decide-decision": "accept", "decide-reason": "x"}).status_code == 404
    )
    login(client, world.users["elsewhere"])
    assert client.post(withdraw).status_code == 404
    # Nobody else sees it.
    login(client, world.users["case_table_member"])
    assert client.get(detail).status_code == 403
    assert not policy.transfers_visible_to(world.users["admin_elsewhere"]).exists()
    assert not policy.transfers_visible_to(world.users["dpo"]).exists()
    assert CaseTransfer.objects.get().state == CaseTransfer.State.PROPOSED


def test_withdrawn_proposal_and_one_pending_at_a_time(client: Any, world: World) -> None:
    propose(client, world)
    propose(client, world, reason="nogmaals")
    assert CaseTransfer.objects.count() == 1
    transfer = CaseTransfer.objects.get()
    answer = client.post(reverse("casework:transfer_withdraw", kwargs={"pk": transfer.pk}))
    assert answer.status_code == 302
    transfer.refresh_from_db()
    assert transfer.state == CaseTransfer.State.WITHDRAWN
    login(client, world.users["elsewhere"])
    assert (
        client.post(
            reverse("casework:transfer_detail", kwargs={"pk": transfer.pk}),
            {"decide-decision": "accept", "decide-reason": "te laat"},
        ).status_code
        == 404
    )
    assert AuditEntry.objects.filter(action="casework.case.transfer_withdrawn").count() == 2


def test_a_person_with_another_case_here_cannot_move(world: World) -> None:
    other = Case.objects.create(
        reference="C-2026-77777",
        municipality=world.municipality,
        opened_at=world.case.opened_at,
        person=world.case.person,
        phase="closed",
    )
    assert other.person_id is not None
    with pytest.raises(WorkflowError):
        transfer_actions.propose_transfer(
            actor_for(world.users["chair"]),
            world.case,
            to_municipality=world.other_municipality,
            reason="verhuisd",
        )
    assert not CaseTransfer.objects.exists()


def test_a_partner_serving_the_receiving_municipality_keeps_taking_part(world: World) -> None:
    world.police.serves.add(world.other_municipality)
    transfer = transfer_actions.propose_transfer(
        actor_for(world.users["chair"]),
        world.case,
        to_municipality=world.other_municipality,
        reason="verhuisd",
    )
    transfer_actions.decide_transfer(
        actor_for(world.users["elsewhere"]), transfer, accept=True, reason="akkoord"
    )
    current = set(world.case.participations.current().values_list("organisation", flat=True))
    assert current == {world.other_municipality.pk, world.police.pk}
    # The police officer sees it once given the receiving municipality (regions).
    officer = world.users["case_table_member"]
    assert not policy.cases_visible_to(officer).filter(pk=world.case.pk).exists()
    officer.municipalities.add(world.other_municipality)
    officer = type(officer).objects.get(pk=officer.pk)
    assert policy.cases_visible_to(officer).filter(pk=world.case.pk).exists()


def test_only_a_municipality_that_signed_the_covenant_receives(world: World) -> None:
    world.other_municipality.covenant_signed = False
    world.other_municipality.save()
    assert not policy.municipalities_to_transfer_to(world.case).exists()
    with pytest.raises(WorkflowError):
        transfer_actions.propose_transfer(
            actor_for(world.users["chair"]),
            world.case,
            to_municipality=world.other_municipality,
            reason="verhuisd",
        )


def test_a_closed_case_is_not_transferred(world: World) -> None:
    signal = intake_actions.report_signal(
        Actor.system("test"),
        municipality=world.municipality,
        channel=Signal.Channel.PUBLIC_FORM,
        observation="x",
        anonymous=True,
        subject_name="Derde Persoon",
    ).signal
    weighing_actions.weigh_signal(
        actor_for(world.users["weighing_team"]),
        signal,
        outcome="admit",
        reasons="x",
        participants=[world.police],
    )
    case = Case.objects.get(origin=signal)
    Case.objects.filter(pk=case.pk).update(phase="closed")
    case.refresh_from_db()
    assert not policy.directs_case(world.users["chair"], case)
    with pytest.raises(WorkflowError):
        transfer_actions.propose_transfer(
            actor_for(world.users["chair"]),
            case,
            to_municipality=world.other_municipality,
            reason="x",
        )


def _transfers(world: World, n: int) -> None:
    """n more decided transfers of the world's case (declined), and one pending."""
    chair = actor_for(world.users["chair"])
    receiver = actor_for(world.users["elsewhere"])
    CaseTransfer.objects.pending().delete()
    for i in range(n):
        transfer = transfer_actions.propose_transfer(
            chair, world.case, to_municipality=world.other_municipality, reason=f"reden {i}"
        )
        transfer_actions.decide_transfer(receiver, transfer, accept=False, reason=f"nee {i}")
    transfer_actions.propose_transfer(
        chair, world.case, to_municipality=world.other_municipality, reason="open"
    )


@pytest.mark.parametrize(
    ("name", "actor"),
    [
        ("casework:transfer_list", "elsewhere"),
        ("casework:transfer_list", "chair"),
        ("casework:transfer_detail", "elsewhere"),
        ("casework:transfer_detail", "chair"),
        ("casework:case_detail", "chair"),
    ],
)
def test_queries_do_not_grow_with_transfers(
    client: Any, world: World, django_capture_on_commit_callbacks: Any, name: str, actor: str
) -> None:
    from samen.casework.tests.test_query_counts import count_queries

    login(client, world.users[actor])

    def url() -> str:
        if name == "casework:transfer_detail":
            return reverse(name, kwargs={"pk": CaseTransfer.objects.pending().get().pk})
        if name == "casework:case_detail":
            return reverse(name, kwargs={"pk": world.case.pk})
        return reverse(name)

    _transfers(world, 1)
    small = count_queries(client, url())
    _transfers(world, 5)
    large = count_queries(client, url())
    assert large == small, f"{name}: {small} queries with less data, {large} with more"


def test_the_transfer_is_exported_and_removed_with_the_case(world: World) -> None:
    from samen.core import personal_data
    from samen.privacy.subject_access import subject_report

    transfer = transfer_actions.propose_transfer(
        actor_for(world.users["chair"]),
        world.case,
        to_municipality=world.other_municipality,
        reason="verhuisd naar Elders",
    )
    transfer_actions.decide_transfer(
        actor_for(world.users["elsewhere"]), transfer, accept=True, reason="akkoord"
    )
    assert world.case.person is not None
    report = subject_report(world.case.person)
    [case] = report["cases"]
    [exported] = case["transfers"]
    assert exported["reason"] == "verhuisd naar Elders"
    assert exported["to"] == "Gemeente Elders"
    assert case["direction"] == "Gemeente Elders"
    personal_data.remove("case", Case.objects.filter(pk=world.case.pk))
    assert not CaseTransfer.objects.exists()
