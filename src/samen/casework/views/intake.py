"""The reporting point: the public and partner forms, the receipt and the reporter's follow-up,
intake by phone or visit, the list of signals and one signal."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from samen.accounts.capabilities import Capability
from samen.accounts.decorators import AuthenticatedRequest, requires_any
from samen.audit.actor import Actor
from samen.audit.denials import record_denial
from samen.audit.services import record
from samen.casework import policy
from samen.casework.actions import intake as intake_actions
from samen.casework.forms.intake import (
    AdditionForm,
    FollowUpCodeForm,
    MunicipalityForm,
    PartnerSignalForm,
    PublicSignalForm,
    RegisterSignalForm,
    municipalities,
)
from samen.casework.forms.referrals import FeedbackForm
from samen.casework.forms.weighing import WeighingForm
from samen.casework.models import Signal, SignalAddition
from samen.casework.queries.intake import (
    URGENCY_ORDER,
    by_urgency,
    overdue_before,
    signal_page,
    weighing_term_days,
)
from samen.casework.views.common import PAGE_SIZE, home_municipality, iso
from samen.casework.views.guidance import SESSION_KEY, guidance_path
from samen.casework.views.known_elsewhere import known_elsewhere
from samen.core.fields import encrypted_except
from samen.core.multilingual import current_language
from samen.core.pagination import keyset_page
from samen.core.params import whole_number

_FOLLOW_UP_KEY = "follow_up_signal"


def _remember_receipt(request: HttpRequest, receipt: intake_actions.Receipt) -> None:
    # Shown once on the next page: the code is not stored in readable form anywhere.
    request.session["receipt"] = {"reference": receipt.signal.reference, "code": receipt.code}


def _municipality_step(
    request: HttpRequest, guided_municipality: int | None
) -> tuple[int | None, MunicipalityForm]:
    """The municipality the public form is for, else the form that asks for it first.

    Chosen in the first step (``?municipality=``), by the reporter's answers to a decision tree,
    or the installation's only municipality.
    """
    asked = "municipality" in request.GET
    step = MunicipalityForm(request.GET if asked else None)
    if asked:
        return (step.cleaned_data["municipality"].pk if step.is_valid() else None), step
    if guided_municipality:
        return guided_municipality, step
    only = list(municipalities().values_list("pk", flat=True)[:2])
    return (only[0] if len(only) == 1 else None), step


@never_cache
def public_report(request: HttpRequest) -> HttpResponse:
    path, guided_municipality = guidance_path(request)
    if request.method == "POST":
        municipality_id = whole_number(request.POST.get("municipality"))
    else:
        municipality_id, step = _municipality_step(request, guided_municipality)
        if municipality_id is None:
            return render(
                request, "casework/public_report.html", {"step": step, "guidance_path": path}
            )
    form = PublicSignalForm(
        request.POST or None,
        initial={"municipality": municipality_id},
        municipality_id=municipality_id,
    )
    if request.method == "POST" and form.is_valid():
        request.session.pop(SESSION_KEY, None)
        data = form.cleaned_data
        receipt = intake_actions.report_signal(
            Actor.of(request),
            municipality=data["municipality"],
            channel=Signal.Channel.PUBLIC_FORM,
            observation=data["observation"],
            anonymous=data["anonymous"],
            reporter_name=data["reporter_name"],
            reporter_contact=data["reporter_contact"],
            subject_name=data["subject_name"],
            subject_birth_date=iso(data["subject_birth_date"]),
            district=data["district"],
            guidance_path=path,
            guidance_language=current_language(),
        )
        _remember_receipt(request, receipt)
        return redirect("casework:report_receipt")
    return render(request, "casework/public_report.html", {"form": form, "guidance_path": path})


@never_cache
def report_receipt(request: HttpRequest) -> HttpResponse:
    receipt = request.session.pop("receipt", None)
    if receipt is None:
        return redirect("casework:public_report")
    return render(request, "casework/report_receipt.html", {"receipt": receipt})


@requires_any(Capability.REPORT_SIGNAL)
def signal_create(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    municipality = home_municipality(user)
    form = PartnerSignalForm(
        request.POST or None, municipality_id=municipality.pk if municipality else None
    )
    if municipality is None:
        messages.error(request, _("Your organisation is not linked to a municipality."))
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        receipt = intake_actions.report_signal(
            Actor.of(request),
            municipality=municipality,
            channel=Signal.Channel.PARTNER_FORM,
            observation=data["observation"],
            anonymous=False,
            reporter_name=user.full_name,
            reporter_contact=user.email,
            subject_name=data["subject_name"],
            subject_birth_date=iso(data["subject_birth_date"]),
            district=data["district"],
            reporter=user,
        )
        _remember_receipt(request, receipt)
        return redirect("casework:report_receipt")
    return render(
        request, "casework/signal_form.html", {"form": form, "municipality": municipality}
    )


@requires_any(Capability.INTAKE_SIGNALS)
def signal_list(request: AuthenticatedRequest) -> HttpResponse:
    # The reporting organisation and the district are on every row: read with the page. Of the
    # encrypted fields only the name of the person concerned is shown (and decrypted).
    signals = (
        policy.signals_visible_to(request.user)
        .select_related("reporting_organisation", "district")
        .defer(*encrypted_except(Signal, "subject_name"))
    )
    status = request.GET.get("status", "")
    if status in Signal.Status.values:
        signals = signals.filter(status=status)
    elif status == "to_weigh":
        signals = signals.filter(status__in=Signal.TO_WEIGH)
    page = keyset_page(request, by_urgency(signals), URGENCY_ORDER, PAGE_SIZE)
    record(Actor.of(request), "casework.signal.list", targets=page.object_list)
    term_days = weighing_term_days(request.user.organisation.home_municipality_id)
    return render(
        request,
        "casework/signal_list.html",
        {
            "page": page,
            "status": status,
            "statuses": [("to_weigh", _("To weigh")), *Signal.Status.choices],
            "overdue_before": overdue_before(term_days=term_days),
            "to_weigh": Signal.TO_WEIGH,
            "term_days": term_days,
        },
    )


@requires_any(Capability.INTAKE_SIGNALS)
def signal_register(request: AuthenticatedRequest) -> HttpResponse:
    """The reporting point takes in a signal by phone or at a visit."""
    municipality = home_municipality(request.user)
    form = RegisterSignalForm(
        request.POST or None, municipality_id=municipality.pk if municipality else None
    )
    if municipality is None:
        messages.error(request, _("Your organisation is not linked to a municipality."))
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        receipt = intake_actions.report_signal(
            Actor.of(request),
            municipality=municipality,
            channel=data["channel"],
            observation=data["observation"],
            anonymous=data["anonymous"],
            reporter_name=data["reporter_name"],
            reporter_contact=data["reporter_contact"],
            subject_name=data["subject_name"],
            subject_birth_date=iso(data["subject_birth_date"]),
            district=data["district"],
        )
        _remember_receipt(request, receipt)
        messages.success(request, _("The signal was registered. Give the reporter the code."))
        return redirect("casework:report_receipt")
    return render(request, "casework/signal_register.html", {"form": form})


def signal_context(
    request: AuthenticatedRequest,
    signal: Signal,
    *,
    form: WeighingForm | None = None,
    addition_form: AdditionForm | None = None,
    feedback_form: FeedbackForm | None = None,
) -> dict[str, object]:
    """The signal page; ``form``/``addition_form``/``feedback_form`` are forms that failed,
    shown again."""
    user = request.user
    if (
        feedback_form is None
        and signal.status not in Signal.TO_WEIGH
        and not signal.anonymous
        and user.can(Capability.WEIGH_SIGNALS)
    ):
        feedback_form = FeedbackForm()
    if form is None and signal.status in Signal.TO_WEIGH and user.can(Capability.WEIGH_SIGNALS):
        form = WeighingForm(
            municipality_id=signal.municipality_id,
            open_cases=policy.open_cases_of_same_person(user, signal),
        )
    return {
        **known_elsewhere(request, signal),
        **signal_page(user, signal),
        "just_weighed": request.GET.get("weighed") == "1" and signal.status not in Signal.TO_WEIGH,
        "manages_cases": user.can(Capability.MANAGE_CASES),
        "form": form,
        "addition_form": addition_form or AdditionForm(),
        "feedback_form": feedback_form,
    }


@requires_any(Capability.INTAKE_SIGNALS)
def signal_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    signal = policy.get_signal_for(Actor.of(request), pk)
    return render(request, "casework/signal_detail.html", signal_context(request, signal))


@requires_any(Capability.INTAKE_SIGNALS)
@require_POST
def signal_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    actor = Actor.of(request)
    signal = policy.get_signal_for(actor, pk, audit_read=False)
    form = AdditionForm(request.POST)
    if form.is_valid():
        intake_actions.add_to_signal(
            actor, signal, text=form.cleaned_data["text"], source=SignalAddition.Source.INTAKE
        )
        messages.success(request, _("The information was added."))
        return redirect("casework:signal_detail", pk=signal.pk)
    context = signal_context(request, signal, addition_form=form)
    return render(request, "casework/signal_detail.html", context, status=422)


# --- the reporter's follow-up with the receipt code ---------------------------------------


@never_cache
def report_follow_up(request: HttpRequest) -> HttpResponse:
    """A reporter enters the receipt code; the signal it belongs to is remembered in the
    session, so the code never appears in a URL."""
    form = FollowUpCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        signal = intake_actions.signal_for_receipt(form.cleaned_data["code"])
        if signal is None:
            record_denial(
                Actor.of(request), "casework.signal.followup", object_type="casework.signal"
            )
            form.add_error("code", _("This code is not known. Check it and try again."))
        else:
            request.session.cycle_key()
            request.session[_FOLLOW_UP_KEY] = signal.pk
            record(Actor.of(request), "casework.signal.followup", signal)
            return redirect("casework:report_status")
    return render(request, "casework/report_follow_up.html", {"form": form})


# What a reporter sees of the state: never whether a case was opened.
REPORTER_STATES = {
    Signal.Status.NEW: gettext_lazy("Received; the reporting point is looking at it."),
    Signal.Status.MORE_INFO: gettext_lazy("Received; the reporting point is looking at it."),
}


@never_cache
def report_status(request: HttpRequest) -> HttpResponse:
    signal = policy.signal_for_follow_up(request.session.get(_FOLLOW_UP_KEY))
    if signal is None:
        return redirect("casework:report_follow_up")
    form = AdditionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        intake_actions.add_to_signal(
            Actor.of(request),
            signal,
            text=form.cleaned_data["text"],
            source=SignalAddition.Source.REPORTER,
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
            # Feedback the reporting point left for a reporter who gave their name; an
            # anonymous report sees only the coarse state (the policy answers none).
            "feedback": policy.feedback_for_follow_up(signal),
            "form": form,
        },
        status=422 if form.errors else 200,
    )
