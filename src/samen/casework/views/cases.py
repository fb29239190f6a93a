"""The case page and every change a partner makes on it (the plan is in ``plan``)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from samen.accounts.capabilities import Capability
from samen.accounts.decorators import AuthenticatedRequest, requires_any
from samen.audit.actor import Actor
from samen.audit.services import record
from samen.casework import attachments, policy
from samen.casework.actions import WorkflowError
from samen.casework.actions import cases as case_actions
from samen.casework.forms.cases import (
    AttachmentForm,
    CaseManagerForm,
    ClosureRequestForm,
    ConcernForm,
    DecideClosureForm,
    DomainAssessmentForm,
    MoveForm,
    NoteForm,
    ParticipantForm,
    RemoveParticipantForm,
    ReopenForm,
    ReviewForm,
)
from samen.casework.lifecycle import Phase
from samen.casework.models import Action, Case, CaseParticipation
from samen.casework.queries.cases import (
    case_records,
    case_timeline,
    current_participations,
    present,
)
from samen.casework.queries.plan import plan_approved_since, plan_changed_at_of
from samen.casework.views.case_extras import case_extras
from samen.casework.views.case_forms import case_anchor, failed_form, form_or_change, form_page
from samen.casework.views.common import PAGE_SIZE, page_of

# A form's change: (actor, case, cleaned data) -> whatever the action returns.
Apply = Callable[[Actor, Case, dict[str, Any]], Any]
MakeForm = Callable[..., Any]
# A failed form of one row: its title (None: the form's own) and facts (label, value).
Described = tuple[Any, list[tuple[Any, str]]]
Describe = Callable[[Case], Described]


@requires_any(Capability.VIEW_CASES, Capability.MANAGE_CASES)
def case_list(request: AuthenticatedRequest) -> HttpResponse:
    cases = policy.cases_visible_to(request.user).prefetch_related(current_participations())
    phase = request.GET.get("phase", "")
    if phase in Phase.values:
        cases = cases.filter(phase=phase)
    elif phase == "open":
        cases = cases.open()
    page = page_of(request, cases.select_related("case_manager"), "-opened_at", "-pk")
    record(Actor.of(request), "casework.case.list", targets=page.object_list)
    return render(
        request,
        "casework/case_list.html",
        {
            "page": page,
            "phase": phase,
            "phases": [("open", _("Open")), *Phase.choices],
            "coordinates": request.user.can(Capability.CHAIR_MEETINGS),
        },
    )


def case_context(request: AuthenticatedRequest, case: Case) -> dict[str, Any]:
    """Everything the case page shows, and which of its forms the user may open there (True;
    decision 0019: the page builds none of them, each is fetched from its own address when its
    ``<details>`` opens; the closing decision, shown open, and the case manager's form of a
    case without one are the exceptions, built here)."""
    user = request.user
    manages = user.can(Capability.MANAGE_CASES)
    chairs = user.can(Capability.CHAIR_MEETINGS)
    records = case_records(user, case, present(case))
    pending = records.pending_closure
    participations = list(
        case.participations.current().select_related("organisation").order_by("organisation__name")
    )
    hands_over = manages and (pending is not None or case.phase == Phase.CLOSED)
    forms: dict[str, Any] = {"note_form": True, "assessment_form": True, "attachment_form": True}
    if manages and case.phase != Phase.CLOSED:
        forms.update(
            move_form=True,
            closure_form=True,
            manager_form=True,
            participant_form=True,
            removal_form=True,
            concern_form=True,
            goal_form=True,
            intervention_form=True,
            approve_form=True,
        )
        if case.case_manager_id is None:
            # Shown open, built here: the case needs one.
            forms["open_manager_form"] = CaseManagerForm(case=case, prefix="manager")
    if hands_over:
        # The warm hand-over: once closing is proposed, and after closing.
        forms["handover_form"] = True
    if chairs and pending is not None and pending.requested_by_id != user.pk:
        forms["decide_form"] = DecideClosureForm(prefix="decide")
    if (chairs or manages) and case.phase == Phase.CLOSED:
        forms["reopen_form"] = True
        forms["review_form"] = True
    today = timezone.localdate()
    items = records.items
    # Reviews are scheduled at closing and shown only while the case is closed.
    reviews = list(case.reviews.select_related("done_by")) if case.phase == Phase.CLOSED else []
    concerns = list(case.concerns.select_related("set_by")[:10])

    return {
        "today": today,
        "case": case,
        **case_summary(case, items, reviews, today),
        "participations": participations,
        # Each row with whether it offers its own form (the removal reason, the findings).
        "participation_rows": [
            (
                participation,
                "removal_form" in forms and participation.organisation_id != case.municipality_id,
            )
            for participation in participations
        ],
        "review_rows": [
            (review, "review_form" in forms and review.done_at is None) for review in reviews
        ],
        "concern": concerns[0] if concerns else None,
        "concerns": concerns,
        "goals": records.goals,
        "interventions": records.interventions,
        "plan_approved": plan_approved_since(
            case, plan_changed_at_of(records.goals, records.interventions)
        ),
        "pending_closure": pending,
        "reviews": reviews,
        "notes": records.notes[:PAGE_SIZE],
        "assessments": case.domain_assessments.select_related("author", "organisation"),
        "attachments": case.attachments.select_related("uploaded_by", "organisation"),
        "items": items,
        "timeline": case_timeline(case, records),
        "manages": manages,
        **case_extras(user, case, manages, transfers=records.transfers, found=records.present),
        **forms,
    }


def case_summary(case: Case, items: list[Any], reviews: list[Any], today: date) -> dict[str, Any]:
    """The top of the case page, from what the page reads anyway (no query of its own): the
    next time the case is looked at (the next meeting with the case on its agenda; after
    closing, the next review due) and the open actions agreed at the case table, most urgent
    first."""
    if case.phase == Phase.CLOSED:
        due = [review.due_on for review in reviews if review.done_at is None]
        next_review = min(due) if due else None
    else:
        now = timezone.now()
        upcoming = [item.meeting.starts_at for item in items if item.meeting.starts_at >= now]
        next_review = timezone.localdate(min(upcoming)) if upcoming else None
    open_actions = sorted(
        (
            action
            for item in items
            for action in item.actions.all()
            if action.status == Action.Status.OPEN
        ),
        key=lambda action: (action.due_date, action.pk),
    )
    return {
        "next_review": next_review,
        "open_actions": open_actions,
        "overdue_actions": sum(1 for action in open_actions if action.due_date < today),
        "needs_manager": case.case_manager_id is None and case.phase != Phase.CLOSED,
    }


@requires_any(Capability.VIEW_CASES, Capability.MANAGE_CASES)
def case_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = policy.get_case_for(Actor.of(request), pk)
    return render(request, "casework/case_detail.html", case_context(request, case))


def case_change(
    request: AuthenticatedRequest,
    pk: int,
    form_name: str,
    make_form: MakeForm,
    apply: Apply,
    done: str,
    describe: Describe | None = None,
    row: int | None = None,
) -> HttpResponse:
    """One change on a case: the policy, the form, the action, and the answer.

    Asked with GET, the empty form (``case_forms.form_page``: what the case page's
    ``<details>`` fetches when it opens). A form with errors comes back on a page of its own
    with everything that was typed (422, ``case_forms.failed_form``; ``describe`` gives the
    title and facts of a form of one row, ``row`` its key); a change the case's state does not
    allow comes back as a message on the case page."""
    actor = Actor.of(request)
    case = policy.get_case_for(actor, pk, audit_read=False)
    prefix = form_name.removesuffix("_form")
    if request.method != "POST":
        title, facts = describe(case) if describe is not None else (None, [])
        form = make_form(None, case, prefix)
        return form_page(request, case, form_name, form, title=title, facts=facts, row=row)
    form = make_form(request.POST, case, prefix)
    if form.is_valid():
        try:
            apply(actor, case, form.cleaned_data)
        except WorkflowError as error:
            messages.error(request, _("This change is not possible: %(why)s.") % {"why": error})
        else:
            messages.success(request, done)
        return redirect(case_anchor(case, form_name))
    title, facts = describe(case) if describe is not None else (None, [])
    return failed_form(request, case, form_name, form, title=title, facts=facts, row=row)


def row_form(form_class: Any, name: str, pk: int, data: Any = None) -> Any:
    """The form of one row of a list on the case page (a participation to remove, a review to
    record): the field names the view reads (``removal-reason``), ids of the row's own
    (``id_removal-reason-12``), so that the shared form partial ties each error and the error
    summary's link to the row's own field."""
    return form_class(data, prefix=name.removesuffix("_form"), auto_id=f"id_%s-{pk}")


def for_row(form_class: Any, pk: int) -> MakeForm:
    return lambda data, case, prefix: row_form(form_class, f"{prefix}_form", pk, data)


def plain(form_class: Any) -> MakeForm:
    return lambda data, case, prefix: form_class(data, prefix=prefix)


def with_case(form_class: Any) -> MakeForm:
    return lambda data, case, prefix: form_class(data, case=case, prefix=prefix)


@requires_any(Capability.MANAGE_CASES)
@form_or_change
def case_move(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return case_change(
        request,
        pk,
        "move_form",
        with_case(MoveForm),
        lambda actor, case, data: case_actions.move_case(actor, case, **data),
        _("The case moved to its new phase."),
    )


@requires_any(Capability.MANAGE_CASES)
@form_or_change
def case_request_closure(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return case_change(
        request,
        pk,
        "closure_form",
        plain(ClosureRequestForm),
        lambda actor, case, data: case_actions.request_closure(actor, case, **data),
        _("Closing was proposed; a second person decides."),
    )


@requires_any(Capability.CHAIR_MEETINGS)
@form_or_change
def case_decide_closure(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return case_change(
        request,
        pk,
        "decide_form",
        plain(DecideClosureForm),
        lambda actor, case, data: case_actions.decide_closure(
            actor, case, approve=data["decision"] == "approve", note=data["note"]
        ),
        _("The decision was recorded."),
    )


@requires_any(Capability.CHAIR_MEETINGS, Capability.MANAGE_CASES)
@form_or_change
def case_reopen(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return case_change(
        request,
        pk,
        "reopen_form",
        plain(ReopenForm),
        lambda actor, case, data: case_actions.reopen_case(actor, case, **data),
        _("The case was reopened."),
    )


@requires_any(Capability.CHAIR_MEETINGS, Capability.MANAGE_CASES)
@form_or_change
def case_review(request: AuthenticatedRequest, pk: int, review_pk: int) -> HttpResponse:
    def apply(actor: Actor, case: Case, data: dict[str, Any]) -> Any:
        review = case.reviews.filter(pk=review_pk).first()
        if review is None:
            raise Http404
        return case_actions.complete_review(actor, review, note=data["note"])

    def describe(case: Case) -> Described:
        review = case.reviews.filter(pk=review_pk).first()
        if review is None:
            raise Http404
        return None, [(_("Due"), date_format(review.due_on, "DATE_FORMAT"))]

    return case_change(
        request,
        pk,
        "review_form",
        for_row(ReviewForm, review_pk),
        apply,
        _("The review was recorded."),
        describe,
        row=review_pk,
    )


@requires_any(Capability.MANAGE_CASES)
@form_or_change
def case_manager(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return case_change(
        request,
        pk,
        "manager_form",
        with_case(CaseManagerForm),
        lambda actor, case, data: case_actions.set_case_manager(
            actor, case, manager=data["case_manager"]
        ),
        _("The case manager was saved."),
    )


@requires_any(Capability.MANAGE_CASES)
@form_or_change
def case_add_participant(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return case_change(
        request,
        pk,
        "participant_form",
        with_case(ParticipantForm),
        lambda actor, case, data: case_actions.add_participant(actor, case, **data),
        _("The organisation now takes part."),
    )


@requires_any(Capability.MANAGE_CASES)
@form_or_change
def case_remove_participant(
    request: AuthenticatedRequest, pk: int, participation_pk: int
) -> HttpResponse:
    def participation_of(case: Case) -> CaseParticipation:
        participation = (
            case.participations.current()
            .filter(pk=participation_pk)
            .select_related("organisation")
            .first()
        )
        if participation is None:
            raise Http404
        return participation

    def apply(actor: Actor, case: Case, data: dict[str, Any]) -> Any:
        participation = participation_of(case)
        return case_actions.remove_participant(actor, participation, reason=data["reason"])

    def describe(case: Case) -> Described:
        name = participation_of(case).organisation.name
        return _("Remove %(name)s") % {"name": name}, []

    return case_change(
        request,
        pk,
        "removal_form",
        for_row(RemoveParticipantForm, participation_pk),
        apply,
        _("The organisation no longer takes part."),
        describe,
        row=participation_pk,
    )


@requires_any(Capability.MANAGE_CASES)
@form_or_change
def case_concern(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return case_change(
        request,
        pk,
        "concern_form",
        plain(ConcernForm),
        lambda actor, case, data: case_actions.set_concern(actor, case, **data),
        _("Ideology and level of concern were recorded."),
    )


@requires_any(Capability.VIEW_CASES, Capability.MANAGE_CASES)
@form_or_change
def case_note(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return case_change(
        request,
        pk,
        "note_form",
        lambda data, case, prefix: NoteForm(data, case=case, user=request.user, prefix=prefix),
        lambda actor, case, data: case_actions.add_note(actor, case, **data),
        _("Your contribution was added."),
    )


@requires_any(Capability.VIEW_CASES, Capability.MANAGE_CASES)
@form_or_change
def case_assessment(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return case_change(
        request,
        pk,
        "assessment_form",
        plain(DomainAssessmentForm),
        lambda actor, case, data: case_actions.add_domain_assessment(actor, case, **data),
        _("Your assessment was added."),
    )


@requires_any(Capability.VIEW_CASES, Capability.MANAGE_CASES)
@form_or_change
def case_attachment(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    actor = Actor.of(request)
    case = policy.get_case_for(actor, pk, audit_read=False)
    if request.method != "POST":
        return form_page(request, case, "attachment_form", AttachmentForm(prefix="attachment"))
    form = AttachmentForm(request.POST, request.FILES, prefix="attachment")
    if form.is_valid():
        case_actions.add_attachment(
            actor,
            case,
            kind=form.cleaned_data["kind"],
            title=form.cleaned_data["title"],
            filename=form.cleaned_data["file"].name,
            content=form.content,
        )
        messages.success(request, _("The attachment was added."))
        return redirect(case_anchor(case, "attachment_form"))
    return failed_form(request, case, "attachment_form", form)


@requires_any(Capability.VIEW_CASES, Capability.MANAGE_CASES)
def attachment_download(request: AuthenticatedRequest, pk: int, attachment_pk: int) -> HttpResponse:
    actor = Actor.of(request)
    case = policy.get_case_for(actor, pk, audit_read=False)
    attachment = case.attachments.filter(pk=attachment_pk).first()
    if attachment is None:
        raise Http404
    try:
        content = attachments.read(attachment.storage_name)
    except FileNotFoundError:
        # Erased on request or past its retention term: the record stays, the file is gone.
        raise Http404 from None
    record(actor, "casework.attachment.download", attachment)
    response = HttpResponse(content, content_type=attachment.content_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=attachment.filename
    )
    response["Cache-Control"] = "no-store, private"
    return response
