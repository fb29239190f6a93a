"""Known elsewhere: the intake and weighing team sees that the person is known in another
municipality of the installation, and whom to contact; never content. Every check and hit is
audited."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from samen.audit.actor import Actor
from samen.audit.models import AuditEntry
from samen.casework import policy
from samen.casework.actions import intake as intake_actions
from samen.casework.models import Signal
from samen.casework.tests.factories import World
from samen.conftest import login

pytestmark = pytest.mark.django_db


def report(municipality: Any, observation: str, birth_date: str = "2007-01-02") -> Signal:
    return intake_actions.report_signal(
        Actor.system("test"),
        municipality=municipality,
        channel=Signal.Channel.PUBLIC_FORM,
        observation=observation,
        anonymous=True,
        subject_name="Lina Vos",
        subject_birth_date=birth_date,
    ).signal


def test_both_municipalities_see_the_match_and_nothing_more(client: Any, world: World) -> None:
    theirs = report(world.other_municipality, "Geheime waarneming elders")
    ours = report(world.municipality, "Onze waarneming")
    login(client, world.users["advisor"])
    page = client.get(reverse("casework:signal_detail", kwargs={"pk": ours.pk}))
    found = page.context["known_elsewhere"]
    assert [org for org, _contacts in found] == [world.other_municipality]
    assert world.users["elsewhere"] in found[0][1]
    assert b"Geheime waarneming" not in page.content
    assert theirs.reference.encode() not in page.content
    assert AuditEntry.objects.filter(
        action="casework.person.known_elsewhere_check", object_id=str(ours.pk)
    ).exists()
    assert AuditEntry.objects.filter(
        action="casework.person.known_elsewhere_hit", object_id=str(ours.pk)
    ).exists()
    # The other municipality sees the match from its side.
    assert list(policy.municipalities_knowing(world.users["elsewhere"], theirs)) == [
        world.municipality
    ]


def test_no_match_by_name_alone_nor_for_others(world: World) -> None:
    report(world.other_municipality, "x")
    by_name = report(world.municipality, "y", birth_date="")
    assert not policy.municipalities_knowing(world.users["advisor"], by_name).exists()
    ours = report(world.municipality, "z")
    assert policy.municipalities_knowing(world.users["advisor"], ours).exists()
    for role in ("case_table_member", "analyst", "reporter"):
        assert not policy.municipalities_knowing(world.users[role], ours).exists()
    # The other municipality's team cannot check our signal.
    assert not policy.municipalities_knowing(world.users["elsewhere"], ours).exists()
