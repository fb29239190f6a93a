"""Rectification and erasure on request (GDPR Art. 16 and 17), by the DPO, with a reason.

Erasure anonymises in place (docs/decisions/0007-erasure-anonymises-in-place.md): every
registered personal-data row of the person, of their cases and of their signals
(``samen.core.personal_data``) has its encrypted and identifying columns overwritten (required
ones become ``[erased]``, the others empty, blind indexes empty) and attachment files are
deleted from disk, while the rows, their dates, phases and organisations stay, so that the
history of the case table, the counts and the audit chain remain whole. The audit entry is the
record of the erasure. Rectification goes through casework's one write path for a person.
"""

from __future__ import annotations

from typing import Any

from django.db import models, transaction
from django.utils.translation import gettext as _

from samen.audit.actor import Actor
from samen.audit.services import record
from samen.casework.actions import persons as person_actions
from samen.casework.attachments import storage_dir
from samen.casework.lifecycle import Phase
from samen.casework.models import Case, JoinedSignal, LegalHold, Person, Signal
from samen.core import personal_data


class ErasureRefused(Exception):
    """The person's data may not be erased now (an open case, a legal hold)."""


def signals_of(person: Person) -> models.QuerySet[Signal]:
    """The signals about the person: those their cases came from or that were added to them,
    and those with the same name and date of birth in the same municipality (never by name
    alone)."""
    # One id set from each index (the cases' origins, the signals added to the cases, the
    # blind index in the municipality), united: an OR across the joins would read every
    # signal of the installation.
    ids = (
        Case.objects.filter(person=person, origin__isnull=False)
        .order_by()
        .values("origin_id")
        .union(JoinedSignal.objects.filter(case__person=person).order_by().values("signal_id"))
    )
    if person.birth_date and person.name_index:
        ids = ids.union(
            Signal.objects.filter(
                subject_index=person.name_index, municipality_id=person.municipality_id
            )
            .order_by()
            .values("pk")
        )
    return Signal.objects.filter(pk__in=ids)


def roots_of(person: Person) -> dict[str, models.QuerySet[Any]]:
    """The aggregates that hold the person's data: the person, their cases, their signals."""
    return {
        "person": Person.objects.filter(pk=person.pk),
        "case": Case.objects.filter(person=person),
        "signal": Signal.objects.filter(
            pk__in=list(signals_of(person).values_list("pk", flat=True))
        ),
    }


def rectify_person(actor: Actor, person: Person, reason: str, **values: Any) -> list[str]:
    """Correct the person's details at the person's request; the one write path for a person
    (casework) does it, audited as a rectification with the reason."""
    return person_actions.update_person(
        actor, person, reason=reason, audit_action="privacy.person.rectify", **values
    )


def refusal(person: Person) -> str:
    """Why the person cannot be erased now, or an empty string."""
    cases = list(Case.objects.filter(person=person).values_list("pk", "phase"))
    if any(phase != Phase.CLOSED for _pk, phase in cases):
        return _("A case about this person is still open: the case table closes it first.")
    if LegalHold.objects.active().filter(case_id__in=[pk for pk, _phase in cases]).exists():
        return _("A case about this person is under a legal hold.")
    return ""


@transaction.atomic
def erase_person(actor: Actor, person: Person, reason: str) -> dict[str, int]:
    """Anonymise the person and everything only about them; refuse when the law says wait."""
    why = refusal(person)
    if why:
        raise ErasureRefused(why)
    counts, files = personal_data.blank(roots_of(person))
    record(
        actor,
        "privacy.person.erase",
        object_type="casework.person",
        object_id=str(person.pk),
        object_label=f"person {person.pk}",
        reason=reason,
    )
    folder = storage_dir()

    def unlink() -> None:
        for name in files:
            (folder / name).unlink(missing_ok=True)

    transaction.on_commit(unlink)
    counts["files"] = len(files)
    return counts
