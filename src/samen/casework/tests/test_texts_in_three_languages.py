"""Decision trees and weighing criteria read in Dutch, English and French: the reader's
language, else Dutch marked lang="nl"; the coordinator edits all three; migration 0019
translates the seeds."""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samen.audit.models import AuditEntry
from samen.casework import demo
from samen.casework.actions import guidance as guidance_actions
from samen.casework.models import (
    GuidanceAnswer,
    GuidanceNode,
    GuidanceTree,
    Signal,
    WeighingCriterion,
)
from samen.casework.tests.factories import World, actor_for
from samen.conftest import login
from samen.core.multilingual import Shown, in_language, shown

pytestmark = pytest.mark.django_db

SEEDS = importlib.import_module("samen.casework.migrations.0019_seeded_texts_in_english_and_french")


def translate(world: World) -> None:
    """The world's tree in English and French, but for the answer "Nee" (Dutch only)."""
    assert world.tree is not None and world.criterion is not None
    GuidanceTree.objects.filter(pk=world.tree.pk).update(
        title_en="Worried about someone", title_fr="Inquiet pour quelqu'un"
    )
    for dutch, english, french in [
        ("Is er acuut gevaar?", "Is there acute danger?", "Y a-t-il un danger immédiat ?"),
        ("Meld uw zorg bij het meldpunt.", "Report your concern.", "Signalez votre inquiétude."),
    ]:
        GuidanceNode.objects.filter(tree=world.tree, text_nl=dutch).update(
            text_en=english, text_fr=french
        )
    GuidanceAnswer.objects.filter(question__tree=world.tree, label_nl="Ja").update(
        label_en="Yes", label_fr="Oui"
    )
    WeighingCriterion.objects.filter(pk=world.criterion.pk).update(
        text_en="Statements that justify violence"
    )


def test_a_text_is_shown_in_the_readers_language_else_in_dutch_marked(world: World) -> None:
    translate(world)
    answer = GuidanceAnswer.objects.get(label_nl="Nee")
    assert shown(answer, "label", "fr") == "Nee"
    assert shown(answer, "label", "fr").fallback
    assert str(in_language(shown(answer, "label", "fr"))) == "Nee"  # fr is not active: no mark
    assert shown(answer, "label", "nl") == "Nee" and not shown(answer, "label", "nl").fallback
    yes = GuidanceAnswer.objects.get(label_nl="Ja")
    assert (shown(yes, "label", "en"), shown(yes, "label", "fr")) == ("Yes", "Oui")
    assert in_language(Shown("<b>", "nl", fallback=False)) == "&lt;b&gt;"


@pytest.mark.parametrize(
    ("language", "title", "question", "yes"),
    [
        ("nl", "Zorgen over iemand", "Is er acuut gevaar?", "Ja"),
        ("en", "Worried about someone", "Is there acute danger?", "Yes"),
        ("fr", "Inquiet pour quelqu&#x27;un", "Y a-t-il un danger immédiat ?", "Oui"),
    ],
)
def test_a_visitor_walks_the_tree_in_the_browsers_language(
    client: Any, world: World, language: str, title: str, question: str, yes: str
) -> None:
    translate(world)
    assert world.tree is not None
    headers = {"Accept-Language": language}
    start = client.get(reverse("casework:guide_start"), headers=headers).content.decode()
    assert title in start
    step = client.get(
        reverse("casework:guide_tree", kwargs={"pk": world.tree.pk}), headers=headers, follow=True
    ).content.decode()
    assert f"<h2>{question}</h2>" in step
    assert f">{yes}</a>" in step
    if language == "nl":
        assert 'lang="nl"' not in step.split("<main", 1)[1]
    else:
        # "Nee" has no English or French label: shown in Dutch, marked as Dutch.
        assert ' lang="nl">Nee</a>' in step


def test_the_path_is_kept_in_the_language_the_reporter_read(client: Any, world: World) -> None:
    translate(world)
    assert world.tree is not None
    headers = {"Accept-Language": "fr"}
    client.get(reverse("casework:guide_tree", kwargs={"pk": world.tree.pk}), headers=headers)
    yes = GuidanceAnswer.objects.get(question__tree=world.tree, label_nl="Ja")
    page = client.get(
        reverse("casework:guide_answer", kwargs={"pk": world.tree.pk, "answer": yes.pk}),
        headers=headers,
        follow=True,
    ).content.decode()
    assert "Y a-t-il un danger immédiat ? — <strong>Oui</strong>" in page
    form = client.get(reverse("casework:public_report"), headers=headers).content.decode()
    assert "Y a-t-il un danger immédiat ? → Oui" in form
    client.post(
        reverse("casework:public_report"),
        {"municipality": world.municipality.pk, "observation": "Inquiet", "anonymous": "on"},
        headers=headers,
    )
    signal = Signal.objects.latest("pk")
    assert signal.guidance_path == "Y a-t-il un danger immédiat ? → Oui"
    assert signal.guidance_language == "fr"
    # Staff read it as it was sent, marked French; an older path (kept without a language) is
    # Dutch.
    login(client, world.users["advisor"])
    client.cookies["django_language"] = "en"
    url = reverse("casework:signal_detail", kwargs={"pk": signal.pk})
    assert 'lang="fr">Y a-t-il un danger immédiat ? → Oui</dd>' in client.get(url).content.decode()
    Signal.objects.filter(pk=signal.pk).update(
        guidance_path="Is er acuut gevaar? → Nee", guidance_language=""
    )
    assert 'lang="nl">Is er acuut gevaar? → Nee</dd>' in client.get(url).content.decode()


def test_a_walk_kept_as_texts_before_the_change_still_reads(client: Any, world: World) -> None:
    assert world.tree is not None
    session = client.session
    session["guidance"] = {
        "tree": world.tree.pk,
        "steps": [["Is er acuut gevaar?", "Nee"]],
        "municipality": world.municipality.pk,
    }
    session.save()
    form = client.get(reverse("casework:public_report"))
    assert form.context["guidance_path"] == "Is er acuut gevaar? → Nee"


def test_weighing_criteria_read_in_the_users_language(client: Any, world: World) -> None:
    translate(world)
    assert world.signal is not None
    login(client, world.users["weighing_team"])
    url = reverse("casework:signal_detail", kwargs={"pk": world.signal.pk})
    client.cookies["django_language"] = "en"
    assert "Statements that justify violence</label>" in client.get(url).content.decode()
    client.cookies["django_language"] = "fr"
    french = client.get(url).content.decode()
    assert '<span lang="nl">Uitingen die geweld rechtvaardigen</span></label>' in french
    client.cookies["django_language"] = "nl"
    assert "Uitingen die geweld rechtvaardigen</label>" in client.get(url).content.decode()


def test_the_coordinator_keeps_criteria_in_three_languages(client: Any, world: World) -> None:
    login(client, world.users["chair"])
    refused = client.post(
        reverse("casework:criteria"), {"text_en": "Only English", "position": 3, "active": "on"}
    )
    assert refused.status_code == 422
    assert 'value="Only English"' in refused.content.decode()  # nothing entered is lost
    assert not WeighingCriterion.objects.filter(text_en="Only English").exists()
    client.post(
        reverse("casework:criteria"),
        {
            "text_nl": "Reisplannen",
            "text_en": "Travel plans",
            "text_fr": "Projets de départ",
            "position": 3,
            "active": "on",
        },
    )
    added = WeighingCriterion.objects.get(text_nl="Reisplannen")
    assert (added.text_en, added.text_fr) == ("Travel plans", "Projets de départ")
    assert world.criterion is not None
    client.post(
        reverse("casework:criterion_edit", kwargs={"pk": world.criterion.pk}),
        {"text_nl": "Geweld", "text_en": "Violence", "text_fr": "Violence", "position": 1},
    )
    world.criterion.refresh_from_db()
    assert (world.criterion.text_nl, world.criterion.text_en) == ("Geweld", "Violence")
    client.cookies["django_language"] = "en"
    page = client.get(reverse("casework:criteria")).content.decode()
    assert "not yet in" not in page  # both criteria now have all three languages
    WeighingCriterion.objects.filter(pk=added.pk).update(text_fr="")
    page = client.get(reverse("casework:criteria")).content.decode()
    assert "(not yet in: French)" in page


def test_the_coordinator_edits_a_tree_in_three_languages(client: Any, world: World) -> None:
    assert world.tree is not None and world.answer is not None
    login(client, world.users["chair"])
    client.post(
        reverse("casework:guidance_list"),
        {"audience": "schools", "title_nl": "Voor scholen", "title_fr": "Pour les écoles"},
    )
    tree = GuidanceTree.objects.get(title_nl="Voor scholen")
    assert (tree.title_en, tree.title_fr) == ("", "Pour les écoles")
    url = reverse("casework:guidance_edit", kwargs={"pk": tree.pk})
    client.post(
        url,
        {
            "part": "node",
            "kind": "question",
            "text_nl": "Gaat het om werving?",
            "text_en": "Is it about recruitment?",
            "text_fr": "S'agit-il de recrutement ?",
        },
    )
    node = GuidanceNode.objects.get(tree=tree)
    assert (node.text_en, node.text_fr) == (
        "Is it about recruitment?",
        "S'agit-il de recrutement ?",
    )
    missing_dutch = client.post(url, {"part": "node", "kind": "advice", "text_en": "Call us."})
    assert missing_dutch.status_code == 422

    # An existing step and answer get their English and French later.
    start = world.tree.start
    assert start is not None
    step_url = reverse(
        "casework:guidance_step_edit", kwargs={"pk": world.tree.pk, "node": start.pk}
    )
    assert client.post(step_url, {"text_nl": ""}).status_code == 422
    client.post(
        step_url,
        {"text_nl": "Is er acuut gevaar?", "text_en": "Acute danger?", "text_fr": "Danger ?"},
    )
    start.refresh_from_db()
    assert (start.text_en, start.text_fr) == ("Acute danger?", "Danger ?")
    assert start.kind == "question" and not start.emergency
    answer_url = reverse(
        "casework:guidance_answer_edit", kwargs={"pk": world.tree.pk, "answer": world.answer.pk}
    )
    client.post(
        answer_url,
        {
            "label_nl": "Ja",
            "label_en": "Yes",
            "label_fr": "Oui",
            "leads_to": world.answer.leads_to_id,
        },
    )
    world.answer.refresh_from_db()
    assert (world.answer.label_en, world.answer.label_fr) == ("Yes", "Oui")
    assert AuditEntry.objects.filter(action="casework.guidance.update").count() >= 4
    # A step of another municipality's tree is not found.
    login(client, world.users["elsewhere"])
    assert client.get(step_url).status_code == 404


def test_the_editor_pages_do_not_grow_with_the_tree(client: Any, world: World) -> None:
    assert world.tree is not None and world.answer is not None
    login(client, world.users["chair"])
    chair = actor_for(world.users["chair"])
    pages = [
        reverse("casework:guidance_edit", kwargs={"pk": world.tree.pk}),
        reverse(
            "casework:guidance_step_edit", kwargs={"pk": world.tree.pk, "node": world.tree.start_id}
        ),
        reverse(
            "casework:guidance_answer_edit", kwargs={"pk": world.tree.pk, "answer": world.answer.pk}
        ),
        reverse("casework:criteria"),
    ]

    def counts() -> list[int]:
        result = []
        for url in pages:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            result.append(len(queries))
        return result

    before = counts()
    for n in range(5):
        question = guidance_actions.add_step(chair, world.tree, kind="question", text_nl=f"V{n}")
        guidance_actions.add_answer(
            chair, world.tree, question=question, label_nl="Ja", leads_to=world.tree.start
        )
        WeighingCriterion.objects.create(municipality=world.municipality, text_nl=f"C{n}")
    assert counts() == before


def test_the_demo_seeds_what_the_migration_translates(world: World) -> None:
    demo._demo_guidance(actor_for(world.users["chair"]), world.municipality)
    seeded = GuidanceTree.objects.filter(municipality=world.municipality).exclude(pk=world.tree.pk)  # type: ignore[union-attr]
    assert seeded.count() == 2
    for tree in seeded:
        assert SEEDS.TITLES[tree.title_nl] == (tree.title_en, tree.title_fr)
        for node in tree.nodes.all():
            assert SEEDS.STEPS[node.text_nl] == (node.text_en, node.text_fr)
            for answer in node.answers.all():
                assert SEEDS.ANSWERS[answer.label_nl] == (answer.label_en, answer.label_fr)
    for nl, en, fr in demo.CRITERIA:
        assert SEEDS.CRITERIA[nl] == (en, fr)
