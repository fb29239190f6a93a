"""The DPO's pages for requests of a person: find, see and export, rectify, erase.

Thin: the gate is ``samen.casework.policy`` (``subjects_for``), the services are
``subject_access.py`` and ``erasure.py``. The search is a POST form: names and dates of birth
never appear in a URL."""

from __future__ import annotations

import json

from django.contrib import messages
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.html import conditional_escape as escape
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from samen.accounts.capabilities import Capability
from samen.accounts.decorators import AuthenticatedRequest, requires_any
from samen.audit.actor import Actor
from samen.casework import policy
from samen.casework.models import Person
from samen.privacy import erasure, subject_access
from samen.privacy.subject_forms import EraseForm, RectifyForm, SubjectSearchForm

_NO_STORE = "no-store, private"


def _read(request: AuthenticatedRequest) -> str:
    """A form page shows the person's data: its GET is a read; its POST writes the change."""
    return "privacy.subject_access.view" if request.method == "GET" else ""


def _posted(request: AuthenticatedRequest) -> QueryDict | None:
    """The submitted data, even when empty: an empty POST is a form with errors (422)."""
    return request.POST if request.method == "POST" else None


@requires_any(Capability.SUBJECT_RIGHTS)
@never_cache
def subject_search(request: AuthenticatedRequest) -> HttpResponse:
    """Find the person; the search also finds the prevention programme's records about them,
    which can be exported from here (names and e-mail addresses stay out of URLs)."""
    form = SubjectSearchForm(_posted(request))
    actor = Actor.of(request)
    results: list[Person] = []
    programme: dict[str, list[object]] = {}
    if form.is_valid():
        name, email = form.cleaned_data["name"], form.cleaned_data["email"]
        fmt = request.POST.get("export", "")
        if fmt in ("json", "pdf"):
            return _programme_export(actor, name, email, fmt)
        results = subject_access.find_subjects(actor, name, form.cleaned_data["birth_date"])
        programme = subject_access.find_programme_records(actor, name, email)
    context = {
        "form": form,
        "results": results,
        "programme": programme,
        "programme_found": any(programme.values()),
        "searched": form.is_bound and form.is_valid(),
    }
    status = 422 if form.errors else 200
    return render(request, "privacy/subject_search.html", context, status=status)


def _programme_export(actor: Actor, name: str, email: str, fmt: str) -> HttpResponse:
    report = subject_access.export_programme(actor, name, email, fmt)
    if fmt == "json":
        body = json.dumps(report, ensure_ascii=False, indent=2)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        return _download(response, "subject-access-programme.json")
    title = _("Personal data held in the prevention programme")
    pdf = subject_access.render_pdf(report, title, get_language() or "nl")
    response = HttpResponse(pdf, content_type="application/pdf")
    return _download(response, "subject-access-programme.pdf")


@requires_any(Capability.SUBJECT_RIGHTS)
def subject_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = policy.get_subject_for(
        Actor.of(request), pk, read_action="privacy.subject_access.view"
    )
    report = subject_access.subject_report(person, access_recent=subject_access.ACCESS_LOG_ON_PAGE)
    blocks = subject_access.outline(report)
    context = {
        "person": person,
        "blocks": blocks,
        "blocks_html": _blocks_html(blocks),
        "refusal": erasure.refusal(person),
    }
    return render(request, "privacy/subject_detail.html", context)


def _blocks_html(blocks: list[subject_access.Block]) -> SafeString:
    """The report's blocks as sections, each a heading (h2 to h5 by its level) and its facts.
    Written here, not by a template loop: years of history are a thousand facts and more, over
    which the template engine took 16.5 ms, this function 3 ms (issue 16)."""
    restricted = format_html(" <strong>({})</strong>", _("restricted"))
    sections = []
    for number, block in enumerate(blocks, start=1):
        level = min(max(block.level, 2), 5)
        heading = f"{escape(block.title)}{restricted if block.marked else ''}"
        facts = "".join(
            f'<dt>{escape(label or "·")}</dt><dd class="prewrap">{escape(value)}</dd>'
            for label, value in block.rows
        )
        sections.append(
            f'<section aria-labelledby="block-{number}">\n'
            f'  <h{level} id="block-{number}">{heading}</h{level}>\n'
            + (f'  <dl class="facts">{facts}</dl>\n' if facts else "")
            + "</section>\n"
        )
    return SafeString("".join(sections))


def _download(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = _NO_STORE
    return response


@requires_any(Capability.SUBJECT_RIGHTS)
def subject_export_json(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    actor = Actor.of(request)
    person = policy.get_subject_for(actor, pk)
    report = subject_access.export(actor, person, "json")
    body = json.dumps(report, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    return _download(response, f"subject-access-{person.pk}.json")


@requires_any(Capability.SUBJECT_RIGHTS)
def subject_export_pdf(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    actor = Actor.of(request)
    person = policy.get_subject_for(actor, pk)
    report = subject_access.export(actor, person, "pdf")
    title = _("Personal data held about person %(pk)s") % {"pk": person.pk}
    pdf = subject_access.render_pdf(report, title, get_language() or "nl")
    response = HttpResponse(pdf, content_type="application/pdf")
    return _download(response, f"subject-access-{person.pk}.pdf")


@requires_any(Capability.SUBJECT_RIGHTS)
def subject_rectify(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    actor = Actor.of(request)
    person = policy.get_subject_for(actor, pk, read_action=_read(request))
    form = RectifyForm(
        _posted(request),
        initial=RectifyForm.initial_of(person),
        municipality_id=person.municipality_id,
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        reason = data.pop("reason")
        erasure.rectify_person(actor, person, reason, **data)
        messages.success(request, _("The person's details were corrected."))
        return redirect("privacy:subject_detail", pk=person.pk)
    status = 422 if form.is_bound else 200
    context = {"person": person, "form": form}
    return render(request, "privacy/subject_rectify.html", context, status=status)


@requires_any(Capability.SUBJECT_RIGHTS)
def subject_erase(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    actor = Actor.of(request)
    person = policy.get_subject_for(actor, pk, read_action=_read(request))
    form = EraseForm(_posted(request))
    refusal = erasure.refusal(person)
    if request.method == "POST" and form.is_valid() and not refusal:
        erasure.erase_person(actor, person, form.cleaned_data["reason"])
        messages.success(request, _("The person's data were erased."))
        return redirect("privacy:subject_detail", pk=person.pk)
    status = 422 if form.is_bound else 200
    context = {"person": person, "form": form, "refusal": refusal}
    return render(request, "privacy/subject_erase.html", context, status=status)
