"""The network is personal data: encrypted at rest, reached only by who keeps the network,
every read and export audited, removed at its own term (a key figure at once when consent is
withdrawn), covered by subject access; and it never opens casework."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from samen.audit.models import AuditEntry
from samen.casework.models import Case, Person
from samen.casework.tests.factories import World, actor_for
from samen.conftest import login
from samen.core.blind_index import blind_index
from samen.privacy.retention import apply_retention
from samen.programme.actions import network as network_actions
from samen.programme.actions import trainings as training_actions
from samen.programme.models import (
    ContactPerson,
    DistrictNetwork,
    Headcount,
    KeyFigure,
    TrainingParticipant,
)
from samen.programme.tests.authorization import Scene

pytestmark = pytest.mark.django_db


def _raw(table: str, column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return str(cursor.fetchone()[0])


def test_names_and_details_are_encrypted_at_rest_and_found_by_the_blind_index(
    world: World, programme: Scene
) -> None:
    contact = programme.contact
    assert _raw("programme_contactperson", "name", contact.pk).startswith("fernet:")
    assert "Matrix" not in _raw("programme_contactperson", "name", contact.pk)
    assert _raw("programme_keyfigure", "consent_scope", programme.key_figure.pk).startswith(
        "fernet:"
    )
    assert contact.name_index == blind_index("wijkagent  MATRIX")
    with pytest.raises(TypeError):
        ContactPerson.objects.filter(name="Wijkagent Matrix").exists()


def test_only_who_keeps_the_network_sees_it_and_every_read_is_recorded(
    client: Any, world: World, programme: Scene
) -> None:
    login(client, world.users["chair"])
    response = client.get(reverse("programme:contacts"))
    assert "Wijkagent Matrix" in response.content.decode()
    listed = AuditEntry.objects.get(action="programme.contact.list")
    assert listed.object_label == f"contact person {programme.contact.pk}"
    client.get(reverse("programme:contact_edit", kwargs={"pk": programme.contact.pk}))
    assert AuditEntry.objects.filter(
        action="programme.contact.view", object_id=str(programme.contact.pk)
    ).exists()
    client.get(reverse("programme:key_figures"))
    assert AuditEntry.objects.filter(action="programme.key_figure.list").exists()
    # Who reads the programme without keeping the network, an analyst, a case-table member of
    # the same organisation: no names.
    for actor in ("analyst", "case_table_member", "lead", "dpo"):
        login(client, world.users[actor])
        assert client.get(reverse("programme:contacts")).status_code == 403
    login(client, world.users["analyst"])
    numbers = client.get(reverse("programme:numbers")).content.decode()
    assert "Wijkagent Matrix" not in numbers and "Sleutelfiguur" not in numbers
    # A keeper of another municipality gets "not found", and it is recorded.
    login(client, world.users["elsewhere"])
    url = reverse("programme:key_figure_edit", kwargs={"pk": programme.key_figure.pk})
    assert client.get(url).status_code == 404
    assert AuditEntry.objects.filter(
        action="programme.key_figure.view", outcome="denied", user_label="elsewhere"
    ).exists()


def test_keeping_the_network_opens_no_case(client: Any, world: World) -> None:
    """A keeper of the network without a casework role sees no case."""
    from samen.accounts.models import Role
    from samen.accounts.tests.factories import UserFactory

    Role.objects.create(code="network_only", name="Network", capabilities=["programme.network"])
    keeper = UserFactory(organisation=world.municipality, roles=["network_only"])
    login(client, keeper)
    assert client.get(reverse("programme:contacts")).status_code == 200
    assert client.get(reverse("casework:case_list")).status_code == 403
    case = Case.objects.get(pk=world.case.pk)
    assert client.get(reverse("casework:case_detail", kwargs={"pk": case.pk})).status_code == 403


def test_a_key_figure_who_withdraws_consent_is_removed_at_once(
    client: Any, world: World, programme: Scene
) -> None:
    network_actions.set_district_members(
        actor_for(world.users["chair"]),
        programme.network,
        contacts=[programme.contact],
        key_figures=[programme.key_figure],
    )
    login(client, world.users["chair"])
    url = reverse("programme:key_figure_withdraw", kwargs={"pk": programme.key_figure.pk})
    assert client.post(url, {}).status_code == 422
    assert client.post(url, {"confirm": "on"}).status_code == 302
    assert not KeyFigure.objects.exists()
    network = DistrictNetwork.objects.get(pk=programme.network.pk)
    assert list(network.key_figure_members.all()) == []
    assert list(network.contact_members.all()) == [programme.contact]
    entry = AuditEntry.objects.get(action="programme.key_figure.withdrawn")
    assert entry.object_label == f"key figure {programme.key_figure.pk}"
    assert not AuditEntry.objects.filter(object_label__contains="Sleutelfiguur").exists()


def test_a_district_meeting_records_topics_attendance_and_only_a_count_of_worries(
    client: Any, world: World, programme: Scene
) -> None:
    network_actions.set_district_members(
        actor_for(world.users["chair"]),
        programme.network,
        contacts=[programme.contact],
        key_figures=[programme.key_figure],
    )
    login(client, world.users["chair"])
    url = reverse("programme:district_meeting", kwargs={"pk": programme.network.pk})
    response = client.post(
        url,
        {
            "held_on": timezone.localdate().isoformat(),
            "topics": "Onrust bij het winkelcentrum",
            "contacts_present": [programme.contact.pk],
            "key_figures_present": [programme.key_figure.pk],
            "others_present": 3,
            "signals_reported": 1,
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("programme:district_detail", kwargs={"pk": programme.network.pk}))
    content = page.content.decode()
    assert "5 aanwezig" in content or "5 present" in content
    assert reverse("casework:signal_create") not in content  # the chair reports no signals
    meeting = programme.network.meetings.get()
    assert meeting.signals_reported == 1
    assert list(meeting.key_figures_present.all()) == [programme.key_figure]


def test_the_list_of_district_networks_counts_members_and_meetings_each_once(
    client: Any, world: World, programme: Scene
) -> None:
    """Counted side by side, members and meetings do not multiply each other."""
    chair = actor_for(world.users["chair"])
    other = network_actions.save_contact_person(
        chair, None, organisation=world.youth, name="Tweede Contact", district="Noord"
    )
    network_actions.set_district_members(
        chair,
        programme.network,
        contacts=[programme.contact, other],
        key_figures=[programme.key_figure],
    )
    for n in range(3):
        network_actions.record_district_meeting(
            chair,
            programme.network,
            held_on=date(2025, 1, 1) + timedelta(days=n),
            topics=f"Overleg {n}",
            others_present=0,
            signals_reported=0,
            contacts_present=[programme.contact, other],
            key_figures_present=[programme.key_figure],
        )
    network_actions.save_district_network(chair, name="Leeg netwerk", district="", description="")
    login(client, world.users["chair"])
    page = client.get(reverse("programme:districts"))
    numbers = {
        n.name: (n.n_contacts, n.n_key_figures, n.n_meetings) for n in page.context["networks"]
    }
    assert numbers == {programme.network.name: (2, 1, 3), "Leeg netwerk": (0, 0, 0)}
    export = client.get(reverse("programme:districts"), {"format": "csv"}).content.decode()
    assert f"{programme.network.name},Noord,2,1,3" in export


def test_a_networks_meetings_are_shown_latest_first_a_page_at_a_time(
    client: Any, world: World, programme: Scene
) -> None:
    from samen.programme.views import MEETINGS_PER_PAGE

    chair = actor_for(world.users["chair"])
    first = date(2024, 1, 1)
    for n in range(MEETINGS_PER_PAGE + 3):
        network_actions.record_district_meeting(
            chair,
            programme.network,
            held_on=first + timedelta(days=7 * n),
            topics=f"Overleg nummer {n}",
            others_present=1,
            signals_reported=0,
            contacts_present=[],
            key_figures_present=[],
        )
    login(client, world.users["chair"])
    url = reverse("programme:district_detail", kwargs={"pk": programme.network.pk})
    page = client.get(url)
    shown = list(page.context["meetings"])
    assert len(shown) == MEETINGS_PER_PAGE
    assert shown[0].topics == f"Overleg nummer {MEETINGS_PER_PAGE + 2}"  # the latest first
    older = client.get(f"{url}?{page.context['meetings'].next_query}")
    assert [m.topics for m in older.context["meetings"]] == [
        "Overleg nummer 2",
        "Overleg nummer 1",
        "Overleg nummer 0",
    ]


def test_retention_removes_the_network_at_its_own_terms_and_keeps_the_counts(
    world: World, programme: Scene, settings: Any
) -> None:
    chair = actor_for(world.users["chair"])
    today = timezone.localdate()
    gone = network_actions.save_contact_person(
        chair,
        None,
        organisation=world.youth,
        name="Vertrokken Contact",
        left_on=today - timedelta(days=400),
    )
    recent = network_actions.save_contact_person(
        chair, None, organisation=world.youth, name="Net Weg", left_on=today - timedelta(days=20)
    )
    expired = network_actions.save_key_figure(
        chair,
        None,
        name="Oude Sleutelfiguur",
        consent_given_on=date(2020, 1, 1),
        consent_scope="netwerk",
        retain_until=today - timedelta(days=1),
    )
    old_session = training_actions.plan_session(
        chair,
        programme.training,
        starts_on=today.replace(
            year=today.year - settings.RETENTION_TRAINING_PARTICIPANT_YEARS - 1
        ),
        place="",
        trainer="",
        capacity=None,
    )
    for name in ("Eerste Deelnemer", "Tweede Deelnemer"):
        training_actions.register_participant(
            chair, old_session, name=name, email="", organisation=world.police
        )
    current = training_actions.register_participant(
        chair, programme.session, name="Nieuwe Deelnemer", email="", organisation=world.police
    )
    report = apply_retention(today)
    assert report.contacts == [f"contact person {gone.pk}"]
    assert report.key_figures == [f"key figure {expired.pk}"]
    assert len(report.participants) == 2
    assert set(ContactPerson.objects.values_list("pk", flat=True)) == {
        programme.contact.pk,
        recent.pk,
    }
    assert list(KeyFigure.objects.values_list("pk", flat=True)) == [programme.key_figure.pk]
    assert list(TrainingParticipant.objects.values_list("pk", flat=True)) == [current.pk]
    (headcount,) = Headcount.objects.filter(session=old_session)
    assert (headcount.organisation, headcount.sector, headcount.count) == (
        world.police,
        "police_justice",
        2,
    )
    removed = AuditEntry.objects.filter(action="privacy.retention.removed")
    assert set(removed.values_list("object_type", flat=True)) == {
        "programme.contactperson",
        "programme.keyfigure",
        "programme.trainingparticipant",
    }
    assert not removed.filter(object_label__contains="Deelnemer").exists()


def test_a_request_of_the_person_covers_the_programmes_records(
    client: Any, world: World, programme: Scene
) -> None:
    chair = actor_for(world.users["chair"])
    training_actions.register_participant(
        chair,
        programme.session,
        name="Tweede Persoon",
        email="tweede@example.invalid",
        organisation=world.police,
    )
    network_actions.save_key_figure(
        chair,
        None,
        name="Tweede Persoon",
        email="iemand.anders@example.invalid",
        consent_given_on=date(2025, 1, 1),
        consent_scope="netwerk",
    )
    login(client, world.users["dpo"])
    url = reverse("privacy:subject_search")
    # The same name and e-mail address: the participant; the key figure of the same name has
    # another address and is left out.
    response = client.post(url, {"name": "tweede persoon", "email": "tweede@example.invalid"})
    assert response.status_code == 200
    found = response.context["programme"]
    assert [p.name for p in found["training_participant"]] == ["Tweede Persoon"]
    assert found["key_figure"] == []
    # By e-mail address alone.
    response = client.post(url, {"name": "Onbekend", "email": "tweede@example.invalid"})
    assert len(response.context["programme"]["training_participant"]) == 1
    export = client.post(
        url, {"name": "Tweede Persoon", "email": "tweede@example.invalid", "export": "json"}
    )
    assert "no-store" in export["Cache-Control"]
    report = json.loads(export.content)
    (participant,) = report["training_participants"]
    assert participant["name"] == "Tweede Persoon"
    assert participant["training"] == "Signaleren"
    assert participant["organisation"] == "Politie"
    assert report["key_figures"] == []
    assert AuditEntry.objects.filter(
        action="privacy.subject_access.export", object_type="programme"
    ).exists()
    # The casework person of the same name: their report includes both programme records.
    person = Person.objects.get(pk=world.case.person_id)
    detail = client.get(reverse("privacy:subject_detail", kwargs={"pk": person.pk}))
    assert detail.status_code == 200
    from samen.privacy.subject_access import subject_report

    full = subject_report(person)
    assert [r["name"] for r in full["training_participants"]] == ["Tweede Persoon"]
    assert [r["name"] for r in full["key_figures"]] == ["Tweede Persoon"]
    assert {row["reference"] for row in full["retention"]["programme"]} >= {
        f"key figure {KeyFigure.objects.get(name_index=blind_index('Tweede Persoon')).pk}"
    }
    pdf = client.post(url, {"name": "Tweede Persoon", "export": "pdf"})
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_who_is_trained_and_which_designated_officers_are_not_yet(
    client: Any, world: World, programme: Scene
) -> None:
    login(client, world.users["chair"])
    page = client.get(reverse("programme:trained"))
    (row,) = [r for r in page.context["rows"] if r.organisation == "Politie"]
    assert [o.name for o in row.untrained_officers] == ["Wijkagent Matrix"]
    assert row.officers == 1
    assert f'href="{reverse("programme:contact_edit", args=[programme.contact.pk])}"' in (
        page.content.decode()
    )
    export = client.get(reverse("programme:trained"), {"format": "csv"}).content.decode()
    assert "Politie,0,0,1,Wijkagent Matrix" in export
    client.post(
        reverse("programme:session_participant", kwargs={"pk": programme.session.pk}),
        {"name": "wijkagent matrix", "organisation": world.police.pk},
    )
    page = client.get(reverse("programme:trained"))
    (row,) = [r for r in page.context["rows"] if r.organisation == "Politie"]
    assert row.named == 1 and row.untrained_officers == [] and row.officers == 1
    assert AuditEntry.objects.filter(action="programme.trained.view").count() == 2
    assert AuditEntry.objects.filter(action="programme.network.export").count() == 1


def test_members_are_chosen_among_the_district_unless_everyone_is_asked_for(
    client: Any, world: World, programme: Scene
) -> None:
    chair = actor_for(world.users["chair"])
    network_actions.save_contact_person(
        chair, None, organisation=world.youth, name="Buurtwerker Noord", district="Noord"
    )
    zuid = network_actions.save_contact_person(
        chair, None, organisation=world.youth, name="Buurtwerker Zuid", district="Zuid"
    )
    login(client, world.users["chair"])
    url = reverse("programme:district_members", kwargs={"pk": programme.network.pk})
    district = client.get(url).content.decode()
    assert "Buurtwerker Noord" in district and "Buurtwerker Zuid" not in district
    everyone = client.get(url, {"everyone": "1"}).content.decode()
    assert "Buurtwerker Noord" in everyone and "Buurtwerker Zuid" in everyone
    # A member from another district stays listed (and stays a member when the form is saved).
    network_actions.set_district_members(chair, programme.network, contacts=[zuid], key_figures=[])
    assert "Buurtwerker Zuid" in client.get(url).content.decode()
    assert AuditEntry.objects.filter(
        action="programme.district.view", object_id=str(programme.network.pk)
    ).exists()


def test_the_people_to_add_come_a_page_at_a_time_and_the_members_stay_ticked(
    client: Any, world: World, programme: Scene, monkeypatch: Any
) -> None:
    from samen.programme import views

    chair = actor_for(world.users["chair"])
    people = [
        network_actions.save_contact_person(
            chair, None, organisation=world.youth, name=f"Buurtwerker {n}", district="Noord"
        )
        for n in range(5)
    ]
    network_actions.set_district_members(
        chair, programme.network, contacts=[people[2]], key_figures=[programme.key_figure]
    )
    monkeypatch.setattr(views, "MEMBERS_PER_PAGE", 2)
    login(client, world.users["chair"])
    url = reverse("programme:district_members", kwargs={"pk": programme.network.pk})

    def shown(response: Any) -> tuple[set[int], set[int]]:
        form = response.context["members_form"]
        offered = {c.pk for c in form.fields["contacts"].queryset}
        return offered, set(form.initial["contacts"])

    first = client.get(url)
    offered, ticked = shown(first)
    assert ticked == {people[2].pk}
    assert offered == {people[2].pk, people[0].pk, people[1].pk}  # the member, then two to add
    second = client.get(f"{url}?{first.context['candidates'].next_query}")
    assert shown(second)[0] == {people[2].pk, people[3].pk, people[4].pk}
    assert not second.context["candidates"].has_next
    # Key figures offered instead: the contact persons shown are the members only.
    figures = client.get(url, {"add": "key_figures"})
    assert shown(figures)[0] == {people[2].pk}
    assert programme.key_figure.pk in {
        k.pk for k in figures.context["members_form"].fields["key_figures"].queryset
    }
    # Saved from the second page: the member kept, one added, the key figure untouched.
    response = client.post(
        url,
        {"contacts": [people[2].pk, people[4].pk], "key_figures": [programme.key_figure.pk]},
    )
    assert response.status_code == 302
    network = DistrictNetwork.objects.get(pk=programme.network.pk)
    assert set(network.contact_members.all()) == {people[2], people[4]}
    assert list(network.key_figure_members.all()) == [programme.key_figure]
    refused = client.post(url, {"contacts": [999999]})
    assert refused.status_code == 422 and refused.context["members_form"].errors


def test_who_was_present_is_named_members_from_the_list_and_former_members_read_once(
    client: Any, world: World, programme: Scene, django_assert_max_num_queries: Any
) -> None:
    """The names of who was present: members as listed (read once for the list, the form and
    the meetings), a contact person or key figure who left the network read as well; the
    number present counts the others too."""
    chair = actor_for(world.users["chair"])
    former = network_actions.save_contact_person(
        chair, None, organisation=world.police, name="Oud Lid", district="Noord"
    )
    guest = network_actions.save_key_figure(
        chair, None, name="Gast Sleutelfiguur", consent_given_on=date(2025, 1, 1), consent_scope="x"
    )
    network_actions.set_district_members(
        chair, programme.network, contacts=[programme.contact], key_figures=[programme.key_figure]
    )
    network_actions.record_district_meeting(
        chair,
        programme.network,
        held_on=date(2025, 2, 1),
        topics="Eerste",
        others_present=2,
        signals_reported=0,
        contacts_present=[programme.contact, former],
        key_figures_present=[programme.key_figure, guest],
    )
    network_actions.record_district_meeting(
        chair,
        programme.network,
        held_on=date(2025, 3, 1),
        topics="Tweede",
        others_present=0,
        signals_reported=0,
        contacts_present=[programme.contact],
        key_figures_present=[],
    )
    login(client, world.users["chair"])
    url = reverse("programme:district_detail", kwargs={"pk": programme.network.pk})
    page = client.get(url)
    second, first = page.context["meetings"]
    contact_name, key_figure_name = programme.contact.name, programme.key_figure.name
    # Contact persons by organisation, then the key figures by district (as their lists).
    contacts = sorted([programme.contact, former], key=lambda c: (c.organisation.name, c.pk))
    key_figures = sorted([programme.key_figure, guest], key=lambda k: (k.district, k.pk))
    expected = [person.name for person in [*contacts, *key_figures]]
    assert first.present == expected
    assert first.number_present == 6
    assert second.present == [contact_name] and second.number_present == 1
    assert ", ".join(expected) in page.content.decode()
    assert key_figure_name in expected
    # Former members cost one query each kind, whatever their number.
    with django_assert_max_num_queries(30) as counted:
        client.get(url)
    before = len(counted.captured_queries)
    for n in range(3):
        extra = network_actions.save_contact_person(
            chair, None, organisation=world.youth, name=f"Gast {n}", district="Noord"
        )
        network_actions.record_district_meeting(
            chair,
            programme.network,
            held_on=date(2025, 4, 1 + n),
            topics=f"Later {n}",
            others_present=0,
            signals_reported=0,
            contacts_present=[extra],
            key_figures_present=[guest],
        )
    with django_assert_max_num_queries(before) as counted:
        client.get(url)
    assert len(counted.captured_queries) == before
