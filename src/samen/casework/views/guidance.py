"""Decision trees: guidance for reporters before the form, kept as data by the coordinator."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from samen.accounts.capabilities import Capability
from samen.accounts.decorators import requires
from samen.accounts.models import User
from samen.casework import actions
from samen.casework.forms import GuidanceAnswerForm, GuidanceNodeForm, GuidanceTreeForm
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
            "steps": walk.get("steps", []) if walk.get("tree") == tree.pk else [],
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
    walk["steps"] = [*walk["steps"], [chosen.question.text, chosen.label]][-20:]
    walk["municipality"] = GuidanceTree.objects.values_list("municipality_id", flat=True).get(pk=pk)
    request.session[SESSION_KEY] = walk
    return redirect("casework:guide_step", pk=pk, node=chosen.leads_to_id)


def guidance_path(request: HttpRequest) -> tuple[str, int | None]:
    """The path the reporter took (question → answer per line) and the tree's municipality."""
    walk = request.session.get(SESSION_KEY) or {}
    lines = [f"{question} → {answer}" for question, answer in walk.get("steps", [])]
    return "\n".join(lines), walk.get("municipality")


# --- the coordinator's editor -----------------------------------------------------------------


def _own_tree(request: HttpRequest, pk: int) -> GuidanceTree:
    user: User = request.user  # type: ignore[assignment]
    tree = GuidanceTree.objects.filter(
        pk=pk, municipality_id=user.organisation.home_municipality_id
    ).first()
    if tree is None:
        raise Http404
    return tree


@requires(Capability.CONFIGURE_CASEWORK)
def guidance_list(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    if user.organisation.home_municipality_id is None:
        raise Http404
    form = GuidanceTreeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        tree = form.save(commit=False)
        tree.municipality_id = user.organisation.home_municipality_id
        tree.active = False
        actions.save_guidance(request, tree, tree)
        messages.success(request, _("The decision tree was created. Add its steps."))
        return redirect("casework:guidance_edit", pk=tree.pk)
    trees = GuidanceTree.objects.filter(municipality_id=user.organisation.home_municipality_id)
    return render(request, "casework/guidance_list.html", {"form": form, "trees": trees})


@requires(Capability.CONFIGURE_CASEWORK)
def guidance_edit(request: HttpRequest, pk: int) -> HttpResponse:
    tree = _own_tree(request, pk)
    forms: dict[str, Any] = {
        "tree_form": GuidanceTreeForm(instance=tree),
        "node_form": GuidanceNodeForm(),
        "answer_form": GuidanceAnswerForm(tree=tree),
    }
    status = 200
    if request.method == "POST":
        part = request.POST.get("part")
        if part == "tree":
            form: Any = GuidanceTreeForm(request.POST, instance=tree)
            forms["tree_form"] = form
        elif part == "node":
            form = GuidanceNodeForm(request.POST, instance=GuidanceNode(tree=tree))
            forms["node_form"] = form
        else:
            form = GuidanceAnswerForm(request.POST, tree=tree)
            forms["answer_form"] = form
        if form.is_valid():
            actions.save_guidance(request, form.save(commit=False), tree)
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
