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
    title_nl: str,
    title_en: str = "",
    title_fr: str = "",
    start: GuidanceNode | None = None,
    active: bool = False,
) -> GuidanceTree:
    """Create a tree (``tree`` None; unpublished until it has a first question) or change one.
    Its texts are kept in Dutch (required), English and French; a reader sees the Dutch text
    where their language has none."""
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
    if not title_nl.strip():
        raise WorkflowError("a tree needs a Dutch title")
    tree.title_nl, tree.title_en, tree.title_fr = title_nl, title_en, title_fr
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
    text_nl: str,
    text_en: str = "",
    text_fr: str = "",
    emergency: bool = False,
    offer_report: bool = True,
) -> GuidanceNode:
    if not text_nl.strip():
        raise WorkflowError("a step needs a Dutch text")
    node = GuidanceNode.objects.create(
        tree=tree,
        kind=kind,
        text_nl=text_nl,
        text_en=text_en,
        text_fr=text_fr,
        emergency=emergency,
        offer_report=offer_report,
    )
    record(actor, "casework.guidance.update", tree)
    return node


@transaction.atomic
def add_answer(
    actor: Actor,
    tree: GuidanceTree,
    *,
    question: GuidanceNode,
    label_nl: str,
    label_en: str = "",
    label_fr: str = "",
    leads_to: GuidanceNode,
) -> GuidanceAnswer:
    if question.tree_id != tree.pk or leads_to.tree_id != tree.pk:
        raise WorkflowError("an answer links two steps of the same tree")
    if question.kind != GuidanceNode.Kind.QUESTION:
        raise WorkflowError("only a question has answers")
    if not label_nl.strip():
        raise WorkflowError("an answer needs a Dutch label")
    answer = GuidanceAnswer.objects.create(
        question=question,
        label_nl=label_nl,
        label_en=label_en,
        label_fr=label_fr,
        leads_to=leads_to,
    )
    record(actor, "casework.guidance.update", tree)
    return answer


@transaction.atomic
def change_step(
    actor: Actor,
    tree: GuidanceTree,
    node: GuidanceNode,
    *,
    text_nl: str,
    text_en: str = "",
    text_fr: str = "",
    emergency: bool = False,
    offer_report: bool = True,
) -> GuidanceNode:
    """Change the texts (Dutch required) and flags of a step; its kind stays what it is."""
    node = GuidanceNode.objects.select_for_update().get(pk=node.pk)
    if node.tree_id != tree.pk:
        raise WorkflowError("the step belongs to another tree")
    if not text_nl.strip():
        raise WorkflowError("a step needs a Dutch text")
    node.text_nl, node.text_en, node.text_fr = text_nl, text_en, text_fr
    node.emergency, node.offer_report = emergency, offer_report
    node.save()
    record(actor, "casework.guidance.update", tree)
    return node


@transaction.atomic
def change_answer(
    actor: Actor,
    tree: GuidanceTree,
    answer: GuidanceAnswer,
    *,
    label_nl: str,
    label_en: str = "",
    label_fr: str = "",
    leads_to: GuidanceNode,
) -> GuidanceAnswer:
    """Change the labels (Dutch required) of an answer and the step it leads to."""
    answer = GuidanceAnswer.objects.select_for_update().select_related("question").get(pk=answer.pk)
    if answer.question.tree_id != tree.pk or leads_to.tree_id != tree.pk:
        raise WorkflowError("an answer links two steps of the same tree")
    if not label_nl.strip():
        raise WorkflowError("an answer needs a Dutch label")
    answer.label_nl, answer.label_en, answer.label_fr = label_nl, label_en, label_fr
    answer.leads_to = leads_to
    answer.save()
    record(actor, "casework.guidance.update", tree)
    return answer
