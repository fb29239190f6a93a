"""The roles samen ships with, brought up to date on an existing database.

Migrations create the roles with their data frozen as it was at the time; this brings the
default roles of an existing database to the current definition (``DEFAULT_ROLES``), e.g. after
an upgrade that changed what a role grants. Roles an installation added itself are left alone.
Idempotent: a second run changes nothing. Called by ``samen sync-defaults``.
"""

from __future__ import annotations

from django.db import transaction

from samen.accounts.capabilities import DEFAULT_ROLES
from samen.accounts.models import Role
from samen.audit.actor import Actor
from samen.audit.services import record


@transaction.atomic
def sync_default_roles(actor: Actor, *, dry_run: bool = False) -> list[str]:
    """Create missing default roles and set the name and capabilities of the existing ones to
    the shipped definition; returns what changed (role codes with a word on the change)."""
    changes: list[str] = []
    existing = {role.code: role for role in Role.objects.filter(code__in=DEFAULT_ROLES)}
    for code, (name, capabilities) in DEFAULT_ROLES.items():
        wanted = [str(c) for c in capabilities]
        role = existing.get(code)
        if role is None:
            changes.append(f"{code}: created")
            if not dry_run:
                role = Role.objects.create(code=code, name=name, capabilities=wanted)
                record(actor, "accounts.role.sync", role, object_label=f"{code}: {wanted}")
            continue
        if role.name == name and sorted(role.capabilities) == sorted(wanted):
            continue
        changes.append(f"{code}: updated")
        if not dry_run:
            role.name = name
            role.capabilities = wanted
            role.save(update_fields=["name", "capabilities"])
            record(actor, "accounts.role.sync", role, object_label=f"{code}: {wanted}")
    return changes
