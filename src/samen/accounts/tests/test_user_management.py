"""The administrator manages users and roles, and cannot open casework."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from samen.accounts.models import Role, User
from samen.audit.models import AuditEntry
from samen.casework.tests.factories import World
from samen.conftest import login


def test_administrator_creates_a_user_without_a_password(client: Any, world: World) -> None:
    login(client, world.users["administrator"])
    role = Role.objects.get(code="analyst")
    response = client.post(
        reverse("accounts:user_create"),
        {
            "username": "nieuw",
            "full_name": "Nieuwe Collega",
            "email": "nieuw@example.invalid",
            "organisation": world.municipality.pk,
            "roles": [role.pk],
            "is_active": "on",
            "password": "een lang en sterk wachtwoord",
        },
    )
    # The set-up link is shown this once; no password was set by the administrator.
    assert response.status_code == 200
    assert "/accounts/set-up/" in response.context["secret"]
    user = User.objects.get(username="nieuw")
    assert not user.has_usable_password()
    # A role without personal data takes effect at once.
    assert user.can("reports.view")
    assert AuditEntry.objects.filter(action="accounts.user.create", object_id=str(user.pk)).exists()
    assert AuditEntry.objects.filter(
        action="accounts.setup_link.issued", object_id=str(user.pk)
    ).exists()


@pytest.mark.parametrize("name", ["casework:case_list", "casework:signal_list", "audit:log"])
def test_administrator_cannot_open_casework_or_the_audit_log(
    client: Any, world: World, name: str
) -> None:
    login(client, world.users["administrator"])
    assert client.get(reverse(name)).status_code == 403
    assert AuditEntry.objects.filter(
        action="accounts.capability.denied", outcome="denied", user_label="administrator"
    ).exists()


def test_administrator_cannot_grant_themselves_roles(client: Any, world: World) -> None:
    admin = world.users["administrator"]
    login(client, admin)
    chair = Role.objects.get(code="chair")
    client.post(
        reverse("accounts:user_edit", kwargs={"pk": admin.pk}),
        {
            "username": admin.username,
            "full_name": admin.full_name,
            "organisation": admin.organisation_id,
            "roles": [chair.pk],
        },
    )
    admin = User.objects.get(pk=admin.pk)
    assert set(admin.roles.values_list("code", flat=True)) == {"administrator"}
    assert admin.is_active


def test_role_changes_are_in_the_audit_snapshot(client: Any, world: World) -> None:
    login(client, world.users["administrator"])
    target = world.users["reporter"]
    analyst = Role.objects.get(code="analyst")
    client.post(
        reverse("accounts:user_edit", kwargs={"pk": target.pk}),
        {
            "username": target.username,
            "full_name": target.full_name,
            "organisation": target.organisation_id,
            "roles": [analyst.pk],
            "is_active": "on",
        },
    )
    entry = AuditEntry.objects.get(action="accounts.user.update")
    assert entry.object_label.endswith("[analyst] active")


def test_create_administrator_command(monkeypatch: Any, db: None) -> None:
    from django.core.management import call_command
    from django.core.management.base import CommandError

    monkeypatch.setattr(
        "samen.accounts.management.commands.create_administrator.getpass",
        lambda prompt: "een lang en sterk wachtwoord",
    )
    call_command(
        "create_administrator", "ilse", full_name="Ilse Kok", municipality="Gemeente Nieuwstad"
    )
    user = User.objects.get(username="ilse")
    assert user.organisation.kind == "municipality"
    assert user.can("users.manage")
    assert not user.has_casework_role
    with pytest.raises(CommandError, match="already exists"):
        call_command(
            "create_administrator", "ilse", full_name="Ilse Kok", municipality="Gemeente Nieuwstad"
        )
    monkeypatch.setattr(
        "samen.accounts.management.commands.create_administrator.getpass", lambda prompt: "kort"
    )
    with pytest.raises(CommandError):
        call_command(
            "create_administrator", "jan", full_name="Jan", municipality="Gemeente Nieuwstad"
        )


def test_administrator_records_a_covenant(client: Any, world: World) -> None:
    login(client, world.users["administrator"])
    url = reverse("accounts:organisation_create")
    data = {
        "name": "Reclassering",
        "kind": "probation",
        "municipality": world.municipality.pk,
        "covenant_signed": "on",
    }
    missing_date = client.post(url, data)
    assert missing_date.status_code == 200
    assert b"Reclassering" in missing_date.content
    response = client.post(url, {**data, "covenant_signed_on": "2026-01-15"})
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="accounts.organisation.create")
    assert entry.object_label == "Reclassering (probation, covenant 2026-01-15, serves [])"
