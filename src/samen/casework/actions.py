"""Every change of casework state. Each runs in one transaction and writes its audit entry."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.http import HttpRequest
from django.utils import timezone

from samen.accounts.models import Organisation, User
from samen.audit.services import record
from samen.casework.models import (
    OUTCOME_STATUS,
    Action,
    AgendaItem,
    Attendance,
    Case,
    CaseParticipation,
    Decision,
    Meeting,
    Signal,
    Weighing,
)

_RECEIPT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


class WorkflowError(ValueError):
    """The change does not fit the state the object is in."""


def new_receipt_code() -> str:
    raw = "".join(secrets.choice(_RECEIPT_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def hash_receipt_code(code: str) -> str:
    normalised = code.strip().upper().replace("-", "").replace(" ", "")
    return hashlib.sha256(normalised.encode()).hexdigest()


def _number(model: type[Signal] | type[Case], obj: Signal | Case, prefix: str) -> None:
    """A readable, unique reference derived from the primary key (no race between writers)."""
    obj.reference = f"{prefix}-{obj.pk:05d}"
    model.objects.filter(pk=obj.pk).update(reference=obj.reference)


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User), "casework changes are made by logged-in users"
    return user


@dataclass(frozen=True)
class Receipt:
    signal: Signal
    code: str


@transaction.atomic
def report_signal(
    request: HttpRequest | None,
    *,
    municipality: Organisation,
    channel: str,
    observation: str,
    anonymous: bool,
    reporter_name: str = "",
    reporter_contact: str = "",
    subject_name: str = "",
    subject_birth_date: str = "",
    district: str = "",
    reporter: User | None = None,
    received_at: datetime | None = None,
) -> Receipt:
    """Register a signal from any channel; returns it with the receipt code (shown once)."""
    if anonymous:
        reporter_name = reporter_contact = ""
    code = new_receipt_code()
    signal = Signal.objects.create(
        reference=uuid.uuid4().hex[:20],
        municipality=municipality,
        channel=channel,
        received_at=received_at or timezone.now(),
        anonymous=anonymous,
        reporter_name=reporter_name,
        reporter_contact=reporter_contact,
        reporter_user=reporter,
        reporting_organisation=reporter.organisation if reporter is not None else None,
        subject_name=subject_name,
        subject_birth_date=subject_birth_date,
        district=district,
        observation=observation,
        receipt_code_hash=hash_receipt_code(code),
    )
    _number(Signal, signal, f"S-{signal.received_at:%Y}")
    record(request if request is not None else reporter, "casework.signal.report", signal)
    return Receipt(signal, code)


@transaction.atomic
def weigh_signal(
    request: HttpRequest,
    signal: Signal,
    *,
    outcome: str,
    reasons: str,
    participants: Iterable[Organisation] = (),
) -> Weighing:
    """Record a weighing; when the outcome is to admit, open the case with its participants."""
    user: User = request.user  # type: ignore[assignment]
    signal = Signal.objects.select_for_update().get(pk=signal.pk)
    if signal.status != Signal.Status.NEW:
        raise WorkflowError("signal was already weighed")
    participants = list(participants)
    if outcome == Weighing.Outcome.ADMIT and not participants:
        raise WorkflowError("admitting a case needs participating organisations")
    weighing = Weighing.objects.create(
        signal=signal, outcome=outcome, reasons=reasons, weighed_by=user
    )
    signal.status = OUTCOME_STATUS[Weighing.Outcome(outcome)]
    signal.save(update_fields=["status"])
    record(request, "casework.signal.weigh", signal)
    if outcome == Weighing.Outcome.ADMIT:
        admit_case(request, signal, participants)
    return weighing


def admit_case(request: HttpRequest, signal: Signal, participants: list[Organisation]) -> Case:
    user: User = request.user  # type: ignore[assignment]
    case = Case.objects.create(
        reference=uuid.uuid4().hex[:20],
        municipality=signal.municipality,
        origin=signal,
        subject_name=signal.subject_name,
        opened_at=timezone.now(),
    )
    _number(Case, case, f"C-{case.opened_at:%Y}")
    # The municipality holds direction, so it always takes part.
    organisations = {signal.municipality, *participants}
    CaseParticipation.objects.bulk_create(
        CaseParticipation(case=case, organisation=org, added_by=user) for org in organisations
    )
    record(
        request,
        "casework.case.admit",
        case,
        object_label=f"{case.reference} ({', '.join(sorted(o.name for o in organisations))})",
    )
    return case


@transaction.atomic
def create_meeting(
    request: HttpRequest, *, title: str, starts_at: datetime, location: str
) -> Meeting:
    user: User = request.user  # type: ignore[assignment]
    municipality_id = user.organisation.home_municipality_id
    if municipality_id is None:
        raise WorkflowError("the chair's organisation belongs to no municipality")
    meeting = Meeting.objects.create(
        municipality_id=municipality_id,
        title=title,
        starts_at=starts_at,
        location=location,
        chair=user,
    )
    record(request, "casework.meeting.create", meeting)
    return meeting


@transaction.atomic
def record_attendance(request: HttpRequest, meeting: Meeting, present: Iterable[Any]) -> None:
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
    record(
        request,
        "casework.meeting.attendance",
        meeting,
        object_label=f"{meeting.audit_label()}: {len(present_ids)}",
    )


@transaction.atomic
def add_agenda_item(request: HttpRequest, meeting: Meeting, case: Case) -> AgendaItem:
    if AgendaItem.objects.filter(meeting=meeting, case=case).exists():
        raise WorkflowError("case is already on the agenda")
    last = AgendaItem.objects.filter(meeting=meeting).aggregate(last=Max("position"))["last"]
    item = AgendaItem.objects.create(
        meeting=meeting, case=case, position=(last or 0) + 1, added_by=_user(request)
    )
    record(request, "casework.meeting.agenda", case, object_label=item.audit_label())
    return item


@transaction.atomic
def record_decision(request: HttpRequest, item: AgendaItem, text: str) -> Decision:
    decision = Decision.objects.create(agenda_item=item, text=text, recorded_by=_user(request))
    record(request, "casework.meeting.decision", item.case, object_label=item.audit_label())
    return decision


@transaction.atomic
def record_action(
    request: HttpRequest,
    item: AgendaItem,
    *,
    description: str,
    owner: Organisation,
    due_date: date,
) -> Action:
    action = Action.objects.create(
        agenda_item=item,
        description=description,
        owner=owner,
        due_date=due_date,
        recorded_by=_user(request),
    )
    record(request, "casework.meeting.action", item.case, object_label=item.audit_label())
    return action
