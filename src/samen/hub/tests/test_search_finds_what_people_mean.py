"""The cases of issue 15: what people looked for and did not find, now tests (both databases).

The collection: the demo's cities, practices and action plan, a fictional exchange report in
English, and a profile whose reporting point is called "Meld- en Adviespunt".
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from samen.audit.actor import Actor
from samen.hub import actions
from samen.hub.demo import load_hub_demo_data
from samen.hub.importing import read_document
from samen.hub.models import CityProfile, Document, SearchSource
from samen.hub.search import plan_query, search
from samen.hub.tests.conftest import fixture_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def collection() -> dict[str, Any]:
    load_hub_demo_data()
    actor = Actor.system()
    text = fixture_text("report_exchange_lab.txt")
    report = actions.import_document(actor, read_document(text), text=text)
    harbour = actions.save_profile(
        actor,
        None,
        {"city": "Zeehaven", "country": "The Netherlands", "language": "en"},
        [
            actions.InitiativeData(
                "The Radicalisation Contact and Advisory Point",
                "The Meld- en Adviespunt Radicalisering is a contact point that everyone can "
                "call, also anonymously, with a worry about a young person.",
            )
        ],
        [],
    )
    return {"report": report, "harbour": harbour, "plan": Document.objects.get(language="nl")}


def titles(query: str, **options: Any) -> list[str]:
    result = search(query, {}, **options)
    return [hit.source.title for hit in result.results[:20]] if result.results else []


@pytest.mark.parametrize("query", ["secret professionnel", "beroepsgeheim", "professional secrecy"])
def test_professional_secrecy_is_found_in_any_language(collection: Any, query: str) -> None:
    assert titles(query)[0] == collection["report"].title


def test_french_queries_find_dutch_and_english_texts(collection: Any) -> None:
    assert collection["report"].title in titles("formation des professionnels")[:3]
    parents = titles("soutien aux parents")
    assert {"Café des parents", "Moedercirkels"} & set(parents[:3])
    assert collection["plan"].title in parents
    consultation = titles("concertation de cas")
    assert collection["report"].title in consultation and "Rivierstad" in consultation


def test_a_concept_named_in_another_language_is_found(collection: Any) -> None:
    found = titles("local integrated security cell")
    assert collection["report"].title in found[:2]
    assert "Montclair-sur-Meuse" in found[:2]  # "cellules locales de sécurité intégrale"


def test_compound_words_are_split_and_elided_parts_completed(collection: Any) -> None:
    assert titles("Zeehaven meldpunt")[0] == "Zeehaven"  # "Meld- en Adviespunt"
    assert "Rivierstad" in titles("meldpunt")  # "Meld- en adviespunt" in an initiative
    assert collection["plan"].title in titles("veiligheidshuis")  # "Veiligheidshuis Rivierland"


def test_one_meaningful_word_is_enough(collection: Any) -> None:
    assert titles("how do cities handle professional secrecy in practice")[0] == (
        collection["report"].title
    )
    assert search("zzqx professional secrecy", {}).total >= 1


def test_stop_word_in_a_label_does_not_change_the_concept(collection: Any) -> None:
    """'de-radicalisation' is one word: 'radicalisation' is not read as deradicalisation."""
    plan = plan_query("radicalisation")
    assert [c.code for c in plan.concepts] == ["radicalisation"]
    assert [c.code for c in plan_query("de-radicalisation").concepts] == ["deradicalisation"]
    english, dutch = (
        {hit.source.pk for hit in search(query, {}).results[:50]}
        for query in ("radicalisation", "radicalisering")
    )
    assert len(english & dutch) >= 0.8 * max(len(english), len(dutch))  # one concept


def test_false_and_broad_matches_are_gone(collection: Any) -> None:
    assert plan_query("integrated").concepts == []  # not the Integration concept
    assert [c.code for c in plan_query("training").concepts] == ["training-professionals"]
    assert [c.code for c in plan_query("Veiligheidshuis").concepts] == ["safety-house"]
    # broader and narrower concepts are used for ranking, not as equal synonyms
    plan = plan_query("opvoedondersteuning")
    assert [c.code for c in plan.concepts] == ["parenting-support"]
    assert "parents" in {c.code for c in plan.related}
    weights = plan.groups[0].terms
    assert weights["~parenting-support"][0] > weights["~parents"][0]


def test_typos_are_corrected_from_the_index_vocabulary(collection: Any) -> None:
    result = search("deradicalisaton", {})
    assert result.plan.corrections == [("deradicalisaton", "deradicalisation")]
    assert result.total >= 1
    assert "Mentoring for returnees" in titles("deradicalisaton")


def test_search_as_you_type_is_stable_while_typing(collection: Any) -> None:
    seen = [set(titles(typed, typing=True)) for typed in ("terugke", "terugkee", "terugkeer")]
    assert seen[0] and seen[1] and seen[2]  # never empty between two letters
    assert seen[2] <= seen[1] <= seen[0]  # narrowing as the word grows, no flips
    assert "Mentoring for returnees" in seen[2]  # the concept of the completed word
    assert titles("ouders ", typing=True)  # between two words: still results
    assert titles("ouders s", typing=True)  # a one-letter start does not empty the page


def test_one_long_document_does_not_fill_the_results(collection: Any) -> None:
    result = search("ouders", {})
    sources = [hit.source.pk for hit in result.results[:20]]
    assert len(sources) == len(set(sources))  # one result per document, its best passages
    plan = next(hit for hit in result.results[:20] if hit.source.document_id is not None)
    assert 1 <= len(plan.passages) <= 2


def test_facets_count_documents_and_countries_read_in_the_readers_language(
    collection: Any, reader_client: Any
) -> None:
    with translation.override("en"):
        result = search("ouders", {})
    kinds = {f.value: f.count for f in result.facets["kind"]}
    assert kinds[SearchSource.Kind.DOCUMENT] == 1  # one plan, however many sections match
    countries = {f.value: f.label for f in result.facets["country"]}
    assert countries["NL"] == "Netherlands" and "Nederland" not in countries
    assert CityProfile.objects.get(city="Zeehaven").country == "NL"  # "The Netherlands"
    page = reader_client.get(reverse("hub:search"), {"q": "ouders"}).content.decode()
    assert "Netherlands" in page and "Zuiderkust" not in page


def test_a_document_without_a_city_gets_its_country_from_its_content(collection: Any) -> None:
    report = collection["report"]
    city, country = actions.suggest_place(fixture_text("report_exchange_lab.txt"), report.title)
    assert city is None and country == "BE"  # Belgium is named, no city of the hub
    text = fixture_text("actieplan_rivierstad.txt")
    city, country = actions.suggest_place(text, "Actieplan Rivierstad")
    assert city is not None and (city.city, country) == ("Rivierstad", "NL")


def test_words_next_to_each_other_rank_above_words_apart(collection: Any) -> None:
    actor = Actor.system()
    for title, text in (  # the same words; "Apart" is older, so it would win a tie
        ("Apart", "Online work and safety work for the harbour board."),
        ("Together", "Online safety work and work for the harbour board."),
    ):
        actions.save_practice(actor, None, {"title": title, "description": text, "language": "en"})
    found = titles("online safety")
    assert found.index("Together") < found.index("Apart")


def test_the_ranking_computes_in_double_precision(collection: Any) -> None:
    """The ranking's constants are typed: an untyped number is numeric to PostgreSQL, which
    then normalised every posting's length in numeric arithmetic (a quarter of the time of a
    common word's ranking)."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's types")
    with CaptureQueriesContext(connection) as queries:
        assert titles("professional secrecy")
    ranking = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("WITH q(")]
    assert ranking
    with connection.cursor() as cursor:
        for sql in ranking:
            cursor.execute(f"EXPLAIN (VERBOSE) {sql}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert "numeric" not in plan, plan
