"""Weighing: the team's criteria and its judgements; admitting a signal opens the case."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.utils import timezone

from samen.accounts.models import Organisation, User
from samen.audit.actor import Actor
from samen.audit.services import record
from samen.casework.actions import WorkflowError
from samen.casework.actions.intake import number
from samen.casework.actions.referrals import create_referral
from samen.casework.lifecycle import Phase
from samen.casework.models import (
    OUTCOME_STATUS,
    Case,
    CaseParticipation,
    JoinedSignal,
    Person,
    Signal,
    Weighing,
    WeighingCriterion,
)
from samen.casework.tasks import notify_case_participants
from samen.core.blind_index import person_indexes

# Outcomes that put the signal in a case: the case's own reviews follow it, not a date here.
ADMITTING = (Weighing.Outcome.ADMIT, Weighing.Outcome.JOIN_CASE)


@transaction.atomic
def weigh_signal(
    actor: Actor,
    signal: Signal,
    *,
    outcome: str,
    reasons: str,
    participants: Iterable[Organisation] = (),
    advice: str = "",
    referred_to: Organisation | None = None,
    criteria_met: Iterable[WeighingCriterion] = (),
    team: Iterable[User] = (),
    open_case: Case | None = None,
    review_on: date | None = None,
    referral_question: str = "",
    referral_reason: str = "",
) -> Weighing:
    """Record a weighing (appended to earlier ones); admitting opens the case.

    The outcome is the weighing team's judgement: nothing here proposes or computes it.
    """
    user = actor.acting_user
    signal = Signal.objects.select_for_update().get(pk=signal.pk)
    if signal.status not in Signal.TO_WEIGH:
        raise WorkflowError("signal was already weighed")
    participants = list(participants)
    if outcome == Weighing.Outcome.ADMIT and not participants:
        raise WorkflowError("admitting a case needs participating organisations")
    if outcome == Weighing.Outcome.REFER_CARE and referred_to is None:
        raise WorkflowError("a referral names the receiving organisation")
    if outcome == Weighing.Outcome.JOIN_CASE:
        open_case = _check_open_case(signal, open_case)
    if review_on is not None and outcome not in ADMITTING and review_on <= timezone.localdate():
        raise WorkflowError("a review date lies in the future")
    weighing = Weighing.objects.create(
        signal=signal,
        outcome=outcome,
        reasons=reasons,
        advice=advice,
        referred_to=referred_to if outcome == Weighing.Outcome.REFER_CARE else None,
        weighed_by=user,
        review_on=review_on if outcome not in ADMITTING else None,
    )
    weighing.criteria_met.set(criteria_met)
    weighing.participants.set({user, *team})
    signal.status = OUTCOME_STATUS[Weighing.Outcome(outcome)]
    signal.save(update_fields=["status"])
    record(actor, "casework.signal.weigh", signal, object_label=f"{signal.reference}: {outcome}")
    if outcome == Weighing.Outcome.ADMIT:
        admit_case(actor, signal, participants)
    if outcome == Weighing.Outcome.JOIN_CASE and open_case is not None:
        join_case(actor, signal, open_case)
    if outcome == Weighing.Outcome.REFER_CARE:
        # The receiving organisation sees what is asked and why, never the reasons above.
        create_referral(
            actor,
            weighing,
            question=referral_question,
            reason=referral_reason,
        )
    return weighing


def _check_open_case(signal: Signal, case: Case | None) -> Case:
    """The open case a signal may be added to: of the same municipality, still open, and about
    the person with the signal's name and date of birth (the view offers only such cases, from
    the policy; this holds the rule for every caller)."""
    if case is None:
        raise WorkflowError("adding to an open case names the case")
    case = Case.objects.select_related("person").get(pk=case.pk)
    if case.phase == Phase.CLOSED:
        raise WorkflowError("the case is closed")
    if case.municipality_id != signal.municipality_id:
        raise WorkflowError("the case belongs to another municipality")
    if not (signal.subject_birth_date and signal.subject_index):
        raise WorkflowError("only a name with a date of birth links a signal to a person")
    if case.person is None or case.person.name_index != signal.subject_index:
        raise WorkflowError("the case is about another person")
    return case


def join_case(actor: Actor, signal: Signal, case: Case) -> JoinedSignal:
    """Add a weighed signal to the open case of the same person (in ``weigh_signal``'s
    transaction); the organisations taking part are told by a link-only message."""
    joined = JoinedSignal.objects.create(case=case, signal=signal, joined_by=actor.acting_user)
    record(
        actor,
        "casework.case.signal_joined",
        case,
        object_label=f"{case.reference} + {signal.reference}",
    )
    transaction.on_commit(lambda: notify_case_participants.enqueue(case.pk))
    return joined


def _person_for(signal: Signal) -> Person | None:
    """The person a newly admitted signal is about: the one already known in the municipality
    by the same name and date of birth, or a new one. Nothing is merged afterwards."""
    if not signal.subject_name:
        return None
    # Only name and date of birth together identify a person; a name alone never links.
    if signal.subject_birth_date and signal.subject_index:
        known = Person.objects.filter(
            municipality_id=signal.municipality_id, name_index=signal.subject_index
        ).first()
        if known is not None:
            return known
    name_index, name_only_index = person_indexes(signal.subject_name, signal.subject_birth_date)
    return Person.objects.create(
        municipality_id=signal.municipality_id,
        name=signal.subject_name,
        birth_date=signal.subject_birth_date,
        district=signal.district,
        name_index=name_index,
        name_only_index=name_only_index,
    )


def admit_case(actor: Actor, signal: Signal, participants: list[Organisation]) -> Case:
    """Open the case of an admitted signal (called by ``weigh_signal``, in its transaction)."""
    user = actor.acting_user
    case = Case.objects.create(
        reference=uuid.uuid4().hex[:20],
        municipality=signal.municipality,
        origin=signal,
        subject_name=signal.subject_name,
        person=_person_for(signal),
        opened_at=timezone.now(),
    )
    number(Case, case, f"C-{case.opened_at:%Y}")
    # The municipality holds direction, so it always takes part.
    organisations = {signal.municipality, *participants}
    # ``bulk_create`` sends no model signals: the new case's own save moved its municipality's
    # generation (``samen.reports.kept``) in this transaction already.
    CaseParticipation.objects.bulk_create(
        CaseParticipation(case=case, organisation=org, added_by=user) for org in organisations
    )
    record(
        actor,
        "casework.case.admit",
        case,
        object_label=f"{case.reference} ({', '.join(sorted(o.name for o in organisations))})",
    )
    return case


@transaction.atomic
def save_criterion(
    actor: Actor,
    criterion: WeighingCriterion | None,
    *,
    municipality_id: int,
    text_nl: str,
    text_en: str = "",
    text_fr: str = "",
    position: int,
    active: bool,
) -> WeighingCriterion:
    """Add a criterion (``criterion`` None) or change one of the municipality's; Dutch is
    required, English and French are shown where given (else the Dutch text)."""
    created = criterion is None
    if criterion is None:
        criterion = WeighingCriterion(municipality_id=municipality_id)
    else:
        # Read afresh: a form may have changed the instance it was given.
        criterion = WeighingCriterion.objects.select_for_update().get(pk=criterion.pk)
    if criterion.municipality_id != municipality_id:
        raise WorkflowError("the criterion belongs to another municipality")
    if not text_nl.strip():
        raise WorkflowError("a criterion needs a Dutch text")
    criterion.text_nl = text_nl
    criterion.text_en = text_en
    criterion.text_fr = text_fr
    criterion.position = position
    criterion.active = active
    criterion.save()
    record(
        actor,
        "casework.criterion.create" if created else "casework.criterion.update",
        criterion,
        object_label=f"{criterion.text_nl[:80]} ({'active' if criterion.active else 'inactive'})",
    )
    return criterion
