"""The case table: meetings (one or a series), agenda, attendance, decisions and actions."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from samen.accounts.models import Organisation, User
from samen.audit.actor import Actor
from samen.audit.services import record
from samen.casework.actions import WorkflowError
from samen.casework.actions.cases import add_note
from samen.casework.models import Action, AgendaItem, Attendance, Case, Decision, Meeting
from samen.casework.queries.meetings import proposed_cases
from samen.casework.tasks import notify_action_owner
from samen.core import generations
from samen.core.generations import Topic


@transaction.atomic
def create_meeting(
    actor: Actor,
    *,
    title: str,
    starts_at: datetime,
    location: str,
    repeat: int = 1,
    every_weeks: int = 6,
) -> Meeting:
    """Plan a meeting, or a series on a fixed rhythm (six-weekly by default); returns the first."""
    user = actor.acting_user
    municipality_id = user.organisation.home_municipality_id
    if municipality_id is None:
        raise WorkflowError("the chair's organisation belongs to no municipality")
    meetings = [
        Meeting.objects.create(
            municipality_id=municipality_id,
            title=title,
            starts_at=starts_at + timedelta(weeks=every_weeks * n),
            location=location,
            chair=user,
        )
        for n in range(repeat)
    ]
    for meeting in meetings:
        record(actor, "casework.meeting.create", meeting)
    return meetings[0]


@transaction.atomic
def add_proposed_items(actor: Actor, meeting: Meeting) -> int:
    """Put new admissions and cases not discussed for six weeks on the agenda."""
    cases = list(proposed_cases(actor.acting_user, meeting, timedelta(weeks=6)))
    for case in cases:
        add_agenda_item(actor, meeting, case)
    return len(cases)


@transaction.atomic
def record_attendance(actor: Actor, meeting: Meeting, *, present: Iterable[User]) -> None:
    """Mark who was present; people unmarked keep their row with present=False."""
    present_ids = {user.pk for user in present}
    Attendance.objects.filter(meeting=meeting).exclude(user_id__in=present_ids).update(
        present=False
    )
    Attendance.objects.filter(meeting=meeting, user_id__in=present_ids).update(present=True)
    existing = set(Attendance.objects.filter(meeting=meeting).values_list("user_id", flat=True))
    Attendance.objects.bulk_create(
        Attendance(meeting=meeting, user_id=pk, present=True) for pk in present_ids - existing
    )
    # The attendances are counted in the yearly account; ``update`` and ``bulk_create`` send no
    # model signals, so the municipality's generation moves on here.
    generations.bump([meeting.municipality_id], [Topic.MEETINGS])
    record(
        actor,
        "casework.meeting.attendance",
        meeting,
        object_label=f"{meeting.audit_label()}: {len(present_ids)}",
    )


@transaction.atomic
def add_agenda_item(actor: Actor, meeting: Meeting, case: Case) -> AgendaItem:
    if AgendaItem.objects.filter(meeting=meeting, case=case).exists():
        raise WorkflowError("case is already on the agenda")
    last = AgendaItem.objects.filter(meeting=meeting).aggregate(last=Max("position"))["last"]
    item = AgendaItem.objects.create(
        meeting=meeting, case=case, position=(last or 0) + 1, added_by=actor.acting_user
    )
    record(actor, "casework.meeting.agenda", case, object_label=item.audit_label())
    return item


@transaction.atomic
def record_decision(actor: Actor, item: AgendaItem, *, text: str) -> Decision:
    decision = Decision.objects.create(agenda_item=item, text=text, recorded_by=actor.acting_user)
    record(actor, "casework.meeting.decision", item.case, object_label=item.audit_label())
    return decision


@transaction.atomic
def record_agenda_item(
    actor: Actor,
    item: AgendaItem,
    *,
    shared: str = "",
    decision: str = "",
    action: str = "",
    owner: Organisation | None = None,
    due_date: date | None = None,
) -> None:
    """The agenda item's one form: what partners shared (a contribution to the case), the
    decision and an action, each recorded and audited as on its own; all or nothing."""
    if shared:
        add_note(actor, item.case, text=shared, agenda_item=item)
    if decision:
        record_decision(actor, item, text=decision)
    if action:
        if owner is None or due_date is None:
            raise WorkflowError("an action needs an owner organisation and a due date")
        record_action(actor, item, description=action, owner=owner, due_date=due_date)


@transaction.atomic
def record_action(
    actor: Actor,
    item: AgendaItem,
    *,
    description: str,
    owner: Organisation,
    due_date: date,
) -> Action:
    """An action for an organisation that takes part in the case; its case-table members get a
    link-only e-mail once the change is committed."""
    if not item.case.participations.current().filter(organisation=owner).exists():
        raise WorkflowError("the owner organisation takes part in the case")
    action = Action.objects.create(
        agenda_item=item,
        description=description,
        owner=owner,
        due_date=due_date,
        recorded_by=actor.acting_user,
    )
    record(actor, "casework.meeting.action", item.case, object_label=item.audit_label())
    transaction.on_commit(lambda: notify_action_owner.enqueue(action.pk))
    return action


@transaction.atomic
def complete_action(actor: Actor, action: Action) -> Action:
    action = (
        Action.objects.select_for_update().select_related("agenda_item__case").get(pk=action.pk)
    )
    if action.status == Action.Status.DONE:
        raise WorkflowError("the action is done already")
    action.status = Action.Status.DONE
    action.completed_at = timezone.now()
    action.save(update_fields=["status", "completed_at"])
    record(
        actor,
        "casework.meeting.action_done",
        action.agenda_item.case,
        object_label=f"{action.agenda_item.case.reference}: action {action.pk} done",
    )
    return action


@transaction.atomic
def reopen_action(actor: Actor, action: Action) -> Action:
    """An action marked done by mistake is open again; when it was completed is cleared (it
    is set anew when it is done)."""
    action = (
        Action.objects.select_for_update().select_related("agenda_item__case").get(pk=action.pk)
    )
    if action.status != Action.Status.DONE:
        raise WorkflowError("the action is open")
    action.status = Action.Status.OPEN
    action.completed_at = None
    action.save(update_fields=["status", "completed_at"])
    record(
        actor,
        "casework.meeting.action_reopened",
        action.agenda_item.case,
        object_label=f"{action.agenda_item.case.reference}: action {action.pk} reopened",
    )
    return action
