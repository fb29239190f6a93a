"""Relevance evaluation of the hub search: MRR, recall@5, nDCG@10 and zero-result queries,
per language and overall, for samen's search and for a plain ranked baseline.

The collection is the demo content plus the public source documents (the seeds), imported
through the same readers and actions as an editor's import; the relevance set
(``relevance.json``) was written before the search was tuned. ``samen hub-evaluate`` runs it in
a scratch database.
"""

from __future__ import annotations

import json
import math
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.text import slugify

from samen.audit.actor import Actor
from samen.hub import actions
from samen.hub.importing import looks_like_profile, read_document, read_profile
from samen.hub.models import SearchSource
from samen.hub.search import baseline_search, search

RELEVANCE = Path(__file__).parent / "relevance.json"
DEPTH = 20  # results read per query


def relevance_set(path: Path = RELEVANCE) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def source_key(source: SearchSource) -> str:
    """The key of a result in the relevance set: profile:<city>, practice:<title>,
    document:<file name without extension>."""
    if source.profile_id is not None and source.profile is not None:
        return f"profile:{slugify(source.profile.city)}"
    if source.practice_id is not None and source.practice is not None:
        return f"practice:{slugify(source.practice.title)}"
    if source.document_id is not None and source.document is not None:
        name = source.document.source_name.rsplit(".", 1)[0]
        return f"document:{name or slugify(source.document.title)}"
    return f"source:{source.pk}"


def load_seeds(folder: Path, seeds: dict[str, str]) -> list[str]:
    """Import the seed files named in the relevance set: profiles and documents, as an editor
    would (recognised, then saved). Returns the keys loaded."""
    actor = Actor.system()
    loaded = []
    for key, filename in seeds.items():
        path = folder / filename
        if not path.exists():
            continue
        text = path.read_text(encoding="utf-8")
        if key.startswith("profile:") and looks_like_profile(text):
            actions.import_profile(
                actor, read_profile(text, actions.vocabulary()), text=text, source_name=filename
            )
        else:
            parsed = read_document(text)
            city, country = actions.suggest_place(text, parsed.title)
            actions.import_document(
                actor,
                parsed,
                text=text,
                source_name=f"{key.split(':', 1)[1]}.txt",
                city_id=city.pk if city else None,
                country=country,
            )
        loaded.append(key)
    return loaded


@dataclass
class Scores:
    rr: list[float] = field(default_factory=list)
    recall: list[float] = field(default_factory=list)
    ndcg: list[float] = field(default_factory=list)
    zero: int = 0
    timings: list[float] = field(default_factory=list)

    def add(self, ranked: list[str], relevant: dict[str, int], total: int) -> None:
        rank = next((i for i, key in enumerate(ranked, 1) if relevant.get(key, 0) > 0), None)
        self.rr.append(1 / rank if rank else 0.0)
        found = sum(1 for key in ranked[:5] if relevant.get(key, 0) > 0)
        self.recall.append(found / min(len(relevant), 5))
        gains = [relevant.get(key, 0) for key in ranked[:10]]
        dcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(gains))
        ideal = sorted(relevant.values(), reverse=True)[:10]
        idcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
        self.ndcg.append(dcg / idcg if idcg else 0.0)
        self.zero += 1 if total == 0 else 0

    def summary(self) -> dict[str, float]:
        n = len(self.rr) or 1
        return {
            "queries": len(self.rr),
            "mrr": sum(self.rr) / n,
            "recall@5": sum(self.recall) / n,
            "ndcg@10": sum(self.ndcg) / n,
            "zero": self.zero,
            "median_ms": statistics.median(self.timings) if self.timings else 0.0,
        }


def samen_ranking(query: str) -> tuple[list[str], int]:
    result = search(query, {})
    if result.results is None:
        return [], 0
    return [source_key(hit.source) for hit in result.results[0:DEPTH]], result.total


def baseline_ranking(query: str) -> tuple[list[str], int]:
    ranked = baseline_search(query, DEPTH)
    return [source_key(source) for source in ranked], len(ranked)


def evaluate(data: dict[str, Any], available: set[str]) -> dict[str, Any]:
    """Scores per system and language; queries whose relevant documents are not all loaded
    are skipped (and counted)."""
    systems = {"samen": samen_ranking, "baseline": baseline_ranking}
    scores: dict[str, dict[str, Scores]] = {name: {} for name in systems}
    skipped = 0
    details = []
    for item in data["queries"]:
        relevant = item["relevant"]
        if not set(relevant) <= available:
            skipped += 1
            continue
        row = {"id": item["id"], "query": item["query"]}
        for name, ranking in systems.items():
            start = time.perf_counter()
            ranked, total = ranking(item["query"])
            elapsed = (time.perf_counter() - start) * 1000
            for language in (item["language"], "all"):
                bucket = scores[name].setdefault(language, Scores())
                bucket.add(ranked, relevant, total)
                bucket.timings.append(elapsed)
            row[name] = ranked[:5]
        details.append(row)
    return {
        "skipped": skipped,
        "summary": {
            name: {language: bucket.summary() for language, bucket in by_language.items()}
            for name, by_language in scores.items()
        },
        "details": details,
    }
