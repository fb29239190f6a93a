"""The shipped thesaurus: hundreds of concepts in three languages, kept as data with sources,
and its synchronisation into an existing database."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from samen.audit.actor import Actor
from samen.hub import actions
from samen.hub.models import Concept
from samen.hub.thesaurus import shipped, sync_thesaurus

pytestmark = pytest.mark.django_db


def test_the_shipped_thesaurus_is_large_trilingual_and_sourced() -> None:
    data = shipped()
    concepts = data["concepts"]
    assert len(concepts) >= 200
    for concept in concepts:
        languages = {label["language"] for label in concept["labels"] if label["preferred"]}
        assert languages == {"nl", "en", "fr"}, concept["code"]
        assert all(label["source"] in data["sources"] for label in concept["labels"])
    codes = {c["code"] for c in concepts}
    assert all(b in codes for c in concepts for b in c["broader"])


def test_the_migration_loaded_it_with_broader_concepts() -> None:
    assert Concept.objects.count() >= 200
    case = Concept.objects.get(code="case-consultation")
    assert {c.code for c in case.broader.all()} == {"person-oriented-approach"}
    assert case.label_fr == "Concertation de cas" and case.label_sources[case.label_fr] == "samen"


def test_sync_is_idempotent_and_leaves_editors_changes_alone(editor_client: Any) -> None:
    assert sync_thesaurus()["created"] == 0
    concept = Concept.objects.get(code="safety-house")
    response = editor_client.post(
        reverse("hub:concept_edit", kwargs={"pk": concept.pk}),
        {
            "code": concept.code,
            "label_nl": "Zorg- en Veiligheidshuis",
            "label_en": concept.label_en,
            "label_fr": concept.label_fr,
            "alt_labels": concept.alt_labels,
            "note": "",
            "broader": [b.pk for b in concept.broader.all()],
        },
    )
    assert response.status_code == 302
    Concept.objects.filter(code="reporting-point").delete()
    untouched = Concept.objects.get(code="police")
    Concept.objects.filter(pk=untouched.pk).update(label_fr="")  # as if shipped so, earlier
    Concept.objects.filter(pk=untouched.pk).update(shipped="")
    counts = sync_thesaurus()
    assert counts["created"] == 1  # the deleted shipped concept comes back
    assert Concept.objects.get(code="safety-house").label_nl == "Zorg- en Veiligheidshuis"
    assert counts["kept"] >= 1
    again = sync_thesaurus()
    assert again["created"] == 0 and again["updated"] == 0


def test_an_unchanged_shipped_concept_is_updated_by_sync() -> None:
    concept = Concept.objects.get(code="police")
    shipped_state = concept.shipped
    Concept.objects.filter(pk=concept.pk).update(label_fr="Gendarmerie")
    from samen.hub.thesaurus import current_fingerprint

    changed = Concept.objects.get(pk=concept.pk)
    Concept.objects.filter(pk=concept.pk).update(shipped=current_fingerprint(changed))
    assert shipped_state  # the migration stored what it shipped
    assert sync_thesaurus()["updated"] == 1
    assert Concept.objects.get(pk=concept.pk).label_fr == "Police"


def test_a_concept_with_a_label_in_one_language_only_is_allowed() -> None:
    actions.save_concept(Actor.system(), None, {"code": "alleen-nl", "label_nl": "Alleen"})
    assert Concept.objects.get(code="alleen-nl").missing_languages == ["en", "fr"]
