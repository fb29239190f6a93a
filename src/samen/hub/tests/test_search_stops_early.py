"""Hub search ranks a page by scoring exactly only the sources whose upper bound may reach it
(decision 0022): the same sources, in the same order, with the same scores, as scoring every
source. Both databases."""

from __future__ import annotations

import random
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from samen.audit.actor import Actor
from samen.hub import actions, search
from samen.hub.models import Document, SearchSourceTerm, Section

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
