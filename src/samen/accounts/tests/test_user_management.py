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
