"""The DPO's pages for requests of a person: find, see and export, rectify, erase.

Thin: the services are in ``subject_access.py`` and ``erasure.py``."""

from __future__ import annotations

import json

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from samen.accounts.capabilities import Capability
from samen.accounts.decorators import requires
from samen.casework.models import Person
from samen.privacy import erasure, subject_access
from samen.privacy.subject_forms import EraseForm, RectifyForm, SubjectSearchForm

_NO_STORE = "no-store, private"


def _read(request: HttpRequest) -> str:
    """A form page shows the person's data: its GET is a read; its POST writes the change."""
    return "privacy.subject_access.view" if request.method == "GET" else ""


def _posted(request: HttpRequest) -> QueryDict | None:
    """The submitted data, even when empty: an empty POST is a form with errors (422)."""
    return request.POST if request.method == "POST" else None


@requires(Capability.VIEW_AUDIT_LOG)
def subject_search(request: HttpRequest) -> HttpResponse:
    form = SubjectSearchForm(request.GET or None)
    results: list[Person] = []
    if form.is_valid():
        results = subject_access.find_subjects(
            request, form.cleaned_data["name"], form.cleaned_data["birth_date"]
        )
    return render(request, "privacy/subject_search.html", {"form": form, "results": results})


@requires(Capability.VIEW_AUDIT_LOG)
def subject_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = subject_access.get_subject_for(request, pk, action="privacy.subject_access.view")
    report = subject_access.subject_report(person)
    context = {
        "person": person,
        "blocks": subject_access.outline(report),
        "refusal": erasure.refusal(person),
    }
    return render(request, "privacy/subject_detail.html", context)


def _download(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = _NO_STORE
    return response


@requires(Capability.VIEW_AUDIT_LOG)
def subject_export_json(request: HttpRequest, pk: int) -> HttpResponse:
    person = subject_access.get_subject_for(request, pk)
    report = subject_access.export(request, person, "json")
    body = json.dumps(report, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    return _download(response, f"subject-access-{person.pk}.json")


@requires(Capability.VIEW_AUDIT_LOG)
def subject_export_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    person = subject_access.get_subject_for(request, pk)
    report = subject_access.export(request, person, "pdf")
    title = _("Personal data held about person %(pk)s") % {"pk": person.pk}
    pdf = subject_access.render_pdf(report, title, get_language() or "nl")
    response = HttpResponse(pdf, content_type="application/pdf")
    return _download(response, f"subject-access-{person.pk}.pdf")


@requires(Capability.VIEW_AUDIT_LOG)
def subject_rectify(request: HttpRequest, pk: int) -> HttpResponse:
    person = subject_access.get_subject_for(request, pk, action=_read(request))
    form = RectifyForm(_posted(request), instance=person)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        reason = data.pop("reason")
        erasure.rectify_person(request, Person.objects.get(pk=person.pk), reason, **data)
        messages.success(request, _("The person's details were corrected."))
        return redirect("privacy:subject_detail", pk=person.pk)
    status = 422 if form.is_bound else 200
    context = {"person": person, "form": form}
    return render(request, "privacy/subject_rectify.html", context, status=status)


@requires(Capability.VIEW_AUDIT_LOG)
def subject_erase(request: HttpRequest, pk: int) -> HttpResponse:
    person = subject_access.get_subject_for(request, pk, action=_read(request))
    form = EraseForm(_posted(request))
    refusal = erasure.refusal(person)
    if request.method == "POST" and form.is_valid() and not refusal:
        erasure.erase_person(request, person, form.cleaned_data["reason"])
        messages.success(request, _("The person's data were erased."))
        return redirect("privacy:subject_detail", pk=person.pk)
    status = 422 if form.is_bound else 200
    context = {"person": person, "form": form, "refusal": refusal}
    return render(request, "privacy/subject_erase.html", context, status=status)
