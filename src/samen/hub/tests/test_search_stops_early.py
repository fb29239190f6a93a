"""Hub search ranks a page by scoring exactly only the sources whose upper bound may reach it
(decision 0022): the same sources, in the same order, with the same scores, as scoring every
source. Both databases."""

from __future__ import annotations

import random
from collections import Counter
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from samen.audit.actor import Actor
from samen.hub import actions, search
from samen.hub.models import Document, Keyword, SearchSource, SearchSourceTerm, Section

pytestmark = pytest.mark.django_db

WORDS = ["jongeren", "ouders", "school", "wijk", "preventie", "netwerk", "training", "gesprek"]
QUERIES = ["ouders", "jongeren school", "wijk", "preventie netwerk training", "gesprek ouders"]
PAGES = [(0, 10), (10, 10), (0, 1), (5, 3), (40, 10), (80, 10)]


@pytest.fixture
def corpus() -> list[Document]:
    """90 documents of one to four sections, each a random draw from the first few words of a
    small vocabulary: sections of every length, words at every frequency, many sources with
    close scores (the hard case for a bound)."""
    rng = random.Random(22)
    documents = []
    for n in range(90):
        document = Document.objects.create(
            title=f"Notitie {n}",
            language="nl",
            source_format=Document.Format.TEXT,
            country="NL" if n % 3 else "BE",
        )
        for position in range(rng.randint(1, 4)):
            vocabulary = WORDS[: rng.randint(1, len(WORDS))]
            words = [rng.choice(vocabulary) for _ in range(rng.randint(3, 60))]
            Section.objects.create(
                document=document,
                position=position,
                heading=f"Deel {position}",
                body=" ".join(words),
            )
        search.index_document(document)
        documents.append(document)
    return documents


def _ranker(query: str, filters: dict[str, str] | None = None) -> search.Ranker:
    ranker = search.Ranker(search.plan_query(query), filters or {})
    assert ranker.usable
    return ranker


def _same(found: list[tuple[int, float]], expected: list[tuple[int, float]]) -> None:
    assert [source for source, _ in found] == [source for source, _ in expected]
    assert [score for _, score in found] == pytest.approx([score for _, score in expected])


def test_the_bound_is_never_below_the_score(corpus: Any) -> None:
    for query in QUERIES:
        for loose in (False, True):
            ranker = _ranker(query)
            ranker.strong_only = not loose
            bounds = dict(ranker._bounds(10_000))
            scores = dict(ranker._all_ranked(0, 10_000))
            assert set(bounds) == set(scores)  # the same sources match
            assert len(scores) > 40
            below = {s: (bounds[s], x) for s, x in scores.items() if bounds[s] * 1.000001 < x}
            assert not below, (query, loose)
            # and close enough to be worth it: most sources within a fifth of their bound
            close = sum(1 for s, score in scores.items() if score >= 0.8 * bounds[s])
            assert close > len(scores) / 2, (query, loose)


def test_every_page_is_the_page_of_the_full_ranking(
    corpus: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Candidates from 2 (every page needs more rounds) to all; at most 50 (deep pages fall back
    # to scoring every source) or none at all.
    for first, most in [(2, 50), (20, 800), (200, 800), (2, 10_000)]:
        monkeypatch.setattr(search, "FIRST_CANDIDATES", first)
        monkeypatch.setattr(search, "MAX_CANDIDATES", most)
        for query in QUERIES:
            for filters in ({}, {"country": "BE"}):
                ranker = _ranker(query, filters)
                full = ranker._all_ranked(0, 10_000)
                for offset, limit in PAGES:
                    found = ranker.source_ids(offset, limit)
                    _same(found, full[offset : offset + limit])


def test_a_first_page_stops_early_without_scoring_every_source(
    corpus: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search, "FIRST_CANDIDATES", 20)
    ranker = _ranker("ouders")
    full = ranker._all_ranked(0, 10_000)
    assert len(full) > 40

    def refused(*args: Any) -> Any:
        raise AssertionError("scored every source")

    monkeypatch.setattr(ranker, "_all_ranked", refused)
    with CaptureQueriesContext(connection) as statements:
        page = ranker.source_ids(0, 5)
    _same(page, full[:5])
    assert len(statements) == 2  # the bounds, then the exact scores of 20 candidates
    assert statements[1]["sql"].count("%s") == 0  # (parameters are bound, not left in)
    assert "IN (" in statements[1]["sql"]


def _with_keywords(corpus: list[Document]) -> None:
    """Up to three of fifteen keywords a document (more than the facet shows) and a second
    language, indexed again."""
    rng = random.Random(23)
    keywords = [Keyword.objects.create(label=f"Thema {n}", folded=f"thema {n}") for n in range(15)]
    for document in corpus:
        document.keywords.set(rng.sample(keywords, rng.randint(0, 3)))
        if rng.random() < 0.3:
            document.language = "fr"
            document.save(update_fields=["language"])
        search.index_document(document)


def _counted(ranker: search.Ranker) -> search.Matched:
    """The matched sources counted the plain way, with the ORM: the sources the filters keep
    that hold one of the terms that cover part of the query."""
    strong = [t.term_id for t in ranker.terms if t.cover > 0 or not ranker.strong_only]
    holding = SearchSourceTerm.objects.filter(term_id__in=strong).values("source_id")
    ids = set(search.filtered(ranker.filters).filter(id__in=holding).values_list("id", flat=True))
    sources = SearchSource.objects.filter(id__in=ids)
    expected = search.Matched(total=len(ids))
    for name in search.FACETS:
        values = Counter(v for v in sources.values_list(name, flat=True) if v)
        expected.counts[name] = dict(values)
    through = SearchSource.keywords.through.objects.filter(searchsource_id__in=ids)
    keywords = Counter(through.values_list("keyword_id", flat=True))
    expected.keywords = sorted(keywords.items(), key=lambda kv: (-kv[1], kv[0]))[
        : search.FACET_SIZE
    ]
    return expected


def test_the_overview_counts_the_matched_sources_and_reads_the_first_bounds(
    corpus: list[Document],
) -> None:
    _with_keywords(corpus)
    keyword = str(Keyword.objects.order_by("pk").values_list("pk", flat=True)[3])
    for query in QUERIES:
        for filters in ({}, {"country": "BE"}, {"language": "fr"}, {"keyword": keyword}):
            for loose in (False, True):
                ranker = _ranker(query, filters)
                ranker.strong_only = not loose
                matched = ranker.overview()
                expected = _counted(ranker)
                assert matched.total == expected.total > 0, (query, filters, loose)
                assert matched.counts == expected.counts
                assert matched.keywords == expected.keywords
                if not filters:  # 15 keywords, the facet cut to its most frequent
                    assert len(matched.keywords) == search.FACET_SIZE
                # The first bounds it kept are the ones the ranking would read.
                fresh = _ranker(query, filters)
                fresh.strong_only = not loose
                with CaptureQueriesContext(connection) as statements:
                    kept = ranker._bounds(search.FIRST_CANDIDATES + 1)
                assert not statements
                assert kept == fresh._bounds(search.FIRST_CANDIDATES + 1)


def test_after_the_overview_a_page_takes_one_statement(
    corpus: list[Document], monkeypatch: pytest.MonkeyPatch
) -> None:
    for first in (2, 20, 200):
        monkeypatch.setattr(search, "FIRST_CANDIDATES", first)
        for query in QUERIES:
            ranker = _ranker(query)
            full = ranker._all_ranked(0, 10_000)
            ranker.overview()
            for offset, limit in PAGES:
                with CaptureQueriesContext(connection) as statements:
                    found = ranker.source_ids(offset, limit)
                _same(found, full[offset : offset + limit])
                if first == 200 and offset + limit <= 100:
                    # a first round from the overview's bounds: only the exact scores
                    assert len(statements) == 1, (query, offset, limit)
                # The best passages read with the exact scores are those ranked on their own.
                ids = [source_id for source_id, _score in found]
                with CaptureQueriesContext(connection) as statements:
                    passages = ranker.best_passages(ids)
                if offset + limit <= 2 * first:
                    assert not statements
                expected = _ranker(query).best_passages(ids)
                assert passages == expected and all(len(e) <= 2 for e in expected.values())


def test_the_search_counts_facets_and_ranks_in_few_statements(corpus: list[Document]) -> None:
    _with_keywords(corpus)
    search.search("ouders", {})  # the thesaurus is read once, then kept
    with CaptureQueriesContext(connection) as statements:
        result = search.search("ouders school", {})
        assert result.results is not None
        hits = result.results[0:10]
    assert len(hits) == 10
    assert result.total == _counted(result.results.ranker).total
    # whether the thesaurus changed, the known words, the terms, the last passage (the
    # collection's size), the overview, the keywords' labels, the exact scores with the best
    # passages, the sources and the passages' entries: nine (twelve when the total, the keyword
    # facet, the first bounds and the best passages were passes of their own)
    assert len(statements) == 9, [s["sql"][:80] for s in statements]


def test_a_page_of_sources_deleted_since_they_were_counted_is_empty(corpus: Any) -> None:
    ranker = _ranker("ouders")
    assert ranker.source_ids(0, 10)
    for document in corpus:
        actions.delete_document(Actor.system(), document.pk)
    assert ranker.source_ids(0, 10) == []


def test_the_summaries_follow_the_postings(corpus: list[Document]) -> None:
    def summaries() -> set[tuple[int, int, int]]:
        return set(SearchSourceTerm.objects.values_list("term_id", "source_id", "passages"))

    def from_postings() -> set[tuple[int, int, int]]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT term_id, source_id, COUNT(*) FROM hub_searchposting"
                " GROUP BY term_id, source_id"
            )
            return {tuple(row) for row in cursor.fetchall()}  # type: ignore[misc]

    assert summaries() == from_postings()
    actions.delete_document(Actor.system(), corpus[0].pk)
    assert summaries() == from_postings()
    search.index_document(corpus[1])  # indexed again: replaced, not doubled
    assert summaries() == from_postings()
    actions.rebuild_index(Actor.system())
    assert summaries() == from_postings()
