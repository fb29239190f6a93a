"""Every page and API call that shows personal data writes its audit entry."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from samen.audit.models import AuditEntry
from samen.casework.tests.factories import World
from samen.conftest import login

pytestmark = pytest.mark.django_db

# url name, object on the world, actor, action id, what the entry names
PAGES = [
    ("casework:signal_list", None, "advisor", "casework.signal.list", "signal"),
    ("casework:signal_detail", "signal", "advisor", "casework.signal.view", "signal"),
    ("casework:case_list", None, "case_table_member", "casework.case.list", "case"),
    ("casework:case_detail", "case", "case_table_member", "casework.case.view", "case"),
    ("casework:meeting_list", None, "chair", "casework.meeting.list", "meeting"),
    ("casework:meeting_detail", "meeting", "chair", "casework.meeting.view", "meeting"),
    ("accounts:user_list", None, "administrator", "accounts.user.list", None),
    ("audit:log", None, "dpo", "audit.log.view", None),
    ("api:signal-list", None, "advisor", "casework.signal.list", "signal"),
    ("api:signal-detail", "signal", "advisor", "casework.signal.view", "signal"),
    ("api:case-list", None, "case_table_member", "casework.case.list", "case"),
    ("api:case-detail", "case", "case_table_member", "casework.case.view", "case"),
]


@pytest.mark.parametrize(("name", "attribute", "actor", "action", "named"), PAGES)
def test_page_writes_its_entry(
    client: Any,
    world: World,
    name: str,
    attribute: str | None,
    actor: str,
    action: str,
    named: str | None,
) -> None:
    login(client, world.users[actor])
    kwargs = {"pk": getattr(world, attribute).pk} if attribute else None
    before = AuditEntry.objects.count()
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 200
    entries = AuditEntry.objects.order_by("id")[before:]
    entry = next(e for e in entries if e.action == action)
    assert entry.user_label == actor
    assert entry.request_id == response["X-Request-ID"]
    if named is not None:
        assert getattr(world, named).audit_label() in entry.object_label


def test_user_edit_page_is_audited(client: Any, world: World) -> None:
    login(client, world.users["administrator"])
    target = world.users["reporter"]
    client.get(reverse("accounts:user_edit", kwargs={"pk": target.pk}))
    assert AuditEntry.objects.filter(action="accounts.user.view", object_id=str(target.pk)).exists()


def test_public_report_is_audited_without_a_user(client: Any, world: World) -> None:
    client.post(
        reverse("casework:public_report"),
        {"municipality": world.municipality.pk, "observation": "Zorgen", "anonymous": "on"},
    )
    entry = AuditEntry.objects.filter(action="casework.signal.report").latest("id")
    assert entry.user_id is None
    assert entry.object_label.startswith("S-")
