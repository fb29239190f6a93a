"""The case table: meetings, their agenda, attendance, decisions, information shared and
actions; the printable minutes per organisation; "my actions"."""

from __future__ import annotations

from functools import partial
from typing import Any, TypedDict

from django.contrib import messages
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from samen.accounts.capabilities import Capability
from samen.accounts.decorators import AuthenticatedRequest, requires_any
from samen.audit.actor import Actor
from samen.audit.services import record
from samen.casework import policy
from samen.casework.actions import WorkflowError
from samen.casework.actions import meetings as meeting_actions
from samen.casework.forms.meetings import (
    AgendaForm,
    AgendaItemForm,
    AttendanceForm,
    MeetingForm,
)
from samen.casework.models import AgendaItem, Attendance, Meeting
from samen.casework.queries.meetings import agenda_of, organisations_by_case
from samen.casework.views.case_forms import form_or_change
from samen.casework.views.common import page_of


@requires_any(Capability.VIEW_MEETINGS)
def meeting_list(request: AuthenticatedRequest) -> HttpResponse:
    meetings = (
        policy.meetings_visible_to(request.user)
        .select_related("chair")
        .annotate(item_count=Count("agenda_items"))
    )
    page = page_of(request, meetings, "-starts_at", "-pk")
    record(Actor.of(request), "casework.meeting.list", targets=page.object_list)
    return render(request, "casework/meeting_list.html", {"page": page})


@requires_any(Capability.CHAIR_MEETINGS)
def meeting_create(request: AuthenticatedRequest) -> HttpResponse:
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = meeting_actions.create_meeting(Actor.of(request), **form.cleaned_data)
        except WorkflowError:
            messages.error(request, _("Your organisation belongs to no municipality."))
        else:
            messages.success(request, _("The meeting was planned."))
            return redirect("casework:meeting_detail", pk=meeting.pk)
    return render(request, "casework/meeting_form.html", {"form": form})


# The attendance form's title and button.
ATTENDANCE_TITLE = _lazy("Record attendance")
ATTENDANCE_SUBMIT = _lazy("Save attendance")
# The agenda item's form: its help.
RECORD_HELP = _lazy(
    "Fill in what applies: the information shared, a decision, an action, or all three."
)


class FormTexts(TypedDict):
    """A form of the meeting page on a page of its own: its title, button, help and the anchor
    of the way back."""

    title: str
    submit: str
    anchor: str
    help_text: str


def _attendance_texts() -> FormTexts:
    """The attendance form on a page of its own (opened, or failed)."""
    return {
        "title": str(ATTENDANCE_TITLE),
        "submit": str(ATTENDANCE_SUBMIT),
        "anchor": "attendance",
        "help_text": "",
    }


def _record_texts(item: AgendaItem) -> FormTexts:
    """The agenda item's form on a page of its own (opened, or failed)."""
    return {
        "title": _("Record for %(reference)s") % {"reference": item.case.reference},
        "submit": _("Record"),
        "anchor": f"agenda-item-{item.pk}",
        "help_text": str(RECORD_HELP),
    }


def _meeting_context(
    request: AuthenticatedRequest,
    meeting: Meeting,
    *,
    bound: Any = None,
    with_forms: bool = True,
) -> dict[str, Any]:
    """Everything the meeting page shows; ``bound`` is an agenda item's form that failed (htmx
    shows the item again with it). The other forms behind a ``<details>`` (an agenda item's,
    the attendance) are not built: each is fetched from its own address when it opens.
    Without ``with_forms`` (the minutes), no forms at all."""
    user = request.user
    items = list(agenda_of(user, meeting))
    attendances = list(
        Attendance.objects.filter(meeting=meeting, present=True).select_related(
            "user__organisation"
        )
    )
    chairing = with_forms and user.can(Capability.CHAIR_MEETINGS)
    context: dict[str, Any] = {
        "today": timezone.localdate(),
        "meeting": meeting,
        "items": items,
        "attendances": attendances,
        "chairing": chairing,
    }
    if chairing:
        # No agenda item's form is built here: each opens from its own address when its
        # <details> opens (as the case page's, decision 0019); only a form that failed is
        # shown again, open, with its errors.
        for item in items:
            item.record_form = (  # type: ignore[attr-defined]
                bound if bound is not None and bound.prefix == f"record-{item.pk}" else None
            )
        context["agenda_form"] = AgendaForm(cases=policy.cases_for_agenda(user, meeting))
    return context


def form_page(
    request: AuthenticatedRequest,
    meeting: Meeting,
    form: Any,
    *,
    title: str,
    submit: str,
    anchor: str,
    help_text: str = "",
    status: int = 200,
) -> HttpResponse:
    """A form of the meeting page on a page of its own: empty (200) when opened without
    JavaScript, with its errors and everything typed (422) when it failed validation, as a form
    of the case page does (decision 0017): the meeting's title and time, the one form, posting
    to the same address, and the way back to the form on the meeting page. It reads the meeting
    and the form's own choices only, not the whole agenda; it shows meeting data, so it is
    recorded as a read of the meeting."""
    record(Actor.of(request), "casework.meeting.view", meeting)
    target = reverse("casework:meeting_detail", kwargs={"pk": meeting.pk})
    context = {
        "meeting": meeting,
        "form": form,
        "title": title,
        "submit": submit,
        "help": help_text,
        "back": f"{target}#{anchor}",
    }
    return render(request, "casework/meeting_form_failed.html", context, status=status)


# A form of the meeting page that failed, on its page of its own (422).
failed_form = partial(form_page, status=422)


@requires_any(Capability.VIEW_MEETINGS)
def meeting_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = policy.get_meeting_for(Actor.of(request), pk)
    context = _meeting_context(request, meeting)
    return render(request, "casework/meeting_detail.html", context)


@requires_any(Capability.CHAIR_MEETINGS)
@form_or_change
def meeting_attendance(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Who was present. Asked with GET, the form with those recorded so far: only the
    ``<form>`` for htmx (its ``<details>`` opening on the meeting page), else on a page of its
    own; recorded as a read of the meeting."""
    actor = Actor.of(request)
    meeting = policy.get_meeting_for(actor, pk, audit_read=False)
    if request.method != "POST":
        present = Attendance.objects.filter(meeting=meeting, present=True)
        form = AttendanceForm(
            municipality_id=meeting.municipality_id,
            initial={"present": list(present.values_list("user_id", flat=True))},
        )
        return _opened_form(
            request,
            meeting,
            form,
            _attendance_texts(),
            fragment=(
                "casework/_case_form.html",
                {"form_id": "attendance_form", "submit": ATTENDANCE_SUBMIT},
            ),
        )
    form = AttendanceForm(request.POST, municipality_id=meeting.municipality_id)
    if form.is_valid():
        meeting_actions.record_attendance(actor, meeting, present=form.cleaned_data["present"])
        messages.success(request, _("Attendance was saved."))
        return redirect("casework:meeting_detail", pk=meeting.pk)
    return failed_form(request, meeting, form, **_attendance_texts())


@requires_any(Capability.CHAIR_MEETINGS)
@require_POST
def meeting_agenda(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    actor = Actor.of(request)
    meeting = policy.get_meeting_for(actor, pk, audit_read=False)
    form = AgendaForm(request.POST, cases=policy.cases_for_agenda(request.user, meeting))
    if form.is_valid():
        meeting_actions.add_agenda_item(actor, meeting, form.cleaned_data["case"])
        messages.success(request, _("The case was put on the agenda."))
        return redirect("casework:meeting_detail", pk=meeting.pk)
    return failed_form(
        request,
        meeting,
        form,
        title=_("Put a case on the agenda"),
        submit=_("Add to agenda"),
        anchor="agenda-add",
    )


def _opened_form(
    request: AuthenticatedRequest,
    meeting: Meeting,
    form: Any,
    texts: FormTexts,
    fragment: tuple[str, dict[str, Any]],
) -> HttpResponse:
    """A form of the meeting page, opened (GET): for htmx only the ``<form>`` (``fragment``:
    its template and context), into its ``<details>`` on the meeting page; without JavaScript
    on a page of its own (``texts``). Either way a read of the meeting; nothing changes."""
    if not request.htmx:
        return form_page(request, meeting, form, **texts)
    record(Actor.of(request), "casework.meeting.view", meeting)
    template, context = fragment
    response = render(request, template, {"meeting": meeting, "form": form, **context})
    patch_vary_headers(response, ("HX-Request",))
    return response


def _item_response(
    request: AuthenticatedRequest, meeting: Meeting, item: AgendaItem, failed: Any = None
) -> HttpResponse:
    """After a change on an agenda item: the item alone for htmx, else back to the item on the
    meeting page. A form that failed is shown again with its errors and everything that was
    typed: in the item (htmx), or on a page of its own."""
    status = 422 if failed is not None else 200
    if not request.htmx:
        if failed is not None:
            return failed_form(request, meeting, failed, **_record_texts(item))
        target = reverse("casework:meeting_detail", kwargs={"pk": meeting.pk})
        return redirect(f"{target}#agenda-item-{item.pk}")
    context = _meeting_context(request, meeting, bound=failed)
    fresh = next(i for i in context["items"] if i.pk == item.pk)
    return render(
        request,
        "casework/_agenda_item.html",
        {**context, "item": fresh, "recorded": failed is None},
        status=status,
    )


@requires_any(Capability.CHAIR_MEETINGS)
@form_or_change
def item_record(request: AuthenticatedRequest, pk: int, item_pk: int) -> HttpResponse:
    """The agenda item's one form: the information shared, the decision and an action, each
    recorded by its own action (and audited as such), in one transaction.

    Asked with GET, the empty form: only the ``<form>`` for htmx (the item's ``<details>``
    opening on the meeting page), else on a page of its own; recorded as a read of the
    meeting. Nothing changes on GET."""
    actor = Actor.of(request)
    meeting = policy.get_meeting_for(actor, pk, audit_read=False)
    item = policy.get_agenda_item_for(actor, meeting, item_pk)
    form = AgendaItemForm(
        request.POST if request.method == "POST" else None,
        prefix=f"record-{item.pk}",
        organisations=organisations_by_case([item.case_id]).get(item.case_id, []),
    )
    if request.method != "POST":
        return _opened_form(
            request,
            meeting,
            form,
            _record_texts(item),
            fragment=("casework/_agenda_item_form.html", {"item": item}),
        )
    if not form.is_valid():
        return _item_response(request, meeting, item, failed=form)
    data = form.cleaned_data
    try:
        meeting_actions.record_agenda_item(
            actor,
            item,
            shared=data["shared"],
            decision=data["decision"],
            action=data["action"],
            owner=data["owner"],
            due_date=data["due_date"],
        )
    except WorkflowError as error:
        messages.error(request, _("This change is not possible: %(why)s.") % {"why": error})
        return _item_response(request, meeting, item, failed=form)
    if not request.htmx:
        messages.success(
            request,
            _("Recorded for %(reference)s.") % {"reference": item.case.reference},
        )
    return _item_response(request, meeting, item)


@requires_any(Capability.CHAIR_MEETINGS)
@require_POST
def meeting_propose(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Put new admissions and cases due for review on the agenda in one go."""
    actor = Actor.of(request)
    meeting = policy.get_meeting_for(actor, pk, audit_read=False)
    added = meeting_actions.add_proposed_items(actor, meeting)
    messages.success(
        request,
        ngettext(
            "%(count)d case was put on the agenda.",
            "%(count)d cases were put on the agenda.",
            added,
        )
        % {"count": added},
    )
    return redirect("casework:meeting_detail", pk=meeting.pk)


@requires_any(Capability.VIEW_MEETINGS)
def meeting_minutes(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Printable minutes: each organisation's copy holds only the cases it takes part in."""
    actor = Actor.of(request)
    meeting = policy.get_meeting_for(actor, pk, audit_read=False)
    context = _meeting_context(request, meeting, with_forms=False)
    record(actor, "casework.meeting.minutes", meeting)
    return render(
        request,
        "casework/meeting_minutes.html",
        {
            **context,
            "chairing": False,
            "copy_for": request.user.organisation,
            "printed_at": timezone.now(),
        },
    )


@requires_any(Capability.VIEW_CASES, Capability.MANAGE_CASES)
def my_actions(request: AuthenticatedRequest) -> HttpResponse:
    """The actions the case table gave to the user's organisation."""
    # Not the owner: it is the user's own organisation, and joining it made PostgreSQL
    # misjudge the visible cases as one row and hash every agenda item of the municipality.
    actions = policy.actions_owned_by(request.user).select_related(
        "agenda_item__case", "agenda_item__meeting"
    )
    page = page_of(request, actions, "status", "due_date", "pk")
    record(
        Actor.of(request),
        "casework.my_actions",
        targets=[a.agenda_item.case for a in page.object_list],
    )
    return render(
        request,
        "casework/my_actions.html",
        {"page": page, "today": timezone.localdate()},
    )


@requires_any(Capability.VIEW_CASES, Capability.MANAGE_CASES)
@require_POST
def action_done(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    actor = Actor.of(request)
    action = policy.get_owned_action_for(actor, pk)
    try:
        meeting_actions.complete_action(actor, action)
    except WorkflowError:
        messages.info(request, _("This action was done already."))
    else:
        messages.success(request, _("The action is marked as done."))
    return redirect("casework:my_actions")


@requires_any(Capability.VIEW_CASES, Capability.MANAGE_CASES)
@require_POST
def action_reopen(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """An action marked done by mistake is open again (when it was completed is cleared)."""
    actor = Actor.of(request)
    action = policy.get_owned_action_for(actor, pk)
    try:
        meeting_actions.reopen_action(actor, action)
    except WorkflowError:
        messages.info(request, _("This action is open already."))
    else:
        messages.success(request, _("The action is open again."))
    return redirect("casework:my_actions")
