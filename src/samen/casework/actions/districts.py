"""The districts of a municipality, kept by the coordinator."""

from __future__ import annotations

from django.db import transaction

from samen.audit.actor import Actor
from samen.audit.services import record
from samen.casework.actions import WorkflowError
from samen.casework.models import District


@transaction.atomic
def save_district(
    actor: Actor,
    district: District | None,
    *,
    municipality_id: int,
    name: str,
    position: int = 0,
    active: bool = True,
) -> District:
    """Add a district to the municipality's list (``district`` None) or change one. A district
    in use is renamed or taken out of use, never deleted: signals and persons keep pointing at
    it."""
    created = district is None
    if district is None:
        district = District(municipality_id=municipality_id)
    else:
        district = District.objects.select_for_update().get(pk=district.pk)
    if district.municipality_id != municipality_id:
        raise WorkflowError("the district belongs to another municipality")
    name = " ".join(name.split())
    taken = District.objects.filter(municipality_id=municipality_id, name__iexact=name)
    if taken.exclude(pk=district.pk).exists():
        raise WorkflowError("the municipality has a district with this name already")
    district.name = name
    district.position = position
    district.active = active
    district.save()
    record(
        actor,
        "casework.district.create" if created else "casework.district.update",
        district,
        object_label=f"{name} ({'active' if active else 'inactive'})",
    )
    return district
