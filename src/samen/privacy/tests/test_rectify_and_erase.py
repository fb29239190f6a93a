"""Rectification and erasure on request: by the DPO, with a reason, audited."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.urls import reverse

from samen.audit.models import AuditEntry
from samen.casework.actions import cases as case_actions
from samen.casework.attachments import storage_dir
from samen.casework.lifecycle import Phase
from samen.casework.models import Case, CaseNote, Person, Signal
from samen.casework.tests.factories import World, actor_for
from samen.conftest import login
from samen.core.blind_index import blind_index
from samen.core.fields import ERASED

pytestmark = pytest.mark.django_db


def _person(world: World) -> Person:
    assert world.case is not None and world.case.person is not None
    return world.case.person


def test_rectification_needs_a_reason_and_recomputes_the_index(client: Any, world: World) -> None:
    person = _person(world)
    login(client, world.users["dpo"])
    url = reverse("privacy:subject_rectify", args=[person.pk])
    data = {
        "name": "Tweede Persoon-Jansen",
        "birth_date": "2001-02-03",
        "aliases": "",
        "gender": "unknown",
        "district": "",
        "contact": "",
    }
    assert client.post(url, data).status_code == 422
    response = client.post(url, {**data, "reason": "Art. 16, brief 2026-14"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.name == "Tweede Persoon-Jansen"
    assert person.name_index == blind_index("Tweede Persoon-Jansen", "2001-02-03")
    assert Case.objects.get(pk=world.case.pk).subject_name == "Tweede Persoon-Jansen"
    entry = AuditEntry.objects.get(action="privacy.person.rectify")
    assert entry.reason == "Art. 16, brief 2026-14"
    assert "Jansen" not in entry.object_label


def test_erasure_is_refused_while_a_case_is_open(client: Any, world: World) -> None:
    person = _person(world)
    login(client, world.users["dpo"])
    url = reverse("privacy:subject_erase", args=[person.pk])
    response = client.post(url, {"reason": "Art. 17", "confirm": "on"})
    assert response.status_code == 422
    assert Person.objects.get(pk=person.pk).name == "Tweede Persoon"
    assert not AuditEntry.objects.filter(action="privacy.person.erase").exists()


def test_erasure_is_refused_under_a_legal_hold(client: Any, world: World) -> None:
    Case.objects.filter(pk=world.case.pk).update(phase=Phase.CLOSED)
    case_actions.set_hold(actor_for(world.users["dpo"]), world.case, reason="Klacht in behandeling")
    login(client, world.users["dpo"])
    url = reverse("privacy:subject_erase", args=[_person(world).pk])
    assert client.post(url, {"reason": "Art. 17", "confirm": "on"}).status_code == 422
    assert Person.objects.get(pk=_person(world).pk).name == "Tweede Persoon"


def test_erasure_anonymises_the_person_and_everything_only_about_them(
    client: Any, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    person = _person(world)
    case = world.case
    assert case is not None and world.attachment is not None
    Case.objects.filter(pk=case.pk).update(phase=Phase.CLOSED)
    file = storage_dir() / world.attachment.storage_name
    assert file.exists()
    login(client, world.users["dpo"])
    url = reverse("privacy:subject_erase", args=[person.pk])
    assert client.post(url, {"reason": "Art. 17", "confirm": ""}).status_code == 422
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": "Art. 17, verzoek 12 mei", "confirm": "on"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.name, person.birth_date, person.name_index) == (ERASED, "", "")
    signal = Signal.objects.get(pk=world.weighed_signal.pk)
    assert (signal.subject_name, signal.observation, signal.reporter_name) == ("", ERASED, "")
    assert signal.weighings.get().reasons == ERASED
    assert Case.objects.get(pk=case.pk).interventions.get().description == ERASED
    assert not file.exists()
    # Other persons' records stay as they were.
    assert Signal.objects.get(pk=world.signal.pk).observation == "Zorgen over een buurjongen"
    entry = AuditEntry.objects.get(action="privacy.person.erase")
    assert (entry.object_id, entry.reason) == (str(person.pk), "Art. 17, verzoek 12 mei")
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM casework_person WHERE id = %s", [person.pk])
        assert cursor.fetchone()[0].startswith("fernet:")


def test_erasure_keeps_no_content_in_notes(world: World) -> None:
    from samen.privacy.erasure import erase_person

    case_actions.add_note(actor_for(world.users["chair"]), world.case, text="Een bijdrage")
    Case.objects.filter(pk=world.case.pk).update(phase=Phase.CLOSED)
    erase_person(actor_for(world.users["dpo"]), _person(world), "Art. 17")
    assert {n.text for n in CaseNote.objects.filter(case=world.case)} == {ERASED}
