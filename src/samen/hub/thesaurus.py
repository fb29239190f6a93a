"""The thesaurus samen ships: concepts of the field in Dutch, English and French.

The concepts are data in versioned files, ``data/thesaurus_v<N>.json``, never edited once
released: each concept has a code, its broader concepts and its labels, every label with its
language, whether it is the preferred one, and its source (a key of the file's ``sources``).
Migration hub 0006 loads version 2; ``sync_thesaurus()`` brings an existing database up to date
with the newest shipped version without touching a concept an editor made or changed.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.db import transaction

DATA = Path(__file__).parent / "data"
VERSION = 2


def data_file(version: int = VERSION) -> Path:
    return DATA / f"thesaurus_v{version}.json"


@lru_cache(maxsize=4)
def shipped(version: int = VERSION) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(data_file(version).read_text(encoding="utf-8"))
    return data


def concept_values(concept: dict[str, Any]) -> dict[str, Any]:
    """The model fields of a shipped concept (labels as the Concept model keeps them)."""
    preferred: dict[str, str] = {}
    others: list[str] = []
    sources: dict[str, str] = {}
    for label in concept["labels"]:
        sources[label["label"]] = label["source"]
        if label["preferred"] and label["language"] not in preferred:
            preferred[label["language"]] = label["label"]
        else:
            others.append(label["label"])
    return {
        "label_nl": preferred.get("nl", ""),
        "label_en": preferred.get("en", ""),
        "label_fr": preferred.get("fr", ""),
        "alt_labels": "\n".join(dict.fromkeys(others)),
        "note": concept.get("note", ""),
        "label_sources": sources,
    }


def fingerprint(values: dict[str, Any], broader: list[str]) -> str:
    """What an editor can change of a concept, hashed: labels, note and broader concepts.
    Migration 0006 holds a frozen copy of this function."""
    parts = [
        values["label_nl"],
        values["label_en"],
        values["label_fr"],
        values["alt_labels"],
        values["note"],
        ",".join(sorted(broader)),
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def current_fingerprint(concept: Any) -> str:
    broader = [c.code for c in concept.broader.all()]
    values = {
        "label_nl": concept.label_nl,
        "label_en": concept.label_en,
        "label_fr": concept.label_fr,
        "alt_labels": concept.alt_labels,
        "note": concept.note,
    }
    return fingerprint(values, broader)


@transaction.atomic
def sync_thesaurus(version: int = VERSION) -> dict[str, int]:
    """Bring the database's thesaurus up to date with the shipped data; idempotent.

    A shipped concept missing from the database is added; one that is unchanged since samen
    shipped it (its fingerprint is the one stored when it was shipped) is updated to the
    current data; one an editor made or changed is left alone. Nothing is deleted. Returns
    the counts: created, updated, unchanged, kept (edited by an editor).
    """
    from samen.hub.models import Concept

    data = shipped(version)
    existing = {c.code: c for c in Concept.objects.prefetch_related("broader")}
    counts = {"created": 0, "updated": 0, "unchanged": 0, "kept": 0}
    touched: list[tuple[Concept, list[str]]] = []
    for item in data["concepts"]:
        values = concept_values(item)
        target = fingerprint(values, item["broader"])
        concept = existing.get(item["code"])
        if concept is None:
            concept = Concept.objects.create(code=item["code"], shipped=target, **values)
            existing[concept.code] = concept
            touched.append((concept, item["broader"]))
            counts["created"] += 1
            continue
        now = current_fingerprint(concept)
        if now == target:
            if concept.shipped != target:
                Concept.objects.filter(pk=concept.pk).update(shipped=target)
            counts["unchanged"] += 1
        elif concept.shipped and now == concept.shipped:
            for name, value in values.items():
                setattr(concept, name, value)
            concept.shipped = target
            concept.save()
            touched.append((concept, item["broader"]))
            counts["updated"] += 1
        else:
            counts["kept"] += 1
    for concept, broader in touched:
        concept.broader.set([existing[code] for code in broader if code in existing])
    if touched:
        from samen.hub.actions import reindex_concepts

        reindex_concepts([concept for concept, _ in touched])
    return counts
