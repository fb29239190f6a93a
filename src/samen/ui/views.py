"""The statements every public-sector site owes its visitors; open to anyone, no personal data."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

# The accessibility statement describes this version of samen as its browser tests check it
# (src/samen/ui/tests/test_browser_pages.py); update the date when the findings change.
STATEMENT_DATE = date(2026, 12, 3)


@require_safe
def privacy_statement(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "ui/privacy.html",
        {
            "retention": {
                "case_years": settings.RETENTION_CLOSED_CASE_YEARS,
                "signal_months": settings.RETENTION_UNADMITTED_SIGNAL_MONTHS,
                "person_months": settings.RETENTION_PERSON_MONTHS,
                "audit_years": settings.RETENTION_AUDIT_YEARS,
            }
        },
    )


@require_safe
def accessibility_statement(request: HttpRequest) -> HttpResponse:
    return render(request, "ui/accessibility.html", {"statement_date": STATEMENT_DATE})


@require_safe
def contact(request: HttpRequest) -> HttpResponse:
    return render(request, "ui/contact.html")
