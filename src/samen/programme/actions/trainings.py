"""Trainings and events: the catalogue, sessions with participants and evaluations, events with
their programme items, and school and parent programmes with what they reached."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from samen.accounts.models import Organisation
from samen.audit.actor import Actor
from samen.audit.services import record
from samen.core.blind_index import blind_index
from samen.programme.actions import ProgrammeError, apply, changes, municipality_of
from samen.programme.models import (
    Delivery,
    Evaluation,
    Event,
    Headcount,
    Outreach,
    ProgrammeItem,
    Training,
    TrainingParticipant,
    TrainingSession,
    sector_of,
)

TRAINING_FIELDS = ("title", "provider", "target_groups", "hours", "level", "description", "theme")
EVENT_FIELDS = ("kind", "title", "held_on", "place", "audience", "attendance", "theme", "note")
OUTREACH_FIELDS = ("kind", "title", "provider", "description", "theme")


def _theme_of_municipality(municipality_id: int, values: dict[str, Any]) -> None:
    theme = values.get("theme")
    if theme is not None and theme.plan.municipality_id != municipality_id:
        raise ProgrammeError("the theme belongs to another municipality's plan")


@transaction.atomic
def save_training(actor: Actor, training: Training | None, **values: Any) -> Training:
    unknown = set(values) - set(TRAINING_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    if training is None:
        municipality_id = municipality_of(actor)
        _theme_of_municipality(municipality_id, values)
        training = Training.objects.create(municipality_id=municipality_id, **values)
        record(actor, "programme.training.save", training, object_label=changes(training, [], True))
        return training
    training = Training.objects.select_for_update().get(pk=training.pk)
    _theme_of_municipality(training.municipality_id, values)
    changed = apply(training, values)
    training.save()
    record(
        actor, "programme.training.save", training, object_label=changes(training, changed, False)
    )
    return training


@transaction.atomic
def plan_session(
    actor: Actor,
    training: Training,
    *,
    starts_on: date,
    place: str,
    trainer: str,
    capacity: int | None,
) -> TrainingSession:
    session = TrainingSession.objects.create(
        training=training, starts_on=starts_on, place=place, trainer=trainer, capacity=capacity
    )
    record(actor, "programme.session.save", session, object_label=changes(session, [], True))
    return session


def _seats_left(session: TrainingSession, adding: int) -> None:
    if session.capacity is None:
        return
    taken = session.participants.count() + sum(h.count for h in session.headcounts.all())
    if taken + adding > session.capacity:
        raise ProgrammeError("the session is full")


@transaction.atomic
def register_participant(
    actor: Actor,
    session: TrainingSession,
    *,
    name: str,
    email: str,
    organisation: Organisation | None,
    sector: str = "",
) -> TrainingParticipant:
    """A participant who registered by name (personal data: the audit entry names the id)."""
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    _seats_left(session, 1)
    participant = TrainingParticipant.objects.create(
        session=session,
        name=name,
        email=email,
        organisation=organisation,
        sector=sector or sector_of(organisation),
        name_index=blind_index(name),
        email_index=blind_index(email) if email else "",
    )
    record(
        actor,
        "programme.participant.add",
        participant,
        object_label=f"participant {participant.pk} @ {session.audit_label()}",
    )
    return participant


@transaction.atomic
def add_headcount(
    actor: Actor,
    session: TrainingSession,
    *,
    count: int,
    organisation: Organisation | None,
    sector: str = "",
) -> Headcount:
    """People who took part without registering by name, counted per organisation or sector."""
    if count < 1:
        raise ProgrammeError("count at least one participant")
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    _seats_left(session, count)
    headcount = Headcount.objects.create(
        session=session,
        count=count,
        organisation=organisation,
        sector=sector or sector_of(organisation),
    )
    record(
        actor,
        "programme.session.headcount",
        session,
        object_label=f"{session.audit_label()}: {count}",
    )
    return headcount


@transaction.atomic
def add_evaluation(
    actor: Actor, session: TrainingSession, *, summary: str, rating: int
) -> Evaluation:
    if not 1 <= rating <= 5:
        raise ProgrammeError("a rating is 1 to 5")
    evaluation = Evaluation.objects.create(
        session=session, summary=summary, rating=rating, recorded_by=actor.acting_user
    )
    record(
        actor,
        "programme.session.evaluation",
        session,
        object_label=f"{session.audit_label()}: rating {rating}",
    )
    return evaluation


@transaction.atomic
def save_event(actor: Actor, event: Event | None, **values: Any) -> Event:
    unknown = set(values) - set(EVENT_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    if event is None:
        municipality_id = municipality_of(actor)
        _theme_of_municipality(municipality_id, values)
        event = Event.objects.create(municipality_id=municipality_id, **values)
        record(actor, "programme.event.save", event, object_label=changes(event, [], True))
        return event
    event = Event.objects.select_for_update().get(pk=event.pk)
    _theme_of_municipality(event.municipality_id, values)
    changed = apply(event, values)
    event.save()
    record(actor, "programme.event.save", event, object_label=changes(event, changed, False))
    return event


@transaction.atomic
def add_programme_item(
    actor: Actor, event: Event, *, kind: str, title: str, speaker: str, attendance: int | None
) -> ProgrammeItem:
    item = ProgrammeItem.objects.create(
        event=event, kind=kind, title=title, speaker=speaker, attendance=attendance
    )
    record(actor, "programme.event.item", event, object_label=f"{event.audit_label()}: {kind}")
    return item


@transaction.atomic
def save_outreach(actor: Actor, outreach: Outreach | None, **values: Any) -> Outreach:
    unknown = set(values) - set(OUTREACH_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    if outreach is None:
        municipality_id = municipality_of(actor)
        _theme_of_municipality(municipality_id, values)
        outreach = Outreach.objects.create(municipality_id=municipality_id, **values)
        record(actor, "programme.outreach.save", outreach, object_label=changes(outreach, [], True))
        return outreach
    outreach = Outreach.objects.select_for_update().get(pk=outreach.pk)
    _theme_of_municipality(outreach.municipality_id, values)
    changed = apply(outreach, values)
    outreach.save()
    record(
        actor, "programme.outreach.save", outreach, object_label=changes(outreach, changed, False)
    )
    return outreach


@transaction.atomic
def record_delivery(
    actor: Actor,
    outreach: Outreach,
    *,
    school: str,
    held_on: date,
    classes: int,
    pupils: int,
    parents: int,
    professionals: int,
    note: str = "",
) -> Delivery:
    if not (pupils or parents or professionals):
        raise ProgrammeError("record whom the programme reached")
    delivery = Delivery.objects.create(
        outreach=outreach,
        school=school,
        held_on=held_on,
        classes=classes,
        pupils=pupils,
        parents=parents,
        professionals=professionals,
        note=note,
    )
    record(
        actor,
        "programme.outreach.delivery",
        outreach,
        object_label=f"{outreach.audit_label()}: {held_on.isoformat()}",
    )
    return delivery
