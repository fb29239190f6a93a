"""The thin flow through HTTP: public signal -> weighing -> case -> case-table meeting."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from samen.accounts.tests.factories import OrganisationFactory, UserFactory
from samen.audit.models import AuditEntry
from samen.casework.models import Action, AgendaItem, Case, Decision, Meeting, Signal, Weighing
from samen.conftest import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def rivierstad() -> dict[str, Any]:
    town = OrganisationFactory(name="Gemeente Rivierstad", municipality_kind=True)
    police = OrganisationFactory(name="Politie", kind="police", municipality=town)
    youth = OrganisationFactory(name="Jeugdzorg", kind="youth_care", municipality=town)
    mental = OrganisationFactory(name="GGZ", kind="mental_health", municipality=town)
    school = OrganisationFactory(name="School", kind="school", municipality=town, unsigned=True)
    return {
        "town": town,
        "police": police,
        "youth": youth,
        "school": school,
        "coordinator": UserFactory(
            username="coordinator",
            organisation=town,
            roles=["advisor", "weighing_team", "chair", "case_manager"],
        ),
        "agent": UserFactory(username="agent", organisation=police, roles=["case_table_member"]),
        "outsider": UserFactory(username="ggz", organisation=mental, roles=["case_table_member"]),
        "admin": UserFactory(username="admin", organisation=town, roles=["administrator"]),
        "dpo": UserFactory(username="dpo", organisation=town, roles=["dpo"]),
    }


def test_signal_to_case_table(client: Any, rivierstad: dict[str, Any]) -> None:
    town = rivierstad["town"]
    # 1. An anonymous citizen reports through the public form and gets a receipt code.
    response = client.post(
        reverse("casework:public_report"),
        {
            "municipality": town.pk,
            "observation": "Mijn buurjongen deelt filmpjes van een haatprediker.",
            "subject_name": "Jan Voorbeeld",
            "anonymous": "on",
        },
        follow=True,
    )
    assert response.status_code == 200
    receipt = response.context["receipt"]
    assert len(receipt["code"]) == 14
    signal = Signal.objects.get(reference=receipt["reference"])
    assert signal.anonymous and signal.reporter_name == ""
    assert signal.status == Signal.Status.NEW
    # The code is shown once; it is not stored readably.
    assert receipt["code"] not in str(Signal.objects.filter(pk=signal.pk).values().get())
    assert client.get(reverse("casework:report_receipt")).status_code == 302

    # 2. The coordinator sees it for weighing and admits it with police and youth care.
    login(client, rivierstad["coordinator"])
    listing = client.get(reverse("casework:signal_list"), {"status": "new"})
    assert signal.reference.encode() in listing.content
    detail = client.get(reverse("casework:signal_detail", kwargs={"pk": signal.pk}))
    assert b"haatprediker" in detail.content
    weigh_url = reverse("casework:signal_weigh", kwargs={"pk": signal.pk})
    missing = client.post(weigh_url, {"outcome": "admit", "reasons": "Zorgen"})
    assert missing.status_code == 422  # admitting needs participants; the reasons stay
    assert b"Zorgen" in missing.content
    # An organisation that did not sign the covenant cannot be chosen.
    unsigned = client.post(
        weigh_url,
        {"outcome": "admit", "reasons": "Zorgen", "participants": [rivierstad["school"].pk]},
    )
    assert unsigned.status_code == 422
    response = client.post(
        weigh_url,
        {
            "outcome": "admit",
            "reasons": "Mogelijke radicalisering; politie en jeugdzorg nodig.",
            "participants": [rivierstad["police"].pk, rivierstad["youth"].pk],
        },
    )
    assert response.status_code == 302
    signal.refresh_from_db()
    assert signal.status == Signal.Status.ADMITTED
    weighing = Weighing.objects.get(signal=signal)
    assert weighing.weighed_by == rivierstad["coordinator"]
    case = Case.objects.get(origin=signal)
    assert set(case.participants.values_list("name", flat=True)) == {
        "Gemeente Rivierstad",
        "Politie",
        "Jeugdzorg",
    }
    # Weighing twice is refused.
    again = client.post(weigh_url, {"outcome": "no_concern", "reasons": "x"})
    assert again.status_code == 302
    assert Weighing.objects.filter(signal=signal).count() == 1

    # 3. The case goes on the agenda of a meeting with attendance, a decision and an action.
    starts = (timezone.localtime() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        reverse("casework:meeting_create"),
        {"title": "Casusoverleg", "starts_at": starts, "location": "Veiligheidshuis"},
    )
    meeting = Meeting.objects.get()
    assert response["Location"] == reverse("casework:meeting_detail", kwargs={"pk": meeting.pk})
    client.post(
        reverse("casework:meeting_attendance", kwargs={"pk": meeting.pk}),
        {"present": [rivierstad["coordinator"].pk, rivierstad["agent"].pk]},
    )
    assert meeting.attendances.count() == 2
    client.post(
        reverse("casework:meeting_agenda", kwargs={"pk": meeting.pk}), {"case": case.reference}
    )
    item = AgendaItem.objects.get(meeting=meeting, case=case)
    decision_url = reverse("casework:item_record", kwargs={"pk": meeting.pk, "item_pk": item.pk})
    response = client.post(
        decision_url,
        {f"record-{item.pk}-decision": "Start persoonsgerichte aanpak."},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert b"<html" not in response.content  # htmx gets the agenda item alone
    assert b"Start persoonsgerichte aanpak." in response.content
    due = (timezone.localdate() + timedelta(days=14)).isoformat()
    action_url = decision_url
    past = client.post(
        action_url,
        {
            f"record-{item.pk}-action": "Gesprek met ouders",
            f"record-{item.pk}-owner": rivierstad["youth"].pk,
            f"record-{item.pk}-due_date": "2000-01-01",
        },
    )
    assert past.status_code == 422
    assert b"Gesprek met ouders" in past.content  # nothing typed is lost
    client.post(
        action_url,
        {
            f"record-{item.pk}-action": "Gesprek met ouders",
            f"record-{item.pk}-owner": rivierstad["youth"].pk,
            f"record-{item.pk}-due_date": due,
        },
    )
    assert Decision.objects.get(agenda_item=item).text == "Start persoonsgerichte aanpak."
    action = Action.objects.get(agenda_item=item)
    assert action.owner == rivierstad["youth"]

    # 4. The police member sees the case with its decision and action.
    login(client, rivierstad["agent"])
    detail = client.get(reverse("casework:case_detail", kwargs={"pk": case.pk}))
    assert detail.status_code == 200
    assert b"Gesprek met ouders" in detail.content
    assert case.reference.encode() in client.get(reverse("casework:case_list")).content

    # 5. A partner that does not take part sees it nowhere: detail, list, count, agenda, API.
    login(client, rivierstad["outsider"])
    assert client.get(reverse("casework:case_detail", kwargs={"pk": case.pk})).status_code == 404
    assert case.reference.encode() not in client.get(reverse("casework:case_list")).content
    assert client.get(reverse("dashboard")).context["cases_open"] == 0
    agenda = client.get(reverse("casework:meeting_detail", kwargs={"pk": meeting.pk}))
    assert agenda.status_code == 200
    assert case.reference.encode() not in agenda.content
    assert b"Jan Voorbeeld" not in agenda.content
    assert client.get(reverse("api:case-list")).json()["results"] == []

    # 6. The administrator manages users but cannot open the case.
    login(client, rivierstad["admin"])
    assert client.get(reverse("casework:case_detail", kwargs={"pk": case.pk})).status_code == 403
    assert client.get(reverse("accounts:user_list")).status_code == 200

    # 7. The DPO sees all of it in the audit log, and the chain is intact.
    login(client, rivierstad["dpo"])
    log = client.get(reverse("audit:log"), {"object_id": str(case.pk)})
    actions = {entry.action for entry in log.context["page"]}
    assert {"casework.case.admit", "casework.case.view"} <= actions
    denied = AuditEntry.objects.filter(outcome="denied", user_label="ggz")
    assert denied.filter(action="casework.case.view").exists()
    assert AuditEntry.objects.filter(action="casework.signal.weigh").exists()
    call_command("audit_verify")
