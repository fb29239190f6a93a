"""Migration 0019 gives the decision trees and weighing criteria that samen seeded in Dutch
their English and French texts, on a migrated database (back to 0018, forward again).

A module of its own: the test is transactional (a migration cannot run inside the test's
transaction on SQLite), and without a module-wide ``django_db`` mark the audit log's triggers
are lifted for the flush that ends it (``transactional_db`` in ``samen/conftest.py``)."""

from __future__ import annotations

from samen.casework.models import GuidanceAnswer, GuidanceNode, GuidanceTree, WeighingCriterion
from samen.casework.tests.factories import World
from samen.core.tests.migrations import migrate_to, migrated_back


def test_the_migration_fills_the_seeded_texts(transactional_db: None, world: World) -> None:
    """On the migrated database: back to 0018, seeded rows in Dutch only, forward to 0019."""
    with migrated_back("casework", "0018_texts_in_three_languages"):
        _fill_and_check(world)


def _fill_and_check(world: World) -> None:
    criterion = WeighingCriterion.objects.create(
        municipality=world.municipality, text_nl="Reisplannen naar een conflictgebied"
    )
    own = WeighingCriterion.objects.create(
        municipality=world.municipality,
        text_nl="Toegang tot wapens of interesse in aanslagen",
        text_en="Weapons (our own words)",
    )
    tree = GuidanceTree.objects.create(
        municipality=world.municipality,
        audience="residents",
        title_nl="Ik maak me zorgen over iemand in mijn omgeving",
    )
    question = GuidanceNode.objects.create(
        tree=tree, kind="question", text_nl="Is er acuut gevaar voor iemand?"
    )
    answer = GuidanceAnswer.objects.create(question=question, label_nl="Nee", leads_to=question)
    unknown = GuidanceNode.objects.create(tree=tree, kind="advice", text_nl="Eigen advies")

    migrate_to("casework", "0019_seeded_texts_in_english_and_french")

    for row in (criterion, own, tree, question, answer, unknown):
        row.refresh_from_db()
    assert (criterion.text_en, criterion.text_fr) == (
        "Plans to travel to a conflict zone",
        "Projets de départ vers une zone de conflit",
    )
    assert own.text_en == "Weapons (our own words)"
    assert own.text_fr == "Accès à des armes ou intérêt pour des attentats"
    assert tree.title_en == "I am worried about someone close to me"
    assert question.text_fr == "Quelqu'un est-il en danger immédiat\u00a0?"
    assert (answer.label_en, answer.label_fr) == ("No", "Non")
    assert (unknown.text_en, unknown.text_fr) == ("", "")
