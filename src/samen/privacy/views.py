"""Retention preview, legal holds, the register of processing and the audit log. Thin: the
gate is ``samen.casework.policy``; holds change through casework's actions, the register is
built by ``samen.privacy.register``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samen.accounts.capabilities import Capability
from samen.accounts.decorators import AuthenticatedRequest, requires_any
from samen.audit.actor import Actor
from samen.audit.denials import flush_denials
from samen.audit.models import AuditEntry
from samen.audit.services import record
from samen.casework import policy
from samen.casework.actions import WorkflowError
from samen.casework.actions import cases as case_actions
from samen.core.pagination import Order, filters_of, keyset_page
from samen.privacy import register, retention
from samen.privacy.audit_filters import AuditEntryFilter
from samen.privacy.audit_lines import lines_of
from samen.privacy.forms import HoldForm, LiftHoldForm


@requires_any(Capability.MANAGE_RETENTION)
def retention_preview(request: AuthenticatedRequest) -> HttpResponse:
    municipality_id = policy.retention_scope(request.user)
    if municipality_id is None:
        raise Http404
    context = retention.preview(municipality_id)
    record(
        Actor.of(request),
        "privacy.retention.preview",
        object_label=", ".join(str(c.count) for c in context["categories"]),
    )
    return render(request, "privacy/retention_preview.html", context)


@requires_any(Capability.MANAGE_RETENTION)
def retention_due(request: AuthenticatedRequest, category: str) -> HttpResponse:
    """Everything in one category of the preview, a page at a time (references and dates)."""
    municipality_id = policy.retention_scope(request.user)
    kind = retention.KIND_BY_SLUG.get(category)
    if municipality_id is None or kind is None:
        raise Http404
    context = retention.due_page(kind, municipality_id, request.GET.get("page"))
    page = context["page"]
    record(
        Actor.of(request),
        "privacy.retention.preview",
        object_label=f"{kind.slug} page {page.number}: {page.paginator.count}",
    )
    return render(request, "privacy/retention_due.html", context)


def _holds_page(
    request: AuthenticatedRequest, form: HoldForm, lift_errors: Any = None, status: int = 200
) -> HttpResponse:
    holds = list(
        policy.holds_visible_to(request.user)
        .select_related("case", "set_by", "lifted_by")
        .order_by("lifted_at", "-set_at")[:200]
    )
    record(Actor.of(request), "privacy.hold.list", object_label=str(len(holds)))
    return render(
        request,
        "privacy/holds.html",
        {"form": form, "holds": holds, "lift_form": LiftHoldForm(), "lift_errors": lift_errors},
        status=status,
    )


@requires_any(Capability.MANAGE_RETENTION)
def holds(request: AuthenticatedRequest) -> HttpResponse:
    form = HoldForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actor = Actor.of(request)
        case = policy.get_case_under_retention_for(actor, form.cleaned_data["reference"])
        if case is None:
            form.add_error("reference", _("There is no case with this reference."))
        else:
            try:
                case_actions.set_hold(actor, case, reason=form.cleaned_data["reason"])
            except WorkflowError:
                form.add_error("reference", _("This case is already under a legal hold."))
            else:
                messages.success(request, _("The legal hold is set."))
                return redirect("privacy:holds")
    return _holds_page(request, form)


@requires_any(Capability.MANAGE_RETENTION)
@require_POST
def hold_lift(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    actor = Actor.of(request)
    hold = policy.get_open_hold_for(actor, pk)
    form = LiftHoldForm(request.POST)
    if not form.is_valid():
        return _holds_page(request, HoldForm(), lift_errors=form.errors, status=422)
    case_actions.lift_hold(actor, hold, reason=form.cleaned_data["reason"])
    messages.success(request, _("The legal hold is lifted."))
    return redirect("privacy:holds")


@requires_any(Capability.KEEP_REGISTER)
def register_page(request: AuthenticatedRequest) -> HttpResponse:
    return render(request, "privacy/register.html", register.register_context(request.user))


@requires_any(Capability.KEEP_REGISTER)
def register_export(request: AuthenticatedRequest) -> HttpResponse:
    context = register.export_register(Actor.of(request))
    body = render_to_string("privacy/register_document.html", context, request=request)
    response = HttpResponse(body, content_type="text/html; charset=utf-8")
    filename = f"processing-register-{context['generated_at']:%Y-%m-%d}.html"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "no-store, private"
    return response


AUDIT_LOG_ORDER = Order.of("-pk")
# With a date filter: by time, then id (index audit_timestamp_id). Read newest first by id, a
# range of days long ago would be sought through every later entry (the id index knows nothing
# of dates); by time, the page is the range's own end of the index. Both orders are the chain's
# order for entries written live (their time is set under the chain's lock); entries loaded in
# bulk with times of their own are shown at their time.
AUDIT_LOG_DATE_ORDER = Order.of("-timestamp", "-pk")
AUDIT_LOG_PAGE_SIZE = 50


@requires_any(Capability.VIEW_AUDIT_LOG)
def audit_log(request: AuthenticatedRequest) -> HttpResponse:
    """The audit log for the data protection officer, filterable; reading it is audited."""
    flush_denials()  # the counts of closed windows of repeated denials, before they are read
    visible = policy.audit_entries_visible_to(request.user)
    filterset = AuditEntryFilter(request.GET, queryset=visible)
    entries = filterset.qs if filterset.is_valid() else AuditEntry.objects.none()
    # Newest first by id (the chain's order), sought from a boundary id: no OFFSET, no count.
    dated = filterset.is_valid() and any(
        filterset.form.cleaned_data.get(name) for name in ("since", "until")
    )
    order = AUDIT_LOG_DATE_ORDER if dated else AUDIT_LOG_ORDER
    page = keyset_page(request, entries, order, AUDIT_LOG_PAGE_SIZE)
    query = filters_of(request)
    record(Actor.of(request), "audit.log.view", object_label=query.urlencode()[:500])
    return render(
        request,
        "audit/log.html",
        {
            "filter": filterset,
            "page": page,
            "lines": lines_of(page.object_list),
            "filtered": any(value for key, value in query.items()),
        },
    )
