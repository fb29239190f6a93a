"""Reads of accounts data that other apps share."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from samen.accounts.models import Role, User


def users_with(capability: str, organisations: Any) -> QuerySet[User]:
    """Active people of these organisations whose roles grant the capability (never a machine
    client: it is no case manager, attendee or recipient of mail)."""
    role_ids = [role.pk for role in Role.objects.all() if capability in role.capabilities]
    return (
        User.objects.filter(
            is_active=True, is_client=False, roles__in=role_ids, organisation__in=organisations
        )
        .distinct()
        .select_related("organisation")
        .order_by("full_name")
    )


def accounts_with(capability: str) -> QuerySet[User]:
    """Active people of any organisation whose roles grant the capability (e.g. the accounts of
    experts and providers a coordinator may put in the register)."""
    role_ids = [role.pk for role in Role.objects.all() if capability in role.capabilities]
    return (
        User.objects.filter(is_active=True, is_client=False, roles__in=role_ids)
        .distinct()
        .select_related("organisation")
        .order_by("full_name")
    )
