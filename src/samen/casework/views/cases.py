"""The case page and every change a partner makes on it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samen.accounts.capabilities import Capability
from samen.accounts.decorators import requires
from samen.accounts.models import User
from samen.audit.services import record
from samen.casework import actions, attachments
from samen.casework.forms import (
    ApprovePlanForm,
    AttachmentForm,
    CaseManagerForm,
    ClosureRequestForm,
    ConcernForm,
    DecideClosureForm,
    DomainAssessmentForm,
    GoalForm,
    InterventionForm,
    MoveForm,
    NoteForm,
    ParticipantForm,
    RemoveParticipantForm,
    ReopenForm,
    ReviewForm,
)
from samen.casework.lifecycle import Phase
from samen.casework.models import (
    Action,
    AgendaItem,
    Case,
    CaseNote,
    CaseParticipation,
    Decision,
    Intervention,
)
from samen.casework.policy import get_case_for
from samen.casework.timeline import case_timeline
from samen.casework.views import PAGE_SIZE, _page


def _acting(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    return user


def _participations() -> Prefetch[Any]:
    return Prefetch(
        "participations",
        queryset=CaseParticipation.objects.current()
        .select_related("organisation")
        .order_by("organisation__name"),
    )


@requires(Capability.VIEW_CASES, Capability.MANAGE_CASES)
def case_list(request: HttpRequest) -> HttpResponse:
    cases = Case.objects.visible_to(request.user).prefetch_related(_participations())
    phase = request.GET.get("phase", "")
    if phase in Phase.values:
        cases = cases.filter(phase=phase)
    elif phase == "open":
        cases = cases.open()
    page = _page(request, cases.select_related("case_manager").order_by("-opened_at"))
    record(request, "casework.case.list", targets=page.object_list)
    return render(
        request,
        "casework/case_list.html",
        {"page": page, "phase": phase, "phases": [("open", _("Open")), *Phase.choices]},
    )


def _case_context(
    request: HttpRequest, case: Case, failed: tuple[str, Any] | None = None
) -> dict[str, Any]:
    """Everything the case page shows; ``failed`` is (name, form) of a submitted form that is
    shown again with its errors and everything that was typed."""
    user: User = request.user  # type: ignore[assignment]
    manages = user.can(Capability.MANAGE_CASES)
    chairs = user.can(Capability.CHAIR_MEETINGS)
    items = (
        AgendaItem.objects.filter(case=case)
        .select_related("meeting")
        .prefetch_related(
            Prefetch("decisions", queryset=Decision.objects.select_related("recorded_by")),
            Prefetch("actions", queryset=Action.objects.select_related("owner")),
            Prefetch(
                "shared_information",
                queryset=CaseNote.objects.visible_to(user).select_related("organisation"),
            ),
        )
        .order_by("-meeting__starts_at")
    )
    notes = (
        CaseNote.objects.visible_to(user)
        .filter(case=case)
        .select_related("organisation", "author")
        .prefetch_related("restricted_to")[:PAGE_SIZE]
    )
    pending = (
        case.closure_requests.filter(decided_at__isnull=True).select_related("requested_by").first()
    )
    forms: dict[str, Any] = {
        "note_form": NoteForm(case=case, user=user, prefix="note"),
        "assessment_form": DomainAssessmentForm(prefix="assessment"),
        "attachment_form": AttachmentForm(prefix="attachment"),
    }
    if manages and case.phase != Phase.CLOSED:
        forms.update(
            move_form=MoveForm(case=case, prefix="move"),
            closure_form=ClosureRequestForm(prefix="closure"),
            manager_form=CaseManagerForm(
                case=case, initial={"case_manager": case.case_manager_id}, prefix="manager"
            ),
            participant_form=ParticipantForm(case=case, prefix="participant"),
            removal_form=RemoveParticipantForm(),
            concern_form=ConcernForm(prefix="concern"),
            goal_form=GoalForm(prefix="goal"),
            intervention_form=InterventionForm(case=case, prefix="intervention"),
            approve_form=ApprovePlanForm(prefix="approve"),
        )
    if chairs and pending is not None and pending.requested_by_id != user.pk:
        forms["decide_form"] = DecideClosureForm(prefix="decide")
    if (chairs or manages) and case.phase == Phase.CLOSED:
        forms["reopen_form"] = ReopenForm(prefix="reopen")
        forms["review_form"] = ReviewForm()
    if failed is not None:
        name, form = failed
        forms[name] = form
    return {
        "today": timezone.localdate(),
        "case": case,
        "participations": case.participations.current()
        .select_related("organisation")
        .order_by("organisation__name"),
        "concern": case.concerns.select_related("set_by").first(),
        "concerns": case.concerns.select_related("set_by")[:10],
        "goals": case.goals.all(),
        "interventions": case.interventions.select_related("responsible"),
        "plan_approved": actions.plan_is_approved(case),
        "pending_closure": pending,
        "reviews": case.reviews.select_related("done_by"),
        "notes": notes,
        "assessments": case.domain_assessments.select_related("author", "organisation"),
        "attachments": case.attachments.select_related("uploaded_by", "organisation"),
        "items": items,
        "timeline": case_timeline(user, case),
        "manages": manages,
        **forms,
    }


@requires(Capability.VIEW_CASES, Capability.MANAGE_CASES)
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for(request, pk)
    return render(request, "casework/case_detail.html", _case_context(request, case))


def _case_change(
    request: HttpRequest,
    pk: int,
    form_name: str,
    make_form: Callable[..., Any],
    apply: Callable[[Case, Any], Any],
    done: str,
) -> HttpResponse:
    """One change on a case: the policy, the form, the action, and the answer.

    A form with errors comes back on the case page with everything that was typed (422); a
    change the case's state does not allow comes back as a message."""
    case = get_case_for(request, pk, audit_read=False)
    form = make_form(request.POST, case, form_name.removesuffix("_form"))
    if form.is_valid():
        try:
            apply(case, form.cleaned_data)
        except actions.WorkflowError as error:
            messages.error(request, _("This change is not possible: %(why)s.") % {"why": error})
        else:
            messages.success(request, done)
        return redirect(reverse("casework:case_detail", kwargs={"pk": case.pk}) + "#" + form_name)
    context = _case_context(request, case, failed=(form_name, form))
    return render(request, "casework/case_detail.html", context, status=422)


def _plain(form_class: Any) -> Callable[..., Any]:
    return lambda data, case, prefix: form_class(data, prefix=prefix)


def _with_case(form_class: Any) -> Callable[..., Any]:
    return lambda data, case, prefix: form_class(data, case=case, prefix=prefix)


@requires(Capability.MANAGE_CASES)
@require_POST
def case_move(request: HttpRequest, pk: int) -> HttpResponse:
    return _case_change(
        request,
        pk,
        "move_form",
        _with_case(MoveForm),
        lambda case, data: actions.move_case(request, case, data["to_phase"], data["reason"]),
        _("The case moved to its new phase."),
    )


@requires(Capability.MANAGE_CASES)
@require_POST
def case_request_closure(request: HttpRequest, pk: int) -> HttpResponse:
    return _case_change(
        request,
        pk,
        "closure_form",
        _plain(ClosureRequestForm),
        lambda case, data: actions.request_closure(
            request, case, data["closing_reason"], data["explanation"]
        ),
        _("Closing was proposed; a second person decides."),
    )


@requires(Capability.CHAIR_MEETINGS)
@require_POST
def case_decide_closure(request: HttpRequest, pk: int) -> HttpResponse:
    def apply(case: Case, data: Any) -> Any:
        pending = case.closure_requests.filter(decided_at__isnull=True).first()
        if pending is None:
            raise actions.WorkflowError(_("no closure is waiting for a decision"))
        return actions.decide_closure(
            request, pending, approve=data["decision"] == "approve", note=data["note"]
        )

    return _case_change(
        request,
        pk,
        "decide_form",
        _plain(DecideClosureForm),
        apply,
        _("The decision was recorded."),
    )


@requires(Capability.CHAIR_MEETINGS, Capability.MANAGE_CASES)
@require_POST
def case_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    return _case_change(
        request,
        pk,
        "reopen_form",
        _plain(ReopenForm),
        lambda case, data: actions.reopen_case(request, case, data["to_phase"], data["reason"]),
        _("The case was reopened."),
    )


@requires(Capability.CHAIR_MEETINGS, Capability.MANAGE_CASES)
@require_POST
def case_review(request: HttpRequest, pk: int, review_pk: int) -> HttpResponse:
    def apply(case: Case, data: Any) -> Any:
        review = case.reviews.filter(pk=review_pk).first()
        if review is None:
            raise Http404
        return actions.complete_review(request, review, data["note"])

    return _case_change(
        request, pk, "review_form", _plain(ReviewForm), apply, _("The review was recorded.")
    )


@requires(Capability.MANAGE_CASES)
@require_POST
def case_manager(request: HttpRequest, pk: int) -> HttpResponse:
    return _case_change(
        request,
        pk,
        "manager_form",
        _with_case(CaseManagerForm),
        lambda case, data: actions.set_case_manager(request, case, data["case_manager"]),
        _("The case manager was saved."),
    )


@requires(Capability.MANAGE_CASES)
@require_POST
def case_add_participant(request: HttpRequest, pk: int) -> HttpResponse:
    return _case_change(
        request,
        pk,
        "participant_form",
        _with_case(ParticipantForm),
        lambda case, data: actions.add_participant(
            request, case, data["organisation"], data["reason"]
        ),
        _("The organisation now takes part."),
    )


@requires(Capability.MANAGE_CASES)
@require_POST
def case_remove_participant(request: HttpRequest, pk: int, participation_pk: int) -> HttpResponse:
    def apply(case: Case, data: Any) -> Any:
        participation = case.participations.current().filter(pk=participation_pk).first()
        if participation is None:
            raise Http404
        return actions.remove_participant(request, participation, data["reason"])

    return _case_change(
        request,
        pk,
        "removal_form",
        _plain(RemoveParticipantForm),
        apply,
        _("The organisation no longer takes part."),
    )


@requires(Capability.MANAGE_CASES)
@require_POST
def case_concern(request: HttpRequest, pk: int) -> HttpResponse:
    return _case_change(
        request,
        pk,
        "concern_form",
        _plain(ConcernForm),
        lambda case, data: actions.set_concern(request, case, **data),
        _("Ideology and level of concern were recorded."),
    )


@requires(Capability.VIEW_CASES, Capability.MANAGE_CASES)
@require_POST
def case_note(request: HttpRequest, pk: int) -> HttpResponse:
    return _case_change(
        request,
        pk,
        "note_form",
        lambda data, case, prefix: NoteForm(data, case=case, user=_acting(request), prefix=prefix),
        lambda case, data: actions.add_note(request, case, data["text"], data["restricted_to"]),
        _("Your contribution was added."),
    )


@requires(Capability.MANAGE_CASES)
@require_POST
def case_goal(request: HttpRequest, pk: int) -> HttpResponse:
    return _case_change(
        request,
        pk,
        "goal_form",
        _plain(GoalForm),
        lambda case, data: actions.add_goal(request, case, data["text"]),
        _("The goal was added to the plan."),
    )


@requires(Capability.MANAGE_CASES)
@require_POST
def case_intervention(request: HttpRequest, pk: int) -> HttpResponse:
    def apply(case: Case, data: Any) -> Any:
        return actions.save_intervention(request, Intervention(case=case, **data))

    return _case_change(
        request,
        pk,
        "intervention_form",
        _with_case(InterventionForm),
        apply,
        _("The intervention was added to the plan."),
    )


@requires(Capability.MANAGE_CASES)
def intervention_edit(request: HttpRequest, pk: int, intervention_pk: int) -> HttpResponse:
    case = get_case_for(request, pk, audit_read=request.method == "GET")
    intervention = case.interventions.filter(pk=intervention_pk).first()
    if intervention is None:
        raise Http404
    form = InterventionForm(request.POST or None, instance=intervention, case=case)
    if request.method == "POST" and form.is_valid():
        actions.save_intervention(request, form.save(commit=False))
        messages.success(request, _("The intervention was saved."))
        return redirect(reverse("casework:case_detail", kwargs={"pk": case.pk}) + "#plan")
    return render(
        request,
        "casework/intervention_form.html",
        {"case": case, "form": form, "intervention": intervention},
        status=422 if form.errors else 200,
    )


@requires(Capability.MANAGE_CASES, Capability.CHAIR_MEETINGS)
@require_POST
def case_approve_plan(request: HttpRequest, pk: int) -> HttpResponse:
    return _case_change(
        request,
        pk,
        "approve_form",
        _plain(ApprovePlanForm),
        lambda case, data: actions.approve_plan(request, case, data["note"]),
        _("The plan was approved."),
    )


@requires(Capability.VIEW_CASES, Capability.MANAGE_CASES)
@require_POST
def case_assessment(request: HttpRequest, pk: int) -> HttpResponse:
    return _case_change(
        request,
        pk,
        "assessment_form",
        _plain(DomainAssessmentForm),
        lambda case, data: actions.add_domain_assessment(request, case, **data),
        _("Your assessment was added."),
    )


@requires(Capability.VIEW_CASES, Capability.MANAGE_CASES)
@require_POST
def case_attachment(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for(request, pk, audit_read=False)
    form = AttachmentForm(request.POST, request.FILES, prefix="attachment")
    if form.is_valid():
        actions.add_attachment(
            request,
            case,
            kind=form.cleaned_data["kind"],
            title=form.cleaned_data["title"],
            filename=form.cleaned_data["file"].name,
            content=form.content,
        )
        messages.success(request, _("The attachment was added."))
        return redirect(reverse("casework:case_detail", kwargs={"pk": case.pk}) + "#attachments")
    context = _case_context(request, case, failed=("attachment_form", form))
    return render(request, "casework/case_detail.html", context, status=422)


@requires(Capability.VIEW_CASES, Capability.MANAGE_CASES)
def attachment_download(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    case = get_case_for(request, pk, audit_read=False)
    attachment = case.attachments.filter(pk=attachment_pk).first()
    if attachment is None:
        raise Http404
    try:
        content = attachments.read(attachment.storage_name)
    except FileNotFoundError:
        # Erased on request or past its retention term: the record stays, the file is gone.
        raise Http404 from None
    record(request, "casework.attachment.download", attachment)
    response = HttpResponse(content, content_type=attachment.content_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=attachment.filename
    )
    response["Cache-Control"] = "no-store, private"
    return response
