"""The one gate for personal data in casework.

Lists use ``<Model>.objects.visible_to(user)``; a single object is fetched with the getters
below, which answer the same 404 whether the object does not exist or may not be seen, record
the denied attempt in the audit log, and record the allowed read when an action id is given.
"""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest

from samen.audit.denials import record_denial
from samen.audit.services import record
from samen.casework.models import Case, Meeting, Person, Signal

M = TypeVar("M", bound=Model)


def _get_for(
    request: HttpRequest,
    visible: QuerySet[M],
    model: type[M],
    pk: int,
    read_action: str,
    audit_read: bool,
) -> M:
    obj = visible.filter(pk=pk).first()
    if obj is None:
        # Probes of many ids are one entry and a count per window (samen.audit.denials).
        record_denial(
            request,
            read_action,
            object_type=model._meta.label_lower,
            object_id=str(pk),
        )
        raise Http404
    if audit_read:
        record(request, read_action, obj)
    return obj


def get_signal_for(request: HttpRequest, pk: int, *, audit_read: bool = True) -> Signal:
    visible = Signal.objects.visible_to(request.user).select_related(
        "municipality", "reporting_organisation", "reporter_user"
    )
    return _get_for(request, visible, Signal, pk, "casework.signal.view", audit_read)


def get_case_for(request: HttpRequest, pk: int, *, audit_read: bool = True) -> Case:
    visible = Case.objects.visible_to(request.user).select_related(
        "municipality", "origin", "person", "case_manager"
    )
    return _get_for(request, visible, Case, pk, "casework.case.view", audit_read)


def get_meeting_for(request: HttpRequest, pk: int, *, audit_read: bool = True) -> Meeting:
    visible = Meeting.objects.visible_to(request.user).select_related("chair", "municipality")
    return _get_for(request, visible, Meeting, pk, "casework.meeting.view", audit_read)


def get_person_for(request: HttpRequest, pk: int, *, audit_read: bool = True) -> Person:
    visible = Person.objects.visible_to(request.user)
    return _get_for(request, visible, Person, pk, "casework.person.view", audit_read)
