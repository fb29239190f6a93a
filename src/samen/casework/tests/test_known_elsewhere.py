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


def test_the_other_municipality_is_told_once_by_a_link_and_a_notice(
    client: Any, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    from django.core import mail

    from samen.casework.models import KnownElsewhereNotice

    elsewhere = world.users["elsewhere"]
    elsewhere.email = "elders@example.invalid"
    elsewhere.save()
    theirs = report(world.other_municipality, "Geheime waarneming elders")
    ours = report(world.municipality, "Onze geheime waarneming")
    login(client, world.users["advisor"])
    mail.outbox.clear()
    for _ in range(2):  # a second look tells nobody again
        with django_capture_on_commit_callbacks(execute=True):
            page = client.get(reverse("casework:signal_detail", kwargs={"pk": ours.pk}))
        assert page.status_code == 200
    notice = KnownElsewhereNotice.objects.get()
    assert (notice.signal, notice.municipality) == (ours, world.other_municipality)
    assert notice.from_municipality == world.municipality
    assert [m.to for m in mail.outbox] == [["elders@example.invalid"]]
    text = mail.outbox[0].subject + mail.outbox[0].body
    assert reverse("dashboard") in text
    for secret in ("Lina", "Vos", ours.reference, "Teststad", "waarneming"):
        assert secret not in text
    # Audited in both municipalities' logs.
    told = AuditEntry.objects.filter(action="casework.person.known_elsewhere_notice")
    assert set(told.values_list("municipality_id", flat=True)) == {
        world.municipality.pk,
        world.other_municipality.pk,
    }
    assert not told.filter(
        municipality_id=world.other_municipality.pk, object_label__contains=ours.reference
    ).exists()

    # The other municipality's coordinator: the fact, the municipality, whom to contact.
    login(client, elsewhere)
    dashboard = client.get(reverse("dashboard"))
    entries = dashboard.context["known_elsewhere_notices"]
    assert [(n.from_municipality, n.municipality) for n, _contacts in entries] == [
        (world.municipality, world.other_municipality)
    ]
    assert b"Gemeente Teststad" in dashboard.content
    for secret in (b"Lina", b"waarneming", ours.reference.encode(), theirs.reference.encode()):
        assert secret not in dashboard.content
    assert AuditEntry.objects.filter(
        action="casework.person.known_elsewhere_notices", user_id=elsewhere.pk
    ).exists()
    # Nobody else in either municipality sees it on the start page.
    for name in ("chair", "advisor", "case_manager"):
        login(client, world.users[name])
        assert "known_elsewhere_notices" not in client.get(reverse("dashboard")).context
    # The other side looking at its own signal tells this municipality, once too.
    login(client, elsewhere)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(reverse("casework:signal_detail", kwargs={"pk": theirs.pk}))
    assert KnownElsewhereNotice.objects.filter(municipality=world.municipality).count() == 1
