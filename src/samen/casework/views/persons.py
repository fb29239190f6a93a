"""Persons: found only by exact name (and date of birth) among the persons of visible cases."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samen.accounts.capabilities import Capability
from samen.accounts.decorators import requires
from samen.audit.services import record
from samen.casework import actions
from samen.casework.forms import PersonForm, PersonSearchForm, RelationForm
from samen.casework.models import Case, Person
from samen.casework.policy import get_person_for
from samen.core.blind_index import blind_index


@requires(Capability.VIEW_CASES, Capability.MANAGE_CASES)
def person_search(request: HttpRequest) -> HttpResponse:
    form = PersonSearchForm(request.GET or None)
    results: list[Person] = []
    if form.is_valid():
        name = form.cleaned_data["name"]
        birth_date = form.cleaned_data["birth_date"]
        persons = Person.objects.visible_to(request.user)
        if birth_date:
            persons = persons.filter(name_index=blind_index(name, birth_date.isoformat()))
        else:
            persons = persons.filter(name_only_index=blind_index(name))
        results = list(persons.order_by("pk")[:50])
        record(request, "casework.person.search", targets=results, object_label=str(len(results)))
    return render(request, "casework/person_search.html", {"form": form, "results": results})


@requires(Capability.VIEW_CASES, Capability.MANAGE_CASES)
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_person_for(request, pk)
    return render(request, "casework/person_detail.html", _context(request, person))


def _context(request: HttpRequest, person: Person, **forms: object) -> dict[str, object]:
    manages = request.user.can(Capability.MANAGE_CASES)  # type: ignore[union-attr]
    context: dict[str, object] = {
        "person": person,
        "cases": Case.objects.visible_to(request.user).filter(person=person).order_by("-opened_at"),
        "relations": person.relations.all(),
        "manages": manages,
    }
    if manages:
        context["person_form"] = forms.get("person_form") or PersonForm(instance=person)
        context["relation_form"] = forms.get("relation_form") or RelationForm()
    return context


@requires(Capability.MANAGE_CASES)
@require_POST
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_person_for(request, pk, audit_read=False)
    form = PersonForm(request.POST, instance=person)
    if form.is_valid():
        actions.save_person(request, form.save(commit=False))
        messages.success(request, _("The person's details were saved."))
        return redirect("casework:person_detail", pk=person.pk)
    context = _context(request, person, person_form=form)
    return render(request, "casework/person_detail.html", context, status=422)


@requires(Capability.MANAGE_CASES)
@require_POST
def person_relation(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_person_for(request, pk, audit_read=False)
    form = RelationForm(request.POST)
    if form.is_valid():
        actions.add_relation(request, person, **form.cleaned_data)
        messages.success(request, _("The related person was added."))
        return redirect("casework:person_detail", pk=person.pk)
    context = _context(request, person, relation_form=form)
    return render(request, "casework/person_detail.html", context, status=422)
