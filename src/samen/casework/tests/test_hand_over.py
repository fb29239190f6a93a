"""The warm hand-over at closure: the case manager records which organisation takes over what,
from when and whom to contact; shown on the case page and in the subject-access export."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from samen.audit.models import AuditEntry
from samen.casework.actions import WorkflowError
from samen.casework.actions import cases as case_actions
from samen.casework.actions import handover as handover_actions
from samen.casework.models import HandOver
from samen.casework.tests.factories import World, actor_for
from samen.conftest import login
from samen.privacy.subject_access import subject_report

pytestmark = pytest.mark.django_db


def propose_closing(world: World) -> None:
    case_actions.request_closure(
        actor_for(world.users["case_manager"]),
        world.case,
        closing_reason="regular_care",
        explanation="Gaat naar reguliere zorg",
    )


def test_the_case_manager_records_who_takes_over_what(client: Any, world: World) -> None:
    login(client, world.users["case_manager"])
    detail = reverse("casework:case_detail", kwargs={"pk": world.case.pk})
    assert "handover_form" not in client.get(detail).context  # not before closing
    propose_closing(world)
    assert "handover_form" in client.get(detail).context
    url = reverse("casework:case_hand_over", kwargs={"pk": world.case.pk})
    today = timezone.localdate()
    bad = client.post(url, {"handover-organisation": world.youth.pk, "handover-on": today})
    assert bad.status_code == 422
    assert "what" in bad.context["form"].errors
    assert bad.context["form"]["organisation"].value() == str(world.youth.pk)
    ok = client.post(
        url,
        {
            "handover-organisation": world.youth.pk,
            "handover-what": "Gezinsbegeleiding",
            "handover-contact": "M. de Jong, 030-1234567",
            "handover-on": today,
        },
    )
    assert ok.status_code == 302
    hand_over = HandOver.objects.get(case=world.case)
    assert (hand_over.organisation, hand_over.what) == (world.youth, "Gezinsbegeleiding")
    assert AuditEntry.objects.filter(
        action="casework.case.hand_over", object_id=str(world.case.pk)
    ).exists()
    # Everyone who sees the case sees the hand-over; only case managers record one.
    login(client, world.users["case_table_member"])
    page = client.get(detail)
    assert page.context["hand_overs"] == [hand_over]
    assert "Gezinsbegeleiding" in page.content.decode()
    assert "handover_form" not in page.context
    assert client.post(url, {}).status_code == 403
    login(client, world.users["elsewhere"])  # a case manager of another municipality
    assert client.post(url, {"handover-what": "x"}).status_code == 404


def test_the_action_holds_its_rules(world: World) -> None:
    actor = actor_for(world.users["case_manager"])
    today = timezone.localdate()
    with pytest.raises(WorkflowError):  # not closing
        handover_actions.record_hand_over(
            actor, world.case, organisation=world.youth, what="Zorg", on=today
        )
    propose_closing(world)
    with pytest.raises(WorkflowError):  # another municipality's organisation
        handover_actions.record_hand_over(
            actor, world.case, organisation=world.other_municipality, what="Zorg", on=today
        )
    with pytest.raises(WorkflowError):
        handover_actions.record_hand_over(
            actor, world.case, organisation=world.youth, what=" ", on=today
        )
    case_actions.decide_closure(actor_for(world.users["chair"]), world.case, approve=True)
    world.case.refresh_from_db()
    # After closing, still possible (the hand-over often follows the decision).
    handover_actions.record_hand_over(
        actor, world.case, organisation=world.police, what="Nazorg", on=today
    )
    assert HandOver.objects.filter(case=world.case).count() == 1


def test_the_hand_over_is_in_the_subject_access_export(world: World) -> None:
    propose_closing(world)
    handover_actions.record_hand_over(
        actor_for(world.users["case_manager"]),
        world.case,
        organisation=world.youth,
        what="Gezinsbegeleiding",
        contact="M. de Jong",
        on=timezone.localdate(),
    )
    report = subject_report(world.case.person)
    (case,) = report["cases"]
    (row,) = case["hand_overs"]
    assert row["what"] == "Gezinsbegeleiding" and row["organisation"] == "Jeugdzorg"
