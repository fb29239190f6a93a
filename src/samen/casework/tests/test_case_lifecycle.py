"""A case from admission to closing and reopening; participants, notes, plan and concern."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from samen.accounts.tests.factories import UserFactory
from samen.audit.models import AuditEntry
from samen.casework import policy
from samen.casework.actions import WorkflowError
from samen.casework.actions import cases as case_actions
from samen.casework.lifecycle import Phase
from samen.casework.models import (
    CaseNote,
    ClosureRequest,
    ConcernAssessment,
    Intervention,
    PhaseChange,
    Review,
)
from samen.casework.queries.plan import plan_is_approved
from samen.casework.tests.factories import World, actor_for, pdf_file
from samen.conftest import login

pytestmark = pytest.mark.django_db


PREFIXES = {
    "case_move": "move",
    "case_request_closure": "closure",
    "case_decide_closure": "decide",
    "case_reopen": "reopen",
    "case_review": "review",
    "case_manager": "manager",
    "case_add_participant": "participant",
    "case_remove_participant": "removal",
    "case_concern": "concern",
    "case_note": "note",
    "case_goal": "goal",
    "case_intervention": "intervention",
    "case_approve_plan": "approve",
    "case_assessment": "assessment",
}


def post(client: Any, name: str, world: World, data: dict[str, Any], **kwargs: Any) -> Any:
    """Post a form of the case page; every form there has its own prefix (unique field ids)."""
    prefixed = {f"{PREFIXES[name]}-{key}": value for key, value in data.items()}
    url = reverse(f"casework:{name}", kwargs={"pk": world.case.pk, **kwargs})
    return client.post(url, prefixed)


def test_phases_move_only_along_the_allowed_moves(client: Any, world: World) -> None:
    login(client, world.users["case_manager"])
    refused = post(client, "case_move", world, {"to_phase": "monitoring", "reason": "x"})
    assert refused.status_code == 422  # not a move from "admitted"
    assert (
        post(client, "case_move", world, {"to_phase": "assessment", "reason": ""}).status_code
        == 422
    )
    post(client, "case_move", world, {"to_phase": "assessment", "reason": "Duiding starten"})
    post(client, "case_move", world, {"to_phase": "plan", "reason": "Duiding klaar"})
    world.case.refresh_from_db()
    assert world.case.phase == Phase.PLAN
    # Monitoring needs a plan approved by a second person after its last change.
    post(client, "case_move", world, {"to_phase": "monitoring", "reason": "Plan loopt"})
    world.case.refresh_from_db()
    assert world.case.phase == Phase.PLAN
    changes = PhaseChange.objects.filter(case=world.case)
    assert [(c.from_phase, c.to_phase) for c in changes] == [
        ("admitted", "assessment"),
        ("assessment", "plan"),
    ]
    assert changes.first().reason == "Duiding starten"


def test_plan_needs_a_second_person(client: Any, world: World) -> None:
    manager = world.users["case_manager"]
    login(client, manager)
    post(client, "case_approve_plan", world, {})  # the manager made the plan: refused
    assert not world.case.plan_approvals.exists()
    login(client, world.users["chair"])
    post(client, "case_approve_plan", world, {"note": "Akkoord"})
    assert plan_is_approved(world.case)
    # A change to the plan makes the approval stale.
    login(client, manager)
    post(client, "case_goal", world, {"text": "Weer naar school"})
    assert not plan_is_approved(world.case)


def test_closing_needs_a_reason_and_a_second_person(client: Any, world: World) -> None:
    manager = world.users["case_manager"]
    login(client, manager)
    post(
        client,
        "case_request_closure",
        world,
        {"closing_reason": "goals_reached", "explanation": "Doelen bereikt."},
    )
    pending = ClosureRequest.objects.get(case=world.case)
    assert pending.decided_at is None
    with pytest.raises(WorkflowError):
        case_actions.decide_closure(actor_for(manager), world.case, approve=True)
    login(client, world.users["chair"])
    page = client.get(reverse("casework:case_detail", kwargs={"pk": world.case.pk}))
    assert "decide_form" in page.context
    post(client, "case_decide_closure", world, {"decision": "approve", "note": "Eens"})
    world.case.refresh_from_db()
    assert world.case.phase == Phase.CLOSED
    closing = PhaseChange.objects.get(case=world.case, to_phase=Phase.CLOSED)
    assert closing.approved_by == world.users["chair"]
    assert closing.changed_by == manager
    due = sorted(Review.objects.filter(case=world.case).values_list("due_on", flat=True))
    today = timezone.localdate()
    assert len(due) == 2
    assert 180 <= (due[0] - today).days <= 184 and 364 <= (due[1] - today).days <= 366
    assert AuditEntry.objects.filter(action="casework.case.closure_approved").exists()

    # Reviews are recorded; the case can be reopened with a reason.
    review = Review.objects.filter(case=world.case).first()
    post(client, "case_review", world, {"note": "Geen nieuwe signalen."}, review_pk=review.pk)
    review.refresh_from_db()
    assert review.done_by == world.users["chair"]
    assert (
        post(client, "case_reopen", world, {"to_phase": "monitoring", "reason": ""}).status_code
        == 422
    )
    post(client, "case_reopen", world, {"to_phase": "monitoring", "reason": "Nieuw signaal"})
    world.case.refresh_from_db()
    assert world.case.phase == Phase.MONITORING
    reopened = PhaseChange.objects.filter(case=world.case).latest("pk")
    assert (reopened.from_phase, reopened.reason) == ("closed", "Nieuw signaal")
    assert AuditEntry.objects.filter(action="casework.case.reopen").exists()


def test_rejected_closure_keeps_the_case_open(client: Any, world: World) -> None:
    login(client, world.users["case_manager"])
    post(client, "case_request_closure", world, {"closing_reason": "moved", "explanation": "x"})
    login(client, world.users["chair"])
    post(client, "case_decide_closure", world, {"decision": "reject", "note": "Nog niet"})
    world.case.refresh_from_db()
    assert world.case.phase == Phase.ADMITTED
    assert ClosureRequest.objects.get(case=world.case).approved is False


def test_participants_are_added_and_removed_with_reasons(client: Any, world: World) -> None:
    login(client, world.users["case_manager"])
    post(
        client,
        "case_add_participant",
        world,
        {"organisation": world.outsider_org.pk, "reason": "Hulpvraag GGZ"},
    )
    assert policy.cases_visible_to(world.outsider).filter(pk=world.case.pk).exists()
    participation = world.case.participations.current().get(organisation=world.outsider_org)
    post(
        client,
        "case_remove_participant",
        world,
        {"reason": "Niet meer nodig"},
        participation_pk=participation.pk,
    )
    assert not policy.cases_visible_to(world.outsider).filter(pk=world.case.pk).exists()
    participation.refresh_from_db()
    assert participation.removal_reason == "Niet meer nodig"  # kept, not deleted
    removed = AuditEntry.objects.get(action="casework.case.participant_removed")
    assert removed.reason == ""  # the reason stays encrypted with the participation
    assert "Niet meer nodig" not in removed.canonical().decode()
    # The municipality holds direction and cannot be removed.
    own = world.case.participations.current().get(organisation=world.municipality)
    post(client, "case_remove_participant", world, {"reason": "x"}, participation_pk=own.pk)
    assert world.case.participations.current().filter(organisation=world.municipality).exists()


def test_restricted_contribution_is_invisible_to_everyone_else(client: Any, world: World) -> None:
    police_member = world.users["case_table_member"]
    login(client, police_member)
    post(
        client,
        "case_note",
        world,
        {"text": "Alleen voor jeugdzorg: strafrechtelijke info", "restricted_to": [world.youth.pk]},
    )
    post(client, "case_note", world, {"text": "Voor iedereen: gesprek gevoerd"})
    note = CaseNote.objects.get(restricted=True)
    assert note.organisation == world.police

    def sees(user: Any) -> bool:
        login(client, user)
        page = client.get(reverse("casework:case_detail", kwargs={"pk": world.case.pk}))
        return b"strafrechtelijke info" in page.content

    assert sees(police_member)  # the source organisation
    assert sees(world.users["youthcare"])  # the organisation it is meant for
    assert not sees(world.users["chair"])  # the municipality takes part but was not chosen
    assert policy.notes_visible_to(world.users["chair"]).count() == 1


def test_concern_history_is_kept(client: Any, world: World) -> None:
    login(client, world.users["case_manager"])
    post(
        client, "case_concern", world, {"ideology": "unclear", "level": "moderate", "reasons": "a"}
    )
    post(client, "case_concern", world, {"ideology": "jihadist", "level": "high", "reasons": "b"})
    assert list(
        ConcernAssessment.objects.filter(case=world.case).values_list("ideology", flat=True)
    ) == ["jihadist", "unclear"]


def test_intervention_consent_is_recorded(client: Any, world: World) -> None:
    login(client, world.users["case_manager"])
    data = {
        "domain": "education",
        "description": "Terug naar school",
        "responsible": world.youth.pk,
        "starts_on": timezone.localdate().isoformat(),
        "planned_end": (timezone.localdate() - timedelta(days=1)).isoformat(),
        "status": "planned",
        "voluntary": "on",
        "consent_given": "true",
    }
    failed = post(client, "case_intervention", world, data)
    assert failed.status_code == 422
    assert b"Terug naar school" in failed.content
    data.update(
        planned_end=(timezone.localdate() + timedelta(days=60)).isoformat(),
        consent_by="parent",
        consent_on=timezone.localdate().isoformat(),
        consent_scope="Begeleiding door jeugdzorg",
    )
    post(client, "case_intervention", world, data)
    intervention = Intervention.objects.get(domain="education")
    assert intervention.consent_by == "parent"
    assert intervention.consent_scope == "Begeleiding door jeugdzorg"


def test_case_manager_is_chosen_among_participants(client: Any, world: World) -> None:
    outsider_manager = UserFactory(organisation=world.outsider_org, roles=["case_manager"])
    login(client, world.users["case_manager"])
    assert (
        post(client, "case_manager", world, {"case_manager": outsider_manager.pk}).status_code
        == 422
    )
    post(client, "case_manager", world, {"case_manager": world.users["case_manager"].pk})
    world.case.refresh_from_db()
    assert world.case.case_manager == world.users["case_manager"]


def test_timeline_merges_the_history(client: Any, world: World) -> None:
    login(client, world.users["chair"])
    client.cookies["django_language"] = "en"
    page = client.get(reverse("casework:case_detail", kwargs={"pk": world.case.pk}))
    kinds = [event.kind for event in page.context["timeline"]]
    assert set(kinds) == {"Signal", "Weighing", "Intervention"}
    assert kinds[-1] == "Signal"  # newest first, the signal is the oldest


def test_assessments_per_domain_are_kept_per_partner(client: Any, world: World) -> None:
    for user, text in [
        (world.users["case_table_member"], "Zoekt contact met radicale groep"),
        (world.users["youthcare"], "Vooral eenzaam, zoekt erkenning"),
    ]:
        login(client, user)
        post(client, "case_assessment", world, {"domain": "social", "risk_factors": text})
    assert post(client, "case_assessment", world, {"domain": "social"}).status_code == 422
    assessments = world.case.domain_assessments.filter(domain="social")
    assert {a.organisation for a in assessments} == {world.police, world.youth}


def test_attachments_are_checked_encrypted_and_served_through_the_policy(
    client: Any, world: World, settings: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from samen.casework import attachments
    from samen.casework.models import Attachment

    login(client, world.users["case_table_member"])
    url = reverse("casework:case_attachment", kwargs={"pk": world.case.pk})
    fake = SimpleUploadedFile("rapport.pdf", b"MZ\x90\x00 not a pdf \x00", "application/pdf")
    refused = client.post(
        url, {"attachment-kind": "other", "attachment-title": "Rapport", "attachment-file": fake}
    )
    assert refused.status_code == 422
    assert b'value="Rapport"' in refused.content
    secret_pdf = pdf_file("geheime duiding")
    pdf = SimpleUploadedFile("duiding NCTV.pdf", secret_pdf, "application/pdf")
    assert (
        client.post(
            url,
            {
                "attachment-kind": "external_assessment",
                "attachment-title": "NCTV",
                "attachment-file": pdf,
            },
        ).status_code
        == 302
    )
    attachment = Attachment.objects.get(
        kind="external_assessment", case=world.case, pk__gt=world.attachment.pk
    )
    assert attachment.title == "NCTV"
    on_disk = (attachments.storage_dir() / attachment.storage_name).read_bytes()
    assert b"geheime duiding" not in on_disk
    assert attachments.storage_dir().resolve() != (settings.STATIC_ROOT).resolve()
    download = reverse(
        "casework:attachment_download", kwargs={"pk": world.case.pk, "attachment_pk": attachment.pk}
    )
    response = client.get(download)
    assert response.content == secret_pdf
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert AuditEntry.objects.filter(
        action="casework.attachment.download", object_id=str(attachment.pk)
    ).exists()
    login(client, world.outsider)
    assert client.get(download).status_code == 404


def test_an_organisation_that_withdraws_from_the_covenant_loses_access(world: World) -> None:
    member = world.users["case_table_member"]
    assert policy.cases_visible_to(member).exists()
    world.police.covenant_signed = False
    world.police.save()
    member = type(member).objects.get(pk=member.pk)
    assert not policy.cases_visible_to(member).exists()


def test_actions_go_only_to_organisations_taking_part(client: Any, world: World) -> None:
    login(client, world.users["chair"])
    url = reverse("casework:item_record", kwargs={"pk": world.meeting.pk, "item_pk": world.item.pk})
    opened = client.get(url, HTTP_HX_REQUEST="true")
    item = world.item
    owners = {label for _, label in opened.context["form"].fields["owner"].choices if _}
    assert owners == {world.municipality.name, world.police.name, world.youth.name}
    refused = client.post(
        url,
        {
            f"record-{item.pk}-action": "x",
            f"record-{item.pk}-owner": world.outsider_org.pk,
            f"record-{item.pk}-due_date": (timezone.localdate() + timedelta(days=3)).isoformat(),
        },
    )
    assert refused.status_code == 422
