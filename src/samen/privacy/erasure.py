"""Rectification and erasure on request (GDPR Art. 16 and 17), by the DPO, with a reason.

Erasure anonymises in place (docs/decisions/0007-erasure-anonymises-in-place.md): the personal
data of the person and of everything that is only about them is overwritten (encrypted columns
become ``[erased]`` or empty, blind indexes empty, attachment files deleted from disk), while the
rows, their dates, phases and organisations stay, so that the history of the case table, the
counts and the audit chain remain whole. The audit entry is the record of the erasure.
"""

from __future__ import annotations

from typing import Any

from django.db import models, transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils.translation import gettext as _

from samen.audit.services import record
from samen.casework.attachments import storage_dir
from samen.casework.lifecycle import Phase
from samen.casework.models import (
    Action,
    Attachment,
    Case,
    CaseNote,
    CaseParticipation,
    ClosureRequest,
    ConcernAssessment,
    Decision,
    DomainAssessment,
    Goal,
    Intervention,
    LegalHold,
    Person,
    PersonRelation,
    PhaseChange,
    PlanApproval,
    Review,
    Signal,
    SignalAddition,
    Weighing,
)
from samen.core.blind_index import blind_index
from samen.core.fields import ERASED, EncryptedTextField


class ErasureRefused(Exception):
    """The person's data may not be erased now (an open case, a legal hold)."""


@transaction.atomic
def rectify_person(request: HttpRequest, person: Person, reason: str, **values: Any) -> Person:
    """Correct the person's details; the blind indexes follow, and so does the name the
    person's cases carry. Signals keep the name as it was reported (the reporter's account)."""
    for name, value in values.items():
        setattr(person, name, value)
    person.name_index = blind_index(person.name, person.birth_date)
    person.name_only_index = blind_index(person.name)
    person.save()
    for case in Case.objects.filter(person=person).only("pk", "subject_name"):
        case.subject_name = person.name
        case.save(update_fields=["subject_name"])
    record(request, "privacy.person.rectify", person, reason=reason)
    return person


def _legal_holds(cases: list[int]) -> bool:
    return LegalHold.objects.active().filter(case_id__in=cases).exists()


def refusal(person: Person) -> str:
    """Why the person cannot be erased now, or an empty string."""
    cases = list(Case.objects.filter(person=person).values_list("pk", "phase"))
    if any(phase != Phase.CLOSED for _pk, phase in cases):
        return _("A case about this person is still open: the case table closes it first.")
    if _legal_holds([pk for pk, _phase in cases]):
        return _("A case about this person is under a legal hold.")
    return ""


def _blank(queryset: models.QuerySet[Any], **extra: Any) -> int:
    """Overwrite every encrypted column of the rows: required ones with ERASED, others empty."""
    model = queryset.model
    changes: dict[str, Any] = dict(extra)
    for f in model._meta.concrete_fields:
        if isinstance(f, EncryptedTextField):
            changes[f.attname] = "" if f.blank else ERASED
    return queryset.update(**changes)


def signals_of(person: Person) -> models.QuerySet[Signal]:
    by_index = (
        Q(subject_index=person.name_index, municipality_id=person.municipality_id)
        if person.birth_date and person.name_index
        else Q(pk__in=[])
    )
    return Signal.objects.filter(Q(case__person=person) | by_index)


@transaction.atomic
def erase_person(request: HttpRequest, person: Person, reason: str) -> dict[str, int]:
    """Anonymise the person and everything only about them; refuse when the law says wait."""
    why = refusal(person)
    if why:
        raise ErasureRefused(why)
    cases = Case.objects.filter(person=person)
    signal_ids = list(signals_of(person).values_list("pk", flat=True))
    case_ids = list(cases.values_list("pk", flat=True))
    files = list(
        Attachment.objects.filter(case_id__in=case_ids).values_list("storage_name", flat=True)
    )
    counts = {
        "signals": _blank(Signal.objects.filter(pk__in=signal_ids), subject_index="", district=""),
        "signal_additions": _blank(SignalAddition.objects.filter(signal_id__in=signal_ids)),
        "weighings": _blank(Weighing.objects.filter(signal_id__in=signal_ids)),
        "cases": _blank(cases),
        "related_persons": _blank(PersonRelation.objects.filter(person=person)),
    }
    case_models: tuple[type[models.Model], ...] = (
        CaseParticipation,
        PhaseChange,
        ClosureRequest,
        Review,
        ConcernAssessment,
        CaseNote,
        Goal,
        Intervention,
        PlanApproval,
        DomainAssessment,
        Attachment,
    )
    for model in case_models:
        counts[str(model._meta.model_name)] = _blank(
            model._default_manager.filter(case_id__in=case_ids)
        )
    item_models: tuple[type[models.Model], ...] = (Decision, Action)
    for model in item_models:
        counts[str(model._meta.model_name)] = _blank(
            model._default_manager.filter(agenda_item__case_id__in=case_ids)
        )
    Person.objects.filter(pk=person.pk).update(
        name=ERASED,
        aliases="",
        birth_date="",
        contact="",
        district="",
        gender=Person.Gender.UNKNOWN,
        name_index="",
        name_only_index="",
    )
    record(
        request,
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
