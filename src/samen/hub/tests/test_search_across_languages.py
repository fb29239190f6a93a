"""A search in one language finds content in the others (both databases)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from samen.audit.actor import Actor
from samen.hub import actions
from samen.hub.importing import read_document, read_profile
from samen.hub.models import Document, SearchSource
from samen.hub.search import search
from samen.hub.tests.conftest import fixture_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def hub() -> dict[str, Any]:
    vocabulary = actions.vocabulary()
    havenstad_text = fixture_text("profile_havenstad_fr_chrome.txt")
    valrive_text = fixture_text("profile_valrive_nl_chrome.txt")
    plan_text = fixture_text("actieplan_rivierstad.txt")
    return {
        "havenstad": actions.import_profile(
            Actor.system(), read_profile(havenstad_text, vocabulary), text=havenstad_text
        ),
        "valrive": actions.import_profile(
            Actor.system(), read_profile(valrive_text, vocabulary), text=valrive_text
        ),
        "plan": actions.import_document(Actor.system(), read_document(plan_text), text=plan_text),
        "practice": actions.save_practice(
            Actor.system(),
            None,
            {
                "title": "Counter-narrative workshops",
                "description": "Young people write their own answers to extremist videos.",
                "language": "en",
            },
            keywords=actions.parse_keywords("Counter-narratives"),
        ),
    }


def _sections(result: Any) -> list[str]:
    """The best passages (their place in the document) of the documents found, in order."""
    if result.results is None:
        return []
    return [
        passage.heading
        for hit in result.results[:50]
        if hit.source.kind == SearchSource.Kind.DOCUMENT
        for passage in hit.passages
    ]


@pytest.mark.parametrize("query", ["parents", "parenting", "les parents", "mères"])
def test_english_and_french_queries_find_the_dutch_plan_on_parents(
    hub: dict[str, Any], query: str
) -> None:
    result = search(query, {})
    titles = _sections(result)
    assert any("2.1 Opvoeding" in title for title in titles), titles
    assert "2.1 Opvoeding" in titles[0]  # ranked above a passing mention of "families"


@pytest.mark.parametrize("query", ["schools", "écoles", "education"])
def test_queries_on_schools_find_the_dutch_section_on_education(
    hub: dict[str, Any], query: str
) -> None:
    titles = _sections(search(query, {}))
    assert any("2.2 Onderwijs" in title for title in titles), titles


@pytest.mark.parametrize("query", ["returnees", "rapatriés", "foreign fighters"])
def test_queries_on_returnees_find_the_dutch_section(hub: dict[str, Any], query: str) -> None:
    titles = _sections(search(query, {}))
    assert any("2.4 Terugkeerders" in title for title in titles), titles


@pytest.mark.parametrize("query", ["propagande en ligne", "online propaganda", "sociale media"])
def test_online_propaganda_is_found_in_all_three_languages(hub: dict[str, Any], query: str) -> None:
    result = search(query, {})
    kinds_and_cities = {(hit.source.kind, hit.source.city) for hit in result.results[:50]}
    assert (SearchSource.Kind.PROFILE, "Valrive") in kinds_and_cities  # French text
    assert any("2.3 Online propaganda" in title for title in _sections(result))  # Dutch text


def test_dutch_query_finds_english_profile_and_practice(hub: dict[str, Any]) -> None:
    result = search("tegenverhalen", {})
    found = {hit.source.title for hit in result.results[:50]}
    assert "Havenstad" in found  # keyword 'Contre-discours'
    assert "Counter-narrative workshops" in found
    assert result.plan.concepts[0].code == "counter-narratives"


def test_dutch_stemming_matches_word_forms(hub: dict[str, Any]) -> None:
    titles = _sections(search("opvoedcursussen", {}))
    assert titles == [] or all("Opvoeding" in t for t in titles)
    assert any("Opvoeding" in t for t in _sections(search("vadergroep", {})))


def test_facets_count_and_filter_in_sql(hub: dict[str, Any]) -> None:
    result = search("parents", {})
    kinds = {f.value: f.count for f in result.facets["kind"]}
    assert kinds[SearchSource.Kind.DOCUMENT] >= 1 and kinds[SearchSource.Kind.PROFILE] >= 1
    languages = {f.value for f in result.facets["language"]}
    assert {"nl", "fr"} <= languages
    assert result.facets["keyword"]
    only_french = search("parents", {"language": "fr"})
    assert only_french.total >= 1
    assert all(hit.source.language == "fr" for hit in only_french.results[:50])
    keyword = result.facets["keyword"][0].value
    by_keyword = search("parents", {"keyword": keyword})
    assert 1 <= by_keyword.total <= result.total


def test_facet_links_keep_the_other_filters_and_remove_their_own(
    hub: dict[str, Any], reader_client: Any
) -> None:
    import html
    import re
    from urllib.parse import parse_qs

    page = reader_client.get(reverse("hub:search"), {"q": "parents", "language": "fr"})
    aside = page.content.decode().split('<aside class="facets"')[1].split("</aside>")[0]
    links = [
        (parse_qs(html.unescape(href)[1:]), text)
        for href, text in re.findall(r'<a href="(\?[^"]*)">(.*?)</a>', aside, re.S)
    ]
    assert len(links) >= 3
    removing = [query for query, text in links if "visually-hidden" in text]
    assert removing == [{"q": ["parents"]}]  # the selected language's link drops it
    adding = [query for query, text in links if "visually-hidden" not in text]
    for query in adding:
        assert query["q"] == ["parents"]
        if set(query) == {"q", "language"}:  # another language instead of French
            assert query["language"] != ["fr"]
        else:  # French kept, and one value of another facet added
            assert query["language"] == ["fr"] and len(query) == 3, query
    assert any("kind" in query for query in adding)


def test_results_are_ranked_and_snippets_highlighted(
    hub: dict[str, Any], reader_client: Any
) -> None:
    response = reader_client.get(reverse("hub:search"), {"q": "ouders"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "<mark>" in page
    assert "Opvoeding" in page


def test_snippets_escape_html(hub: dict[str, Any]) -> None:
    from samen.hub.search import plan_query, snippet

    plan = plan_query("ouders")
    html = snippet("<b>ouders</b> & kinderen", plan, "nl")
    assert "&lt;b&gt;<mark>ouders</mark>&lt;/b&gt; &amp; kinderen" in html


def test_search_as_you_type_answers_htmx_with_a_fragment(
    hub: dict[str, Any], reader_client: Any
) -> None:
    response = reader_client.get(reverse("hub:search"), {"q": "opvoe"}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in page
    assert "Opvoeding" in page  # the word being typed matches as a prefix


def test_thesaurus_edit_changes_what_a_search_finds(
    hub: dict[str, Any], editor_client: Any
) -> None:
    assert search("havenwerk", {}).total == 0
    concept = hub["havenstad"].keywords.get(concept__code="multi-agency").concept
    response = editor_client.post(
        reverse("hub:concept_edit", kwargs={"pk": concept.pk}),
        {
            "code": concept.code,
            "label_nl": concept.label_nl,
            "label_en": concept.label_en,
            "label_fr": concept.label_fr,
            "alt_labels": concept.alt_labels + "\nhavenwerk",
            "note": "",
        },
    )
    assert response.status_code == 302
    found = {hit.source.city for hit in search("havenwerk", {}).results[:10]}
    assert "Havenstad" in found


def test_empty_and_stop_word_queries_find_nothing(hub: dict[str, Any]) -> None:
    assert search("", {}).total == 0
    assert search("de la the", {}).total == 0
    sources = SearchSource.objects.count()
    injected = search('"; DROP TABLE hub_searchposting; --', {})
    assert injected.total <= sources  # words like any other, never SQL
    assert SearchSource.objects.count() == sources and search("ouders", {}).total >= 1


def test_deleting_a_document_removes_it_from_the_index(hub: dict[str, Any]) -> None:
    actions.delete_document(Actor.system(), hub["plan"].pk)
    assert not Document.objects.exists()
    assert not SearchSource.objects.filter(kind=SearchSource.Kind.DOCUMENT).exists()
    assert _sections(search("ouders", {})) == []
