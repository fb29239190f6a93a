"""Decision trees: guidance for reporters before the form, kept as data by the coordinator."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from samen.accounts.capabilities import Capability
from samen.accounts.decorators import AuthenticatedRequest, requires_any
from samen.audit.actor import Actor
from samen.casework.actions import WorkflowError
from samen.casework.actions import guidance as guidance_actions
from samen.casework.forms.guidance import (
    GuidanceAnswerEditForm,
    GuidanceAnswerForm,
    GuidanceNodeForm,
    GuidanceStepEditForm,
    GuidanceTreeForm,
)
from samen.casework.models import GuidanceAnswer, GuidanceNode, GuidanceTree

SESSION_KEY = "guidance"


# --- the reporter's walk through a published tree -----------------------------------------


def guide_start(request: HttpRequest) -> HttpResponse:
    trees = (
        GuidanceTree.objects.filter(active=True, start__isnull=False)
        .select_related("municipality")
        .order_by("municipality__name", "audience")
    )
    return render(request, "casework/guide_start.html", {"trees": trees})


@never_cache
def guide_tree(request: HttpRequest, pk: int) -> HttpResponse:
    tree = get_object_or_404(GuidanceTree, pk=pk, active=True, start__isnull=False)
    request.session[SESSION_KEY] = {"tree": tree.pk, "steps": []}
    return redirect("casework:guide_step", pk=tree.pk, node=tree.start_id)


@never_cache
def guide_step(request: HttpRequest, pk: int, node: int) -> HttpResponse:
    tree = get_object_or_404(GuidanceTree, pk=pk, active=True)
    step = get_object_or_404(GuidanceNode, pk=node, tree=tree)
    walk = request.session.get(SESSION_KEY) or {}
    return render(
        request,
        "casework/guide_step.html",
        {
            "tree": tree,
            "step": step,
            "answers": step.answers.all(),
            "steps": _walked(walk.get("steps", [])) if walk.get("tree") == tree.pk else [],
        },
    )


@never_cache
def guide_answer(request: HttpRequest, pk: int, answer: int) -> HttpResponse:
    chosen = get_object_or_404(
        GuidanceAnswer.objects.select_related("question"),
        pk=answer,
        question__tree_id=pk,
        question__tree__active=True,
    )
    walk = request.session.get(SESSION_KEY) or {}
    if walk.get("tree") != pk:
        walk = {"tree": pk, "steps": []}
    # The chosen answers by id: the path reads in whatever language the reporter reads next.
    walk["steps"] = [*walk["steps"], chosen.pk][-20:]
    walk["municipality"] = GuidanceTree.objects.values_list("municipality_id", flat=True).get(pk=pk)
    request.session[SESSION_KEY] = walk
    return redirect("casework:guide_step", pk=pk, node=chosen.leads_to_id)


def _walked(steps: list[Any]) -> list[tuple[str, str]]:
    """The questions and chosen answers of a walk, in the reader's language (Dutch where the
    tree has no text in it: the Shown strings carry their language). A walk kept before the
    answers were kept by id holds the texts themselves."""
    ids = [step for step in steps if isinstance(step, int)]
    answers = GuidanceAnswer.objects.select_related("question").in_bulk(ids)
    walked: list[tuple[str, str]] = []
    for step in steps:
        if isinstance(step, int):
            if step in answers:
                walked.append((answers[step].question.text, answers[step].label))
        elif isinstance(step, list | tuple) and len(step) == 2:
            walked.append((str(step[0]), str(step[1])))
    return walked


def guidance_path(request: HttpRequest) -> tuple[str, int | None]:
    """The path the reporter took (question → answer per line, in the reporter's language) and
    the tree's municipality."""
    walk = request.session.get(SESSION_KEY) or {}
    lines = [f"{question} → {answer}" for question, answer in _walked(walk.get("steps", []))]
    return "\n".join(lines), walk.get("municipality")


# --- the coordinator's editor -----------------------------------------------------------------


def _municipality_id(request: AuthenticatedRequest) -> int:
    municipality_id = request.user.organisation.home_municipality_id
    if municipality_id is None:
        raise Http404
    return municipality_id


def _own_tree(request: AuthenticatedRequest, pk: int) -> GuidanceTree:
    tree = GuidanceTree.objects.filter(pk=pk, municipality_id=_municipality_id(request)).first()
    if tree is None:
        raise Http404
    return tree


@requires_any(Capability.CONFIGURE_CASEWORK)
def guidance_list(request: AuthenticatedRequest) -> HttpResponse:
    municipality_id = _municipality_id(request)
    form = GuidanceTreeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        tree = guidance_actions.save_tree(
            Actor.of(request),
            None,
            municipality_id=municipality_id,
            audience=form.cleaned_data["audience"],
            title_nl=form.cleaned_data["title_nl"],
            title_en=form.cleaned_data["title_en"],
            title_fr=form.cleaned_data["title_fr"],
        )
        messages.success(request, _("The decision tree was created. Add its steps."))
        return redirect("casework:guidance_edit", pk=tree.pk)
    trees = GuidanceTree.objects.filter(municipality_id=municipality_id)
    return render(request, "casework/guidance_list.html", {"form": form, "trees": trees})


@requires_any(Capability.CONFIGURE_CASEWORK)
def guidance_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    tree = _own_tree(request, pk)
    forms: dict[str, Any] = {
        "tree_form": GuidanceTreeForm(instance=tree),
        "node_form": GuidanceNodeForm(),
        "answer_form": GuidanceAnswerForm(tree=tree),
    }
    status = 200
    if request.method == "POST":
        actor = Actor.of(request)
        part = request.POST.get("part")
        form: Any
        if part == "tree":
            form = forms["tree_form"] = GuidanceTreeForm(request.POST, instance=tree)
        elif part == "node":
            form = forms["node_form"] = GuidanceNodeForm(request.POST)
        else:
            form = forms["answer_form"] = GuidanceAnswerForm(request.POST, tree=tree)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if part == "tree":
                    guidance_actions.save_tree(
                        actor, tree, municipality_id=tree.municipality_id, **data
                    )
                elif part == "node":
                    guidance_actions.add_step(actor, tree, **data)
                else:
                    guidance_actions.add_answer(actor, tree, **data)
            except WorkflowError as error:
                messages.error(request, _("This change is not possible: %(why)s.") % {"why": error})
            else:
                messages.success(request, _("The decision tree was saved."))
            return redirect("casework:guidance_edit", pk=tree.pk)
        status = 422
    nodes = tree.nodes.prefetch_related("answers__leads_to")
    return render(
        request,
        "casework/guidance_edit.html",
        {"tree": tree, "nodes": nodes, **forms},
        status=status,
    )


@requires_any(Capability.CONFIGURE_CASEWORK)
def guidance_step_edit(request: AuthenticatedRequest, pk: int, node: int) -> HttpResponse:
    """A step's text in Dutch, English and French, and its flags."""
    tree = _own_tree(request, pk)
    step = get_object_or_404(GuidanceNode, pk=node, tree=tree)
    data = request.POST if request.method == "POST" else None
    form = GuidanceStepEditForm(data, instance=step)
    if request.method == "POST" and form.is_valid():
        guidance_actions.change_step(Actor.of(request), tree, step, **form.cleaned_data)
        messages.success(request, _("The step was saved."))
        return redirect("casework:guidance_edit", pk=tree.pk)
    return render(
        request,
        "casework/guidance_part_form.html",
        {"tree": tree, "form": form, "heading": _("Edit a step")},
        status=422 if form.errors else 200,
    )


@requires_any(Capability.CONFIGURE_CASEWORK)
def guidance_answer_edit(request: AuthenticatedRequest, pk: int, answer: int) -> HttpResponse:
    """An answer's label in Dutch, English and French, and the step it leads to."""
    tree = _own_tree(request, pk)
    chosen = get_object_or_404(GuidanceAnswer, pk=answer, question__tree=tree)
    data = request.POST if request.method == "POST" else None
    form = GuidanceAnswerEditForm(data, instance=chosen, tree=tree)
    if request.method == "POST" and form.is_valid():
        try:
            guidance_actions.change_answer(Actor.of(request), tree, chosen, **form.cleaned_data)
        except WorkflowError as error:
            messages.error(request, _("This change is not possible: %(why)s.") % {"why": error})
        else:
            messages.success(request, _("The answer was saved."))
        return redirect("casework:guidance_edit", pk=tree.pk)
    return render(
        request,
        "casework/guidance_part_form.html",
        {"tree": tree, "form": form, "heading": _("Edit an answer")},
        status=422 if form.errors else 200,
    )
