from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from samen.accounts.capabilities import Capability
from samen.accounts.decorators import requires
from samen.audit.denials import flush_denials
from samen.audit.filters import AuditEntryFilter
from samen.audit.models import AuditEntry
from samen.audit.services import record


@requires(Capability.VIEW_AUDIT_LOG)
def audit_log(request: HttpRequest) -> HttpResponse:
    flush_denials()  # the counts of closed windows of repeated denials, before they are read
    filterset = AuditEntryFilter(request.GET, queryset=AuditEntry.objects.order_by("-id"))
    entries = filterset.qs if filterset.is_valid() else AuditEntry.objects.none()
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    record(
        request,
        "audit.log.view",
        object_label=query.urlencode()[:500],
    )
    return render(
        request,
        "audit/log.html",
        {"filter": filterset, "page": page, "query": query.urlencode()},
    )
