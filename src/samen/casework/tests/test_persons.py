"""Persons: made at admission, found by exact name within the policy, minors marked."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from samen.audit.actor import Actor
from samen.audit.models import AuditEntry
from samen.casework.actions import intake as intake_actions
from samen.casework.actions import weighing as weighing_actions
from samen.casework.models import Case, Person, Signal, Weighing
from samen.casework.tests.factories import World, actor_for
from samen.conftest import login

pytestmark = pytest.mark.django_db


def admit(world: World, name: str, birth_date: str) -> Case:
    signal = intake_actions.report_signal(
        Actor.system("test"),
        municipality=world.municipality,
        channel=Signal.Channel.PUBLIC_FORM,
        observation="x",
        anonymous=True,
        subject_name=name,
        subject_birth_date=birth_date,
    ).signal
    weighing_actions.weigh_signal(
        actor_for(world.users["weighing_team"]),
        signal,
        outcome=Weighing.Outcome.ADMIT,
        reasons="x",
        participants=[world.police],
    )
    return Case.objects.get(origin=signal)


def test_admission_makes_or_finds_the_person(world: World) -> None:
    first = admit(world, "Sara Bakker", "2010-03-04")
    again = admit(world, "sara  BAKKER", "2010-03-04")
    other = admit(world, "Sara Bakker", "1990-03-04")
    assert first.person == again.person
    assert other.person != first.person
    assert first.person.name == "Sara Bakker"
    # A name without a date of birth never links two signals to one person.
    assert admit(world, "Jan Jansen", "").person != admit(world, "Jan Jansen", "").person


def test_minors_are_marked() -> None:
    today = timezone.localdate()
    child = Person(birth_date=date(today.year - 15, 1, 1).isoformat())
    adult = Person(birth_date=date(today.year - 30, 1, 1).isoformat())
    assert child.is_minor and not adult.is_minor
    assert Person().is_minor is False


def test_search_stays_inside_the_policy(client: Any, world: World) -> None:
    case = admit(world, "Sara Bakker", "2010-03-04")
    login(client, world.users["case_table_member"])
    found = client.post(
        reverse("casework:person_search"), {"name": "SARA bakker", "birth_date": "2010-03-04"}
    )
    assert list(found.context["results"]) == [case.person]
    by_name = client.post(reverse("casework:person_search"), {"name": "Sara Bakker"})
    assert list(by_name.context["results"]) == [case.person]
    assert b"(minderjarig)" in found.content or b"minor" in found.content
    login(client, world.outsider)
    nothing = client.post(
        reverse("casework:person_search"), {"name": "Sara Bakker", "birth_date": "2010-03-04"}
    )
    assert list(nothing.context["results"]) == []
    detail = reverse("casework:person_detail", kwargs={"pk": case.person.pk})
    assert client.get(detail).status_code == 404
    assert AuditEntry.objects.filter(
        action="casework.person.search", user_label="outsider"
    ).exists()


def test_details_and_relations_are_kept(client: Any, world: World) -> None:
    person = world.case.person
    login(client, world.users["case_manager"])
    client.post(
        reverse("casework:person_edit", kwargs={"pk": person.pk}),
        {
            "name": "Tweede Persoon",
            "aliases": "TP",
            "birth_date": "2007-07-07",
            "gender": "male",
            "district": world.district.pk,
            "contact": "06-12345678",
        },
    )
    person.refresh_from_db()
    assert person.aliases == "TP"
    assert person.district == world.district
    found = client.post(
        reverse("casework:person_search"), {"name": "Tweede Persoon", "birth_date": "2007-07-07"}
    )
    assert list(found.context["results"]) == [person]
    client.post(
        reverse("casework:person_relation", kwargs={"pk": person.pk}),
        {"name": "Vader Persoon", "kind": "parent", "note": "Wil meewerken"},
    )
    assert person.relations.get().name == "Vader Persoon"
