"""Persons: found only by exact name (and date of birth) among the persons of visible cases.

The search is a POST form, so names and dates of birth never appear in a URL (and so never in
an access log or the browser history)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from samen.accounts.capabilities import Capability
from samen.accounts.decorators import AuthenticatedRequest, requires_any
from samen.audit.actor import Actor
from samen.audit.services import record
from samen.casework import policy
from samen.casework.actions import persons as person_actions
from samen.casework.forms.persons import PersonForm, PersonSearchForm, RelationForm
from samen.casework.models import Person


@requires_any(Capability.VIEW_CASES, Capability.MANAGE_CASES)
@never_cache
def person_search(request: AuthenticatedRequest) -> HttpResponse:
    form = PersonSearchForm(request.POST if request.method == "POST" else None)
    results: list[Person] = []
    if form.is_valid():
        persons = policy.persons_named(
            policy.persons_visible_to(request.user),
            form.cleaned_data["name"],
            form.cleaned_data["birth_date"],
        )
        results = list(persons.order_by("pk")[:50])
        record(
            Actor.of(request),
            "casework.person.search",
            targets=results,
            object_label=str(len(results)),
        )
    status = 422 if form.errors else 200
    context = {"form": form, "results": results, "searched": form.is_bound and form.is_valid()}
    return render(request, "casework/person_search.html", context, status=status)


@requires_any(Capability.VIEW_CASES, Capability.MANAGE_CASES)
def person_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = policy.get_person_for(Actor.of(request), pk)
    return render(request, "casework/person_detail.html", _context(request, person))


def _context(request: AuthenticatedRequest, person: Person, **forms: object) -> dict[str, object]:
    manages = request.user.can(Capability.MANAGE_CASES)
    context: dict[str, object] = {
        "person": person,
        "cases": policy.cases_visible_to(request.user).filter(person=person).order_by("-opened_at"),
        "relations": person.relations.all(),
        "manages": manages,
    }
    if manages:
        context["person_form"] = forms.get("person_form") or PersonForm(
            initial=PersonForm.initial_of(person), municipality_id=person.municipality_id
        )
        context["relation_form"] = forms.get("relation_form") or RelationForm()
    return context


@requires_any(Capability.MANAGE_CASES)
@require_POST
def person_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    actor = Actor.of(request)
    person = policy.get_person_for(actor, pk, audit_read=False)
    form = PersonForm(request.POST, municipality_id=person.municipality_id)
    if form.is_valid():
        person_actions.update_person(actor, person, **form.cleaned_data)
        messages.success(request, _("The person's details were saved."))
        return redirect("casework:person_detail", pk=person.pk)
    context = _context(request, person, person_form=form)
    return render(request, "casework/person_detail.html", context, status=422)


@requires_any(Capability.MANAGE_CASES)
@require_POST
def person_relation(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    actor = Actor.of(request)
    person = policy.get_person_for(actor, pk, audit_read=False)
    form = RelationForm(request.POST)
    if form.is_valid():
        person_actions.add_relation(actor, person, **form.cleaned_data)
        messages.success(request, _("The related person was added."))
        return redirect("casework:person_detail", pk=person.pk)
    context = _context(request, person, relation_form=form)
    return render(request, "casework/person_detail.html", context, status=422)
