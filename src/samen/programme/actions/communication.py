"""Communication: the calendar of communication moments, dialogue meetings and the log of
responses to incidents and media questions."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from samen.audit.actor import Actor
from samen.audit.services import record
from samen.programme.actions import ProgrammeError, apply, changes, municipality_of
from samen.programme.models import CommunicationMoment, DialogueMeeting, MediaResponse

MOMENT_FIELDS = ("planned_on", "audience", "channel", "core_message", "owner", "status", "theme")
DIALOGUE_FIELDS = ("held_on", "title", "place", "audience", "attendance", "summary", "theme")
RESPONSE_FIELDS = ("occurred_on", "kind", "subject", "response", "channel")


def _fields(allowed: tuple[str, ...], values: dict[str, Any], municipality_id: int) -> None:
    unknown = set(values) - set(allowed)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    theme = values.get("theme")
    if theme is not None and theme.plan.municipality_id != municipality_id:
        raise ProgrammeError("the theme belongs to another municipality's plan")


@transaction.atomic
def save_moment(
    actor: Actor, moment: CommunicationMoment | None, **values: Any
) -> CommunicationMoment:
    if moment is None:
        municipality_id = municipality_of(actor)
        _fields(MOMENT_FIELDS, values, municipality_id)
        moment = CommunicationMoment.objects.create(municipality_id=municipality_id, **values)
        record(
            actor, "programme.communication.save", moment, object_label=changes(moment, [], True)
        )
        return moment
    moment = CommunicationMoment.objects.select_for_update().get(pk=moment.pk)
    _fields(MOMENT_FIELDS, values, moment.municipality_id)
    changed = apply(moment, values)
    moment.save()
    record(
        actor, "programme.communication.save", moment, object_label=changes(moment, changed, False)
    )
    return moment


@transaction.atomic
def record_dialogue(actor: Actor, **values: Any) -> DialogueMeeting:
    municipality_id = municipality_of(actor)
    _fields(DIALOGUE_FIELDS, values, municipality_id)
    meeting = DialogueMeeting.objects.create(municipality_id=municipality_id, **values)
    record(actor, "programme.dialogue.save", meeting, object_label=changes(meeting, [], True))
    return meeting


@transaction.atomic
def log_response(actor: Actor, **values: Any) -> MediaResponse:
    municipality_id = municipality_of(actor)
    _fields(RESPONSE_FIELDS, values, municipality_id)
    response = MediaResponse.objects.create(
        municipality_id=municipality_id, recorded_by=actor.acting_user, **values
    )
    record(actor, "programme.response.save", response, object_label=changes(response, [], True))
    return response
