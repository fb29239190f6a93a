"""Decision trees for reporters, kept by the coordinator: the tree, its steps and answers."""

from __future__ import annotations

from django.db import transaction

from samen.audit.actor import Actor
from samen.audit.services import record
from samen.casework.actions import WorkflowError
from samen.casework.models import GuidanceAnswer, GuidanceNode, GuidanceTree


@transaction.atomic
def save_tree(
    actor: Actor,
    tree: GuidanceTree | None,
    *,
    municipality_id: int,
    audience: str,
    title: str,
    start: GuidanceNode | None = None,
    active: bool = False,
) -> GuidanceTree:
    """Create a tree (``tree`` None; unpublished until it has a first question) or change one."""
    if tree is None:
        tree = GuidanceTree(municipality_id=municipality_id)
    else:
        tree = GuidanceTree.objects.select_for_update().get(pk=tree.pk)
    if tree.municipality_id != municipality_id:
        raise WorkflowError("the tree belongs to another municipality")
    if start is not None and start.tree_id != tree.pk:
        raise WorkflowError("the first question belongs to another tree")
    if active and start is None:
        raise WorkflowError("a published tree needs a first question")
    tree.audience = audience
    tree.title = title
    tree.start = start
    tree.active = active
    tree.save()
    record(actor, "casework.guidance.update", tree)
    return tree


@transaction.atomic
def add_step(
    actor: Actor,
    tree: GuidanceTree,
    *,
    kind: str,
    text: str,
    emergency: bool = False,
    offer_report: bool = True,
) -> GuidanceNode:
    node = GuidanceNode.objects.create(
        tree=tree, kind=kind, text=text, emergency=emergency, offer_report=offer_report
    )
    record(actor, "casework.guidance.update", tree)
    return node


@transaction.atomic
def add_answer(
    actor: Actor,
    tree: GuidanceTree,
    *,
    question: GuidanceNode,
    label: str,
    leads_to: GuidanceNode,
) -> GuidanceAnswer:
    if question.tree_id != tree.pk or leads_to.tree_id != tree.pk:
        raise WorkflowError("an answer links two steps of the same tree")
    if question.kind != GuidanceNode.Kind.QUESTION:
        raise WorkflowError("only a question has answers")
    answer = GuidanceAnswer.objects.create(question=question, label=label, leads_to=leads_to)
    record(actor, "casework.guidance.update", tree)
    return answer
