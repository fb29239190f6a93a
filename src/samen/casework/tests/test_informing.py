"""Informing the person: informed (when, how) or postponed (why, until when), with a link-only
reminder once the postponement has passed."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from samen.audit.models import AuditEntry
from samen.casework.actions import WorkflowError
from samen.casework.actions import informing as informing_actions
from samen.casework.models import InformingDecision
from samen.casework.tasks import remind_postponed_informing
from samen.casework.tests.factories import World, actor_for
from samen.conftest import login

pytestmark = pytest.mark.django_db


def test_case_manager_records_informing(client: Any, world: World) -> None:
    login(client, world.users["case_manager"])
    url = reverse("casework:case_informing", kwargs={"pk": world.case.pk})
    today = timezone.localdate()
    bad = client.post(url, {"informing-decision": "postponed", "informing-on": today})
    assert bad.status_code == 422
    assert {"reason", "until"} <= set(bad.context["form"].errors)
    ok = client.post(
        url,
        {
            "informing-decision": "postponed",
            "informing-on": today,
            "informing-reason": "Onderzoek loopt",
            "informing-until": today + timedelta(days=30),
        },
    )
    assert ok.status_code == 302
    assert InformingDecision.objects.get(case=world.case).until == today + timedelta(days=30)
    assert AuditEntry.objects.filter(action="casework.case.informing").exists()
    page = client.get(reverse("casework:case_detail", kwargs={"pk": world.case.pk}))
    assert len(page.context["informing"]) == 1 and not page.context["informing_overdue"]
    login(client, world.users["case_table_member"])
    page = client.get(reverse("casework:case_detail", kwargs={"pk": world.case.pk}))
    assert "informing_form" not in page.context
    assert client.post(url, {}).status_code == 403


def test_the_action_holds_its_rules(world: World) -> None:
    actor = actor_for(world.users["case_manager"])
    today = timezone.localdate()
    with pytest.raises(WorkflowError):
        informing_actions.record_informing(actor, world.case, decision="informed", on=today)
    with pytest.raises(WorkflowError):
        informing_actions.record_informing(
            actor, world.case, decision="postponed", on=today, reason="x", until=today
        )
    informed = informing_actions.record_informing(
        actor, world.case, decision="informed", on=today, how="brief", reason="x", until=today
    )
    assert informed.reason == "" and informed.until is None


def test_a_passed_postponement_is_reminded_by_link_only(client: Any, world: World) -> None:
    manager = world.users["case_manager"]
    manager.email = "casemanager@example.invalid"
    manager.save()
    today = timezone.localdate()
    informing_actions.record_informing(
        actor_for(manager),
        world.case,
        decision="postponed",
        on=today - timedelta(days=10),
        reason="Tweede Persoon mag het nog niet weten",
        until=today - timedelta(days=1),
    )
    mail.outbox.clear()
    assert remind_postponed_informing.call() == 1
    assert [m.to for m in mail.outbox] == [["casemanager@example.invalid"]]
    text = mail.outbox[0].subject + mail.outbox[0].body
    assert reverse("casework:case_detail", args=[world.case.pk]) in text
    for secret in ("Tweede", "Persoon", world.case.reference, "weten"):
        assert secret not in text
    login(client, manager)
    page = client.get(reverse("casework:case_detail", kwargs={"pk": world.case.pk}))
    assert page.context["informing_overdue"]
    # A new decision ends the reminders.
    informing_actions.record_informing(
        actor_for(manager), world.case, decision="informed", on=today, how="gesprek"
    )
    mail.outbox.clear()
    call_command("remind_informing")
    assert mail.outbox == []
