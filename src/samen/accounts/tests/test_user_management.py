"""The administrator manages users and roles, and cannot open casework."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from samen.accounts.models import Role, User
from samen.audit.models import AuditEntry
from samen.casework.tests.factories import World
from samen.conftest import login


def test_administrator_creates_a_user_with_roles(client: Any, world: World) -> None:
    login(client, world.users["administrator"])
    role = Role.objects.get(code="case_table_member")
    response = client.post(
        reverse("accounts:user_create"),
        {
            "username": "nieuw",
            "full_name": "Nieuwe Collega",
            "email": "nieuw@example.invalid",
            "organisation": world.police.pk,
            "roles": [role.pk],
            "is_active": "on",
            "password": "een lang en sterk wachtwoord",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="nieuw")
    assert user.check_password("een lang en sterk wachtwoord")
    assert user.can("case.view")
    assert AuditEntry.objects.filter(action="accounts.user.create", object_id=str(user.pk)).exists()


def test_weak_password_is_refused_and_input_kept(client: Any, world: World) -> None:
    login(client, world.users["administrator"])
    response = client.post(
        reverse("accounts:user_create"),
        {
            "username": "nieuw",
            "full_name": "Nieuwe Collega",
            "organisation": world.police.pk,
            "password": "kort",
        },
    )
    assert response.status_code == 200
    assert not User.objects.filter(username="nieuw").exists()
    assert b'value="Nieuwe Collega"' in response.content


def test_reset_two_factor_requires_a_reason(client: Any, world: World) -> None:
    target = world.users["advisor"]
    TOTPDevice.objects.create(user=target, name="phone", confirmed=True)
    login(client, world.users["administrator"])
    url = reverse("accounts:user_reset_two_factor", kwargs={"pk": target.pk})
    client.post(url, {"reason": ""})
    assert TOTPDevice.objects.filter(user=target).exists()
    client.post(url, {"reason": "Telefoon verloren"})
    assert not TOTPDevice.objects.filter(user=target).exists()
    entry = AuditEntry.objects.get(action="accounts.two_factor.reset")
    assert entry.reason == "Telefoon verloren"


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
    chair = Role.objects.get(code="chair")
    client.post(
        reverse("accounts:user_edit", kwargs={"pk": target.pk}),
        {
            "username": target.username,
            "full_name": target.full_name,
            "organisation": target.organisation_id,
            "roles": [chair.pk],
            "is_active": "on",
        },
    )
    entry = AuditEntry.objects.get(action="accounts.user.update")
    assert entry.object_label.endswith("[chair] active")


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
    assert entry.object_label == "Reclassering (probation, covenant 2026-01-15)"
