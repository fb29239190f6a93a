from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from samen.accounts.capabilities import Capability
from samen.accounts.decorators import requires
from samen.accounts.models import Organisation, User
from samen.audit.denials import record_denial
from samen.audit.services import record
from samen.casework import actions
from samen.casework.forms import (
    ActionForm,
    AdditionForm,
    AgendaForm,
    AttendanceForm,
    CriterionForm,
    DecisionForm,
    FollowUpCodeForm,
    MeetingForm,
    PartnerSignalForm,
    PublicSignalForm,
    RegisterSignalForm,
    SharedInformationForm,
    WeighingForm,
)
from samen.casework.models import (
    Action,
    AgendaItem,
    Attendance,
    Case,
    CaseNote,
    CaseParticipation,
    Decision,
    Meeting,
    Review,
    Signal,
    SignalAddition,
    Weighing,
    WeighingCriterion,
)
from samen.casework.policy import get_meeting_for, get_signal_for
from samen.casework.statistics import suppressed_statistics

PAGE_SIZE = 25


def _home_municipality(user: User) -> Organisation | None:
    return Organisation.objects.filter(
        pk=user.organisation.home_municipality_id or 0, kind=Organisation.Kind.MUNICIPALITY
    ).first()


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


def _page(request: HttpRequest, queryset: Any) -> Any:
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    context: dict[str, Any] = {}
    if user.can(Capability.INTAKE_SIGNALS):
        to_weigh = Signal.objects.visible_to(user).filter(status__in=Signal.TO_WEIGH)
        context["signals_waiting"] = to_weigh.count()
        context["signals_overdue"] = to_weigh.filter(received_at__lt=_overdue_before()).count()
    if user.has_casework_role:
        visible = Case.objects.visible_to(user)
        context["cases_open"] = visible.open().count()
        context["actions_overdue"] = (
            _my_actions(user)
            .filter(status=Action.Status.OPEN, due_date__lt=timezone.localdate())
            .count()
        )
        context["reviews_due"] = Review.objects.filter(
            case__in=visible.values("pk"),
            done_at__isnull=True,
            due_on__lte=timezone.localdate() + timedelta(days=30),
        ).count()
    if user.can(Capability.VIEW_MEETINGS):
        context["next_meetings"] = list(
            Meeting.objects.visible_to(user)
            .filter(starts_at__gte=timezone.now())
            .order_by("starts_at")[:3]
        )
    if user.can(Capability.VIEW_STATISTICS):
        context["statistics"] = suppressed_statistics(user.organisation.home_municipality_id)
    return render(request, "casework/dashboard.html", context)


# --- signals -------------------------------------------------------------------------------


@never_cache
def public_report(request: HttpRequest) -> HttpResponse:
    from samen.casework.views.guidance import SESSION_KEY, guidance_path

    path, guided_municipality = guidance_path(request)
    form = PublicSignalForm(
        request.POST or None,
        initial={"municipality": guided_municipality} if guided_municipality else None,
    )
    if request.method == "POST" and form.is_valid():
        request.session.pop(SESSION_KEY, None)
        data = form.cleaned_data
        receipt = actions.report_signal(
            request,
            municipality=data["municipality"],
            channel=Signal.Channel.PUBLIC_FORM,
            observation=data["observation"],
            anonymous=data["anonymous"],
            reporter_name=data["reporter_name"],
            reporter_contact=data["reporter_contact"],
            subject_name=data["subject_name"],
            subject_birth_date=_iso(data["subject_birth_date"]),
            district=data["district"],
            guidance_path=path,
        )
        request.session["receipt"] = {
            "reference": receipt.signal.reference,
            "code": receipt.code,
        }
        return redirect("casework:report_receipt")
    return render(request, "casework/public_report.html", {"form": form, "guidance_path": path})


@never_cache
def report_receipt(request: HttpRequest) -> HttpResponse:
    # Shown once: the code is not stored in readable form anywhere.
    receipt = request.session.pop("receipt", None)
    if receipt is None:
        return redirect("casework:public_report")
    return render(request, "casework/report_receipt.html", {"receipt": receipt})


@requires(Capability.REPORT_SIGNAL)
def signal_create(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    municipality = _home_municipality(user)
    form = PartnerSignalForm(request.POST or None)
    if municipality is None:
        messages.error(request, _("Your organisation is not linked to a municipality."))
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        receipt = actions.report_signal(
            request,
            municipality=municipality,
            channel=Signal.Channel.PARTNER_FORM,
            observation=data["observation"],
            anonymous=False,
            reporter_name=user.full_name,
            reporter_contact=user.email,
            subject_name=data["subject_name"],
            subject_birth_date=_iso(data["subject_birth_date"]),
            district=data["district"],
            reporter=user,
        )
        request.session["receipt"] = {"reference": receipt.signal.reference, "code": receipt.code}
        return redirect("casework:report_receipt")
    return render(
        request, "casework/signal_form.html", {"form": form, "municipality": municipality}
    )


def _overdue_before() -> Any:
    return timezone.now() - timedelta(days=settings.WEIGHING_TERM_DAYS)


@requires(Capability.INTAKE_SIGNALS)
def signal_list(request: HttpRequest) -> HttpResponse:
    signals = Signal.objects.visible_to(request.user).select_related("reporting_organisation")
    status = request.GET.get("status", "")
    if status in Signal.Status.values:
        signals = signals.filter(status=status)
    elif status == "to_weigh":
        signals = signals.filter(status__in=Signal.TO_WEIGH)
    page = _page(request, signals.order_by("-received_at"))
    record(request, "casework.signal.list", targets=page.object_list)
    return render(
        request,
        "casework/signal_list.html",
        {
            "page": page,
            "status": status,
            "statuses": [("to_weigh", _("To weigh")), *Signal.Status.choices],
            "overdue_before": _overdue_before(),
            "to_weigh": Signal.TO_WEIGH,
            "term_days": settings.WEIGHING_TERM_DAYS,
        },
    )


@requires(Capability.INTAKE_SIGNALS)
def signal_register(request: HttpRequest) -> HttpResponse:
    """The reporting point takes in a signal by phone or at a visit."""
    user: User = request.user  # type: ignore[assignment]
    municipality = _home_municipality(user)
    form = RegisterSignalForm(request.POST or None)
    if municipality is None:
        messages.error(request, _("Your organisation is not linked to a municipality."))
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        receipt = actions.report_signal(
            request,
            municipality=municipality,
            channel=data["channel"],
            observation=data["observation"],
            anonymous=data["anonymous"],
            reporter_name=data["reporter_name"],
            reporter_contact=data["reporter_contact"],
            subject_name=data["subject_name"],
            subject_birth_date=_iso(data["subject_birth_date"]),
            district=data["district"],
        )
        request.session["receipt"] = {"reference": receipt.signal.reference, "code": receipt.code}
        messages.success(request, _("The signal was registered. Give the reporter the code."))
        return redirect("casework:report_receipt")
    return render(request, "casework/signal_register.html", {"form": form})


def _signal_page(
    request: HttpRequest, signal: Signal, *, form: Any = None, addition_form: Any = None
) -> dict[str, Any]:
    user: User = request.user  # type: ignore[assignment]
    if form is None and signal.status in Signal.TO_WEIGH and user.can(Capability.WEIGH_SIGNALS):
        form = WeighingForm(municipality_id=signal.municipality_id)
    same_person = (
        Signal.objects.visible_to(user)
        .filter(subject_index=signal.subject_index)
        .exclude(pk=signal.pk)
        .order_by("-received_at")[:10]
        if signal.subject_index
        else Signal.objects.none()
    )
    return {
        "signal": signal,
        "weighings": signal.weighings.select_related(
            "weighed_by__organisation", "referred_to"
        ).prefetch_related("criteria_met", "participants"),
        "additions": signal.additions.all(),
        "same_person": same_person,
        "form": form,
        "addition_form": addition_form or AdditionForm(),
        "case": _case_of(signal),
        "overdue": signal.status in Signal.TO_WEIGH and signal.received_at < _overdue_before(),
    }


@requires(Capability.INTAKE_SIGNALS)
def signal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    signal = get_signal_for(request, pk)
    return render(request, "casework/signal_detail.html", _signal_page(request, signal))


def _case_of(signal: Signal) -> Case | None:
    try:
        return signal.case
    except Case.DoesNotExist:
        return None


@requires(Capability.INTAKE_SIGNALS)
@require_POST
def signal_add(request: HttpRequest, pk: int) -> HttpResponse:
    signal = get_signal_for(request, pk, audit_read=False)
    form = AdditionForm(request.POST)
    if form.is_valid():
        actions.add_to_signal(
            request, signal, form.cleaned_data["text"], SignalAddition.Source.INTAKE
        )
        messages.success(request, _("The information was added."))
        return redirect("casework:signal_detail", pk=signal.pk)
    context = _signal_page(request, signal, addition_form=form)
    return render(request, "casework/signal_detail.html", context, status=422)


@requires(Capability.WEIGH_SIGNALS)
@require_POST
def signal_weigh(request: HttpRequest, pk: int) -> HttpResponse:
    signal = get_signal_for(request, pk, audit_read=False)
    if signal.status not in Signal.TO_WEIGH:
        messages.error(request, _("This signal has already been weighed."))
        return redirect("casework:signal_detail", pk=signal.pk)
    form = WeighingForm(request.POST, municipality_id=signal.municipality_id)
    if form.is_valid():
        data = form.cleaned_data
        actions.weigh_signal(
            request,
            signal,
            outcome=data["outcome"],
            reasons=data["reasons"],
            participants=data["participants"],
            advice=data["advice"],
            referred_to=data["referred_to"],
            criteria_met=data["criteria_met"],
            team=data["team"],
        )
        if data["outcome"] == Weighing.Outcome.ADMIT:
            messages.success(request, _("The signal was weighed and admitted as a case."))
        else:
            messages.success(request, _("The weighing was recorded."))
        return redirect("casework:signal_detail", pk=signal.pk)
    context = _signal_page(request, signal, form=form)
    return render(request, "casework/signal_detail.html", context, status=422)


@requires(Capability.CONFIGURE_CASEWORK)
def criteria(request: HttpRequest) -> HttpResponse:
    """The weighing team's criteria, kept by the coordinator for the municipality."""
    user: User = request.user  # type: ignore[assignment]
    municipality_id = user.organisation.home_municipality_id
    if municipality_id is None:
        raise Http404
    form = CriterionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        criterion = form.save(commit=False)
        criterion.municipality_id = municipality_id
        actions.save_criterion(request, criterion)
        messages.success(request, _("The criterion was added."))
        return redirect("casework:criteria")
    items = WeighingCriterion.objects.filter(municipality_id=municipality_id)
    return render(
        request,
        "casework/criteria.html",
        {"form": form, "criteria": items},
        status=422 if form.errors else 200,
    )


@requires(Capability.CONFIGURE_CASEWORK)
def criterion_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    criterion = get_object_or_404(
        WeighingCriterion, pk=pk, municipality_id=user.organisation.home_municipality_id
    )
    form = CriterionForm(request.POST or None, instance=criterion)
    if request.method == "POST" and form.is_valid():
        actions.save_criterion(request, form.save(commit=False))
        messages.success(request, _("The criterion was saved."))
        return redirect("casework:criteria")
    return render(request, "casework/criterion_form.html", {"form": form, "criterion": criterion})


# --- the reporter's follow-up with the receipt code ---------------------------------------


_FOLLOW_UP_KEY = "follow_up_signal"


@never_cache
def report_follow_up(request: HttpRequest) -> HttpResponse:
    """A reporter enters the receipt code; the signal it belongs to is remembered in the
    session, so the code never appears in a URL."""
    form = FollowUpCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        signal = actions.signal_for_receipt(form.cleaned_data["code"])
        if signal is None:
            record_denial(request, "casework.signal.followup", object_type="casework.signal")
            form.add_error("code", _("This code is not known. Check it and try again."))
        else:
            request.session.cycle_key()
            request.session[_FOLLOW_UP_KEY] = signal.pk
            record(request, "casework.signal.followup", signal)
            return redirect("casework:report_status")
    return render(request, "casework/report_follow_up.html", {"form": form})


# What a reporter sees of the state: never whether a case was opened.
REPORTER_STATES = {
    Signal.Status.NEW: _("Received; the reporting point is looking at it."),
    Signal.Status.MORE_INFO: _("Received; the reporting point is looking at it."),
}


@never_cache
def report_status(request: HttpRequest) -> HttpResponse:
    signal_pk = request.session.get(_FOLLOW_UP_KEY)
    signal = Signal.objects.filter(pk=signal_pk).first() if signal_pk else None
    if signal is None:
        return redirect("casework:report_follow_up")
    form = AdditionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.add_to_signal(
            request, signal, form.cleaned_data["text"], SignalAddition.Source.REPORTER
        )
        messages.success(request, _("Thank you. Your information was added to your report."))
        return redirect("casework:report_status")
    state = REPORTER_STATES.get(Signal.Status(signal.status), _("Handled by the reporting point."))
    return render(
        request,
        "casework/report_status.html",
        {
            "reference": signal.reference,
            "received_at": signal.received_at,
            "state": state,
            "form": form,
        },
        status=422 if form.errors else 200,
    )


# --- meetings ------------------------------------------------------------------------------


@requires(Capability.VIEW_MEETINGS)
def meeting_list(request: HttpRequest) -> HttpResponse:
    meetings = (
        Meeting.objects.visible_to(request.user)
        .select_related("chair")
        .annotate(item_count=Count("agenda_items"))
        .order_by("-starts_at")
    )
    page = _page(request, meetings)
    record(request, "casework.meeting.list", targets=page.object_list)
    return render(request, "casework/meeting_list.html", {"page": page})


@requires(Capability.CHAIR_MEETINGS)
def meeting_create(request: HttpRequest) -> HttpResponse:
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = actions.create_meeting(request, **form.cleaned_data)
        except actions.WorkflowError:
            messages.error(request, _("Your organisation belongs to no municipality."))
        else:
            messages.success(request, _("The meeting was planned."))
            return redirect("casework:meeting_detail", pk=meeting.pk)
    return render(request, "casework/meeting_form.html", {"form": form})


def _organisations_by_case(case_ids: list[int]) -> dict[int, list[Organisation]]:
    """The organisations taking part in each case (one query): only they can own an action,
    so the owner also sees it under "my actions"."""
    result: dict[int, list[Organisation]] = {}
    for participation in (
        CaseParticipation.objects.current()
        .filter(case_id__in=case_ids)
        .select_related("organisation")
        .order_by("organisation__name")
    ):
        result.setdefault(participation.case_id, []).append(participation.organisation)
    return result


def _agenda_candidates(user: Any, meeting: Meeting) -> Any:
    on_agenda = AgendaItem.objects.filter(meeting=meeting).values("case_id")
    return (
        Case.objects.visible_to(user)
        .open()
        .filter(municipality_id=meeting.municipality_id)
        .exclude(pk__in=on_agenda)
    )


def _meeting_context(
    request: HttpRequest, meeting: Meeting, *, bound: Any = None, **forms: Any
) -> dict[str, Any]:
    """Everything the meeting page shows; ``bound`` is a form that failed, shown with its errors."""
    user: User = request.user  # type: ignore[assignment]
    items = list(
        AgendaItem.objects.visible_to(user)
        .filter(meeting=meeting)
        .select_related("case")
        .prefetch_related(
            Prefetch("decisions", queryset=Decision.objects.select_related("recorded_by")),
            Prefetch("actions", queryset=Action.objects.select_related("owner")),
            Prefetch(
                "shared_information",
                queryset=CaseNote.objects.visible_to(user).select_related("organisation"),
            ),
        )
    )
    attendances = Attendance.objects.filter(meeting=meeting, present=True).select_related(
        "user__organisation"
    )
    chairing = user.can(Capability.CHAIR_MEETINGS)
    context: dict[str, Any] = {
        "today": timezone.localdate(),
        "meeting": meeting,
        "items": items,
        "attendances": attendances,
        "chairing": chairing,
    }
    if chairing:
        taking_part = _organisations_by_case([item.case_id for item in items])
        for item in items:
            organisations = taking_part.get(item.case_id, [])
            item.decision_form = DecisionForm(prefix=f"decision-{item.pk}")  # type: ignore[attr-defined]
            item.shared_form = SharedInformationForm(prefix=f"shared-{item.pk}")  # type: ignore[attr-defined]
            item.action_form = ActionForm(  # type: ignore[attr-defined]
                prefix=f"action-{item.pk}", organisations=organisations
            )
            if bound is not None and bound.prefix in (
                f"decision-{item.pk}",
                f"shared-{item.pk}",
                f"action-{item.pk}",
            ):
                setattr(item, f"{bound.prefix.split('-')[0]}_form", bound)
        context["agenda_form"] = forms.get("agenda_form") or AgendaForm(
            cases=_agenda_candidates(user, meeting)
        )
        context["attendance_form"] = forms.get("attendance_form") or AttendanceForm(
            municipality_id=meeting.municipality_id,
            initial={"present": [a.user_id for a in attendances]},
        )
    return context


@requires(Capability.VIEW_MEETINGS)
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for(request, pk)
    context = _meeting_context(request, meeting)
    return render(request, "casework/meeting_detail.html", context)


@requires(Capability.CHAIR_MEETINGS)
@require_POST
def meeting_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for(request, pk, audit_read=False)
    form = AttendanceForm(request.POST, municipality_id=meeting.municipality_id)
    if form.is_valid():
        actions.record_attendance(request, meeting, form.cleaned_data["present"])
        messages.success(request, _("Attendance was saved."))
        return redirect("casework:meeting_detail", pk=meeting.pk)
    context = _meeting_context(request, meeting, attendance_form=form)
    return render(request, "casework/meeting_detail.html", context, status=422)


@requires(Capability.CHAIR_MEETINGS)
@require_POST
def meeting_agenda(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for(request, pk, audit_read=False)
    form = AgendaForm(request.POST, cases=_agenda_candidates(request.user, meeting))
    if form.is_valid():
        actions.add_agenda_item(request, meeting, form.cleaned_data["case"])
        messages.success(request, _("The case was put on the agenda."))
        return redirect("casework:meeting_detail", pk=meeting.pk)
    context = _meeting_context(request, meeting, agenda_form=form)
    return render(request, "casework/meeting_detail.html", context, status=422)


def _agenda_item(request: HttpRequest, meeting: Meeting, item_pk: int) -> AgendaItem:
    item = (
        AgendaItem.objects.visible_to(request.user)
        .filter(meeting=meeting, pk=item_pk)
        .select_related("case", "meeting")
        .first()
    )
    if item is None:
        raise Http404
    return item


def _item_response(
    request: HttpRequest, meeting: Meeting, item: AgendaItem, failed: Any = None
) -> HttpResponse:
    """After a change on an agenda item: the item alone for htmx, else the whole meeting page.

    A form that failed is shown again with its errors and everything that was typed."""
    status = 422 if failed is not None else 200
    if not request.htmx and failed is None:  # type: ignore[attr-defined]
        return redirect("casework:meeting_detail", pk=meeting.pk)
    context = _meeting_context(request, meeting, bound=failed)
    if request.htmx:  # type: ignore[attr-defined]
        fresh = next(i for i in context["items"] if i.pk == item.pk)
        return render(
            request, "casework/_agenda_item.html", {**context, "item": fresh}, status=status
        )
    return render(request, "casework/meeting_detail.html", context, status=status)


@requires(Capability.CHAIR_MEETINGS)
@require_POST
def item_decision(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting = get_meeting_for(request, pk, audit_read=False)
    item = _agenda_item(request, meeting, item_pk)
    form = DecisionForm(request.POST, prefix=f"decision-{item.pk}")
    if form.is_valid():
        actions.record_decision(request, item, form.cleaned_data["text"])
        return _item_response(request, meeting, item)
    return _item_response(request, meeting, item, failed=form)


@requires(Capability.CHAIR_MEETINGS)
@require_POST
def item_shared(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    """Record what partners shared about the case at the table (minutes)."""
    meeting = get_meeting_for(request, pk, audit_read=False)
    item = _agenda_item(request, meeting, item_pk)
    form = SharedInformationForm(request.POST, prefix=f"shared-{item.pk}")
    if form.is_valid():
        actions.add_note(request, item.case, form.cleaned_data["text"], agenda_item=item)
        return _item_response(request, meeting, item)
    return _item_response(request, meeting, item, failed=form)


@requires(Capability.CHAIR_MEETINGS)
@require_POST
def item_action(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting = get_meeting_for(request, pk, audit_read=False)
    item = _agenda_item(request, meeting, item_pk)
    form = ActionForm(
        request.POST,
        prefix=f"action-{item.pk}",
        organisations=_organisations_by_case([item.case_id]).get(item.case_id, []),
    )
    if form.is_valid():
        actions.record_action(request, item, **form.cleaned_data)
        return _item_response(request, meeting, item)
    return _item_response(request, meeting, item, failed=form)


@requires(Capability.CHAIR_MEETINGS)
@require_POST
def meeting_propose(request: HttpRequest, pk: int) -> HttpResponse:
    """Put new admissions and cases due for review on the agenda in one go."""
    meeting = get_meeting_for(request, pk, audit_read=False)
    added = actions.add_proposed_items(request, meeting)
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


@requires(Capability.VIEW_MEETINGS)
def meeting_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    """Printable minutes: each organisation's copy holds only the cases it takes part in."""
    meeting = get_meeting_for(request, pk, audit_read=False)
    context = _meeting_context(request, meeting)
    record(request, "casework.meeting.minutes", meeting)
    user: User = request.user  # type: ignore[assignment]
    return render(
        request,
        "casework/meeting_minutes.html",
        {**context, "chairing": False, "copy_for": user.organisation, "printed_at": timezone.now()},
    )


def _my_actions(user: User) -> Any:
    return (
        Action.objects.filter(
            owner_id=user.organisation_id,
            agenda_item__case__in=Case.objects.visible_to(user).values("pk"),
        )
        .select_related("agenda_item__case", "agenda_item__meeting", "owner")
        .order_by("status", "due_date")
    )


@requires(Capability.VIEW_CASES, Capability.MANAGE_CASES)
def my_actions(request: HttpRequest) -> HttpResponse:
    """The actions the case table gave to the user's organisation."""
    user: User = request.user  # type: ignore[assignment]
    page = _page(request, _my_actions(user))
    record(request, "casework.my_actions", targets=[a.agenda_item.case for a in page.object_list])
    return render(
        request,
        "casework/my_actions.html",
        {"page": page, "today": timezone.localdate()},
    )


@requires(Capability.VIEW_CASES, Capability.MANAGE_CASES)
@require_POST
def action_done(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    action = _my_actions(user).filter(pk=pk).first()
    if action is None:
        raise Http404
    try:
        actions.complete_action(request, action)
    except actions.WorkflowError:
        messages.info(request, _("This action was done already."))
    else:
        messages.success(request, _("The action is marked as done."))
    return redirect("casework:my_actions")
