"""Retention preview, legal holds and the register of processing. Thin: changes go through
``samen.privacy.retention``; the register is built by ``samen.privacy.register``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samen.accounts.capabilities import Capability
from samen.accounts.decorators import requires
from samen.accounts.models import User
from samen.audit.services import record
from samen.casework.models import Case, LegalHold
from samen.privacy import register, retention
from samen.privacy.forms import HoldForm, LiftHoldForm

# The coordinator (chair) and the data protection officer watch retention and set holds.
RETENTION_CAPABILITIES = (Capability.CONFIGURE_CASEWORK, Capability.VIEW_AUDIT_LOG)
# The data protection officer keeps the register; the administrator keeps the configuration.
REGISTER_CAPABILITIES = (Capability.VIEW_AUDIT_LOG, Capability.MANAGE_USERS)


def _home(request: HttpRequest) -> int:
    user: User = request.user  # type: ignore[assignment]
    return user.organisation.home_municipality_id or 0


@requires(*RETENTION_CAPABILITIES)
def retention_preview(request: HttpRequest) -> HttpResponse:
    context = retention.preview(_home(request))
    record(
        request,
        "privacy.retention.preview",
        object_label=", ".join(str(c.count) for c in context["categories"]),
    )
    return render(request, "privacy/retention_preview.html", context)


def _holds_page(
    request: HttpRequest, form: HoldForm, lift_errors: Any = None, status: int = 200
) -> HttpResponse:
    holds = list(
        LegalHold.objects.filter(case__municipality_id=_home(request))
        .select_related("case", "set_by", "lifted_by")
        .order_by("lifted_at", "-set_at")[:200]
    )
    record(request, "privacy.hold.list", object_label=str(len(holds)))
    return render(
        request,
        "privacy/holds.html",
        {"form": form, "holds": holds, "lift_form": LiftHoldForm(), "lift_errors": lift_errors},
        status=status,
    )


@requires(*RETENTION_CAPABILITIES)
def holds(request: HttpRequest) -> HttpResponse:
    form = HoldForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        case = Case.objects.filter(
            municipality_id=_home(request), reference=form.cleaned_data["reference"].strip()
        ).first()
        if case is None:
            form.add_error("reference", _("There is no case with this reference."))
        else:
            try:
                retention.set_hold(request, case, form.cleaned_data["reason"])
            except retention.HoldError:
                form.add_error("reference", _("This case is already under a legal hold."))
            else:
                messages.success(request, _("The legal hold is set."))
                return redirect("privacy:holds")
    return _holds_page(request, form)


@requires(*RETENTION_CAPABILITIES)
@require_POST
def hold_lift(request: HttpRequest, pk: int) -> HttpResponse:
    hold = LegalHold.objects.filter(
        pk=pk, case__municipality_id=_home(request), lifted_at__isnull=True
    ).first()
    if hold is None:
        raise Http404
    form = LiftHoldForm(request.POST)
    if not form.is_valid():
        return _holds_page(request, HoldForm(), lift_errors=form.errors, status=422)
    retention.lift_hold(request, hold, form.cleaned_data["reason"])
    messages.success(request, _("The legal hold is lifted."))
    return redirect("privacy:holds")


@requires(*REGISTER_CAPABILITIES)
def register_page(request: HttpRequest) -> HttpResponse:
    return render(request, "privacy/register.html", register.register_context())


@requires(*REGISTER_CAPABILITIES)
def register_export(request: HttpRequest) -> HttpResponse:
    context = register.export_register(request)
    body = render_to_string("privacy/register_document.html", context, request=request)
    response = HttpResponse(body, content_type="text/html; charset=utf-8")
    filename = f"processing-register-{context['generated_at']:%Y-%m-%d}.html"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "no-store, private"
    return response
