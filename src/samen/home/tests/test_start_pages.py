"""Every role starts on a page with something to do: the administrator, the data protection
officer, the hub editor and the analyst too."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from samen.accounts.tests.factories import UserFactory
from samen.audit.models import AuditEntry
from samen.audit.services import record
from samen.casework.tests.factories import World, actor_for
from samen.conftest import login
from samen.programme.models import PlanAction
from samen.programme.tests.authorization import scene as programme_scene

pytestmark = pytest.mark.django_db


def _start(client: Any, user: Any) -> str:
    login(client, user)
    client.cookies["django_language"] = "en"
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    return response.content.decode()


def test_the_data_protection_officer_starts_with_refused_attempts_and_rights(
    client: Any, world: World
) -> None:
    assert world.case is not None
    record(
        actor_for(world.users["outsider"]),
        "casework.case.view",
        world.case,
        outcome=AuditEntry.Outcome.DENIED,
    )
    html = _start(client, world.users["dpo"])
    assert "Refused attempts in the last 7 days" in html
    assert f"{reverse('audit:log')}?outcome=denied" in html
    assert reverse("privacy:subject_search") in html


def test_the_administrator_starts_with_requests_waiting(client: Any, world: World) -> None:
    html = _start(client, world.users["chair"])  # the world's request waits for a chair
    assert "Requests waiting for a second person" in html or "Open cases" in html
    admin = _start(client, world.users["administrator"])
    assert reverse("accounts:user_list") in admin
    assert "active users you administer" in admin


def test_the_hub_editor_starts_with_the_collection(client: Any, world: World) -> None:
    editor = UserFactory(username="editor", organisation=world.municipality, roles=["hub_editor"])
    html = _start(client, editor)
    assert "The knowledge hub" in html
    assert reverse("hub:import") in html and reverse("hub:thesaurus") in html


def test_the_coordinator_sees_programme_actions_due_and_overdue(client: Any, world: World) -> None:
    """Open actions due within thirty days and overdue ones, each counted once (one query for
    both); done actions and actions due later are not counted."""
    scene = programme_scene(world)  # one action, due in thirty days
    today = timezone.localdate()
    for days, status in ((-1, "planned"), (-40, "under_way"), (-2, "done"), (10, "under_way")):
        PlanAction.objects.create(
            theme=scene.theme,
            title=f"Actie {days}",
            lead_organisation=world.youth,
            planned_end=today + timedelta(days=days),
            status=status,
        )
    PlanAction.objects.create(
        theme=scene.theme,
        title="Later",
        lead_organisation=world.youth,
        planned_end=today + timedelta(days=31),
    )
    login(client, world.users["chair"])
    page = client.get(reverse("dashboard"))
    assert (page.context["programme_due"], page.context["programme_overdue"]) == (2, 2)
