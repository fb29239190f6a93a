"""The relevance evaluation: the set's shape, the metrics, and samen beside the baseline."""

from __future__ import annotations

import pytest

from samen.hub import evaluation
from samen.hub.demo import load_hub_demo_data
from samen.hub.models import SearchSource

pytestmark = pytest.mark.django_db


def test_the_relevance_set_has_forty_queries_in_three_languages() -> None:
    data = evaluation.relevance_set()
    queries = data["queries"]
    assert len(queries) >= 40
    for language in ("nl", "en", "fr"):
        assert sum(1 for q in queries if q["language"] == language) >= 12
    issue = {q["query"] for q in queries}
    for query in (
        "secret professionnel",
        "beroepsgeheim",
        "concertation de cas",
        "deradicalisaton",
    ):
        assert query in issue
    assert all(q["relevant"] and set(q["relevant"].values()) <= {1, 2} for q in queries)


def test_metrics_of_a_ranking() -> None:
    scores = evaluation.Scores()
    scores.add(["b", "a", "x"], {"a": 2, "c": 1}, total=3)
    scores.add([], {"a": 2}, total=0)
    summary = scores.summary()
    assert summary["mrr"] == pytest.approx((1 / 2 + 0) / 2)
    assert summary["recall@5"] == pytest.approx((1 / 2 + 0) / 2)
    assert summary["zero"] == 1
    assert 0 < summary["ndcg@10"] < 1


def test_evaluation_on_the_demo_beats_the_plain_baseline() -> None:
    load_hub_demo_data()
    available = {
        evaluation.source_key(source)
        for source in SearchSource.objects.select_related("profile", "practice", "document")
    }
    assert "document:actieplan-rivierstad" in available
    assert "practice:cafe-des-parents" in available
    results = evaluation.evaluate(evaluation.relevance_set(), available)
    assert results["skipped"] > 0  # the queries about the seeds need them loaded
    samen, baseline = results["summary"]["samen"]["all"], results["summary"]["baseline"]["all"]
    assert samen["queries"] >= 2  # the queries about the demo content alone
    assert samen["zero"] == 0
    assert samen["mrr"] >= baseline["mrr"] and samen["recall@5"] > baseline["recall@5"]
