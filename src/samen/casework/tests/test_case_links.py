"""Families and groups: cases linked by a person; the link is visible only to those who may
see both cases."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from samen.audit.actor import Actor
from samen.audit.models import AuditEntry
from samen.casework import policy
from samen.casework.actions import WorkflowError
from samen.casework.actions import intake as intake_actions
from samen.casework.actions import linking as linking_actions
from samen.casework.actions import weighing as weighing_actions
from samen.casework.models import Case, CaseLink, Signal
from samen.casework.tests.factories import World, actor_for
from samen.conftest import login

pytestmark = pytest.mark.django_db


def sibling_case(world: World) -> Case:
    signal = intake_actions.report_signal(
        Actor.system("test"),
        municipality=world.municipality,
        channel=Signal.Channel.PUBLIC_FORM,
        observation="Broer",
        anonymous=True,
        subject_name="Broer Persoon",
    ).signal
    weighing_actions.weigh_signal(
        actor_for(world.users["weighing_team"]),
        signal,
        outcome="admit",
        reasons="x",
        participants=[world.police],
    )
    return Case.objects.get(origin=signal)


def test_link_visible_only_to_who_sees_both(client: Any, world: World) -> None:
    sibling = sibling_case(world)
    login(client, world.users["case_manager"])
    url = reverse("casework:case_link", kwargs={"pk": world.case.pk})
    unknown = client.post(url, {"link-kind": "family", "link-reference": "C-1999-00001"})
    assert unknown.status_code == 302 and not CaseLink.objects.exists()
    answer = client.post(url, {"link-kind": "family", "link-reference": sibling.reference})
    assert answer.status_code == 302
    assert CaseLink.objects.get().to_case == sibling
    assert AuditEntry.objects.filter(action="casework.case.link").exists()
    page = client.get(reverse("casework:case_detail", kwargs={"pk": world.case.pk}))
    assert [other for _link, other in page.context["case_links"]] == [sibling]
    # Seen from the other side too.
    page = client.get(reverse("casework:case_detail", kwargs={"pk": sibling.pk}))
    assert [other for _link, other in page.context["case_links"]] == [world.case]
    # The police take part in both cases: they see the link.
    police = world.users["case_table_member"]
    assert policy.case_links_visible_to(police, world.case).count() == 1
    # Youth care takes part only in the first: no trace of the sibling's case.
    login(client, world.users["youthcare"])
    page = client.get(reverse("casework:case_detail", kwargs={"pk": world.case.pk}))
    assert page.context["case_links"] == []
    assert sibling.reference.encode() not in page.content


def test_the_action_refuses_doubles_and_itself(world: World) -> None:
    sibling = sibling_case(world)
    actor = actor_for(world.users["case_manager"])
    linking_actions.link_cases(actor, world.case, sibling, kind="group")
    with pytest.raises(WorkflowError):
        linking_actions.link_cases(actor, sibling, world.case, kind="family")
    with pytest.raises(WorkflowError):
        linking_actions.link_cases(actor, world.case, world.case, kind="family")


def test_a_case_elsewhere_cannot_be_linked(client: Any, world: World) -> None:
    login(client, world.users["case_manager"])
    other = Case.objects.create(
        reference="C-2026-99999",
        municipality=world.other_municipality,
        opened_at=world.case.opened_at,
    )
    client.post(
        reverse("casework:case_link", kwargs={"pk": world.case.pk}),
        {"link-kind": "group", "link-reference": other.reference},
    )
    assert not CaseLink.objects.exists()
