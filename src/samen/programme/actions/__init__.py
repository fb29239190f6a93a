"""Every change of the programme's state, one module per part.

Each action takes an explicit ``actor`` (``samen.audit.actor.Actor``) and explicit values, runs
in one transaction, writes its audit entry in that transaction and returns what it did. An
existing row is read afresh (and locked) before it is changed, so the audit entry can name the
fields that changed. A change that does not fit the state raises ``ProgrammeError``.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from samen.audit.actor import Actor


class ProgrammeError(ValueError):
    """The change does not fit the state of the programme."""


def municipality_of(actor: Actor) -> int:
    """The municipality whose programme the acting user works on."""
    municipality_id = actor.acting_user.organisation.home_municipality_id
    if municipality_id is None:
        raise ProgrammeError("the user's organisation belongs to no municipality")
    return municipality_id


def apply(instance: models.Model, values: dict[str, Any]) -> list[str]:
    """Set ``values`` on a row read afresh; returns the names of the fields that changed
    (many-to-many values are set after saving, by ``apply_m2m``)."""
    changed = []
    for name, value in values.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed.append(name)
    return changed


def apply_m2m(instance: models.Model, values: dict[str, Any]) -> list[str]:
    changed = []
    for name, value in values.items():
        related = getattr(instance, name)
        wanted = {obj.pk for obj in value}
        if set(related.values_list("pk", flat=True)) != wanted:
            related.set(list(value))
            changed.append(name)
    return changed


def changes(instance: models.Model, changed: list[str], created: bool) -> str:
    """The audit label of a save: the object and what changed."""
    label = instance.audit_label()  # type: ignore[attr-defined]
    if created:
        return f"{label}: created"
    return f"{label}: {', '.join(changed) or 'no change'}"
