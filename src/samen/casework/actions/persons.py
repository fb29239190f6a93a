"""Persons: the one write path for a person's details (also for rectification) and relations."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from samen.audit.actor import Actor
from samen.audit.services import record
from samen.casework.models import Case, Person, PersonRelation
from samen.core.blind_index import person_indexes

# The details of a person that people may change; the blind indexes follow them.
PERSON_FIELDS = ("name", "aliases", "birth_date", "gender", "district", "contact")


@transaction.atomic
def update_person(
    actor: Actor,
    person: Person,
    *,
    reason: str = "",
    audit_action: str = "casework.person.update",
    **values: Any,
) -> list[str]:
    """Change the person's details; returns the names of the fields that changed.

    The blind indexes follow, and so does the name the person's cases carry (signals keep the
    name as it was reported: the reporter's account). A case manager's correction and a
    rectification by the data protection officer (``privacy.person.rectify``, with a reason)
    both come here."""
    unknown = set(values) - set(PERSON_FIELDS)
    if unknown:
        raise TypeError(f"not a person's detail: {sorted(unknown)}")
    district = values.get("district")
    if district is not None and district.municipality_id != person.municipality_id:
        raise ValueError("the district belongs to another municipality")
    person = Person.objects.select_for_update().get(pk=person.pk)
    changed = [name for name, value in values.items() if getattr(person, name) != value]
    for name in changed:
        setattr(person, name, values[name])
    person.name_index, person.name_only_index = person_indexes(person.name, person.birth_date)
    person.save()
    if "name" in changed:
        for case in Case.objects.filter(person=person).only("pk", "subject_name"):
            case.subject_name = person.name
            case.save(update_fields=["subject_name"])
    record(
        actor,
        audit_action,
        person,
        object_label=f"person {person.pk}: {', '.join(changed) or 'no change'}",
        reason=reason,
    )
    return changed


@transaction.atomic
def add_relation(
    actor: Actor, person: Person, *, name: str, kind: str, note: str
) -> PersonRelation:
    relation = PersonRelation.objects.create(
        person=person, name=name, kind=kind, note=note, added_by=actor.acting_user
    )
    record(actor, "casework.person.relation", person, object_label=f"person {person.pk}: {kind}")
    return relation
