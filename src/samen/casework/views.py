from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from samen.accounts.capabilities import Capability
from samen.accounts.decorators import requires
from samen.accounts.models import User
from samen.audit.services import record
from samen.casework import actions
from samen.casework.forms import (
    ActionForm,
    AgendaForm,
    AttendanceForm,
    DecisionForm,
    MeetingForm,
    PartnerSignalForm,
    PublicSignalForm,
    WeighingForm,
    table_organisations,
)
from samen.casework.models import (
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
from samen.casework.policy import get_case_for, get_meeting_for, get_signal_for
from samen.casework.statistics import suppressed_statistics

PAGE_SIZE = 25


def _page(request: HttpRequest, queryset: Any) -> Any:
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    context: dict[str, Any] = {}
    if user.can(Capability.INTAKE_SIGNALS):
        context["signals_waiting"] = (
            Signal.objects.visible_to(user).filter(status=Signal.Status.NEW).count()
        )
    if user.has_casework_role:
        context["cases_open"] = (
            Case.objects.visible_to(user).filter(status=Case.Status.OPEN).count()
        )
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
    form = PublicSignalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
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
            subject_birth_date=data["subject_birth_date"].isoformat()
            if data["subject_birth_date"]
            else "",
            district=data["district"],
        )
        request.session["receipt"] = {
            "reference": receipt.signal.reference,
            "code": receipt.code,
        }
        return redirect("casework:report_receipt")
    return render(request, "casework/public_report.html", {"form": form})


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
    municipality = user.organisation.municipality if user.organisation.municipality_id else None
    if user.organisation.home_municipality_id == user.organisation_id:
        municipality = user.organisation
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
            subject_birth_date=data["subject_birth_date"].isoformat()
            if data["subject_birth_date"]
            else "",
            district=data["district"],
            reporter=user,
        )
        request.session["receipt"] = {"reference": receipt.signal.reference, "code": receipt.code}
        return redirect("casework:report_receipt")
    return render(
        request, "casework/signal_form.html", {"form": form, "municipality": municipality}
    )


@requires(Capability.INTAKE_SIGNALS)
def signal_list(request: HttpRequest) -> HttpResponse:
    signals = Signal.objects.visible_to(request.user).select_related("reporting_organisation")
    status = request.GET.get("status", "")
    if status in Signal.Status.values:
        signals = signals.filter(status=status)
    page = _page(request, signals.order_by("-received_at"))
    record(request, "casework.signal.list", targets=page.object_list)
    return render(
        request,
        "casework/signal_list.html",
        {"page": page, "status": status, "statuses": Signal.Status.choices},
    )


@requires(Capability.INTAKE_SIGNALS)
def signal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    signal = get_signal_for(request, pk)
    weighings = signal.weighings.select_related("weighed_by__organisation")
    form = None
    if signal.status == Signal.Status.NEW and request.user.can(Capability.WEIGH_SIGNALS):  # type: ignore[union-attr]
        form = WeighingForm(municipality_id=signal.municipality_id)
    return render(
        request,
        "casework/signal_detail.html",
        {"signal": signal, "weighings": weighings, "form": form, "case": _case_of(signal)},
    )


def _case_of(signal: Signal) -> Case | None:
    try:
        return signal.case
    except Case.DoesNotExist:
        return None


@requires(Capability.WEIGH_SIGNALS)
@require_POST
def signal_weigh(request: HttpRequest, pk: int) -> HttpResponse:
    signal = get_signal_for(request, pk, audit_read=False)
    form = WeighingForm(request.POST, municipality_id=signal.municipality_id)
    if signal.status != Signal.Status.NEW:
        messages.error(request, _("This signal has already been weighed."))
        return redirect("casework:signal_detail", pk=signal.pk)
    if form.is_valid():
        actions.weigh_signal(
            request,
            signal,
            outcome=form.cleaned_data["outcome"],
            reasons=form.cleaned_data["reasons"],
            participants=form.cleaned_data["participants"],
        )
        if form.cleaned_data["outcome"] == Weighing.Outcome.ADMIT:
            messages.success(request, _("The signal was weighed and admitted as a case."))
        else:
            messages.success(request, _("The weighing was recorded."))
        return redirect("casework:signal_detail", pk=signal.pk)
    weighings = signal.weighings.select_related("weighed_by__organisation")
    return render(
        request,
        "casework/signal_detail.html",
        {"signal": signal, "weighings": weighings, "form": form, "case": None},
        status=422,
    )


# --- cases ---------------------------------------------------------------------------------


def _participations() -> Prefetch[Any]:
    return Prefetch(
        "participations",
        queryset=CaseParticipation.objects.select_related("organisation").order_by(
            "organisation__name"
        ),
    )


@requires(Capability.VIEW_CASES, Capability.MANAGE_CASES)
def case_list(request: HttpRequest) -> HttpResponse:
    cases = Case.objects.visible_to(request.user).prefetch_related(_participations())
    status = request.GET.get("status", "")
    if status in Case.Status.values:
        cases = cases.filter(status=status)
    page = _page(request, cases.order_by("-opened_at"))
    record(request, "casework.case.list", targets=page.object_list)
    return render(
        request,
        "casework/case_list.html",
        {"page": page, "status": status, "statuses": Case.Status.choices},
    )


@requires(Capability.VIEW_CASES, Capability.MANAGE_CASES)
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for(request, pk)
    participations = case.participations.select_related("organisation").order_by(
        "organisation__name"
    )
    items = (
        AgendaItem.objects.filter(case=case)
        .select_related("meeting")
        .prefetch_related(
            Prefetch("decisions", queryset=Decision.objects.select_related("recorded_by")),
            Prefetch("actions", queryset=Action.objects.select_related("owner")),
        )
        .order_by("-meeting__starts_at")
    )
    return render(
        request,
        "casework/case_detail.html",
        {"case": case, "participations": participations, "items": items},
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
        )
    )
    attendances = Attendance.objects.filter(meeting=meeting, present=True).select_related(
        "user__organisation"
    )
    chairing = user.can(Capability.CHAIR_MEETINGS)
    context: dict[str, Any] = {
        "meeting": meeting,
        "items": items,
        "attendances": attendances,
        "chairing": chairing,
    }
    if chairing:
        organisations = list(table_organisations(meeting.municipality_id))
        for item in items:
            item.decision_form = DecisionForm(prefix=f"decision-{item.pk}")  # type: ignore[attr-defined]
            item.action_form = ActionForm(  # type: ignore[attr-defined]
                prefix=f"action-{item.pk}", organisations=organisations
            )
            if bound is not None and bound.prefix in (
                f"decision-{item.pk}",
                f"action-{item.pk}",
            ):
                setattr(item, f"{bound.prefix.split('-')[0]}_form", bound)
        on_agenda = AgendaItem.objects.filter(meeting=meeting).values("case_id")
        context["agenda_form"] = forms.get("agenda_form") or AgendaForm(
            cases=Case.objects.visible_to(user)
            .filter(status=Case.Status.OPEN)
            .exclude(pk__in=on_agenda)
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
    on_agenda = AgendaItem.objects.filter(meeting=meeting).values("case_id")
    form = AgendaForm(
        request.POST,
        cases=Case.objects.visible_to(request.user)
        .filter(status=Case.Status.OPEN)
        .exclude(pk__in=on_agenda),
    )
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
def item_action(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting = get_meeting_for(request, pk, audit_read=False)
    item = _agenda_item(request, meeting, item_pk)
    form = ActionForm(
        request.POST,
        prefix=f"action-{item.pk}",
        organisations=list(table_organisations(meeting.municipality_id)),
    )
    if form.is_valid():
        actions.record_action(request, item, **form.cleaned_data)
        return _item_response(request, meeting, item)
    return _item_response(request, meeting, item, failed=form)
