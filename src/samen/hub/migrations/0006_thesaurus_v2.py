"""The second thesaurus: 214 concepts in Dutch, English and French with broader concepts and
the source of every label, from data/thesaurus_v2.json (a versioned file, never edited after
release). The 23 concepts of 0004 are updated where no editor changed them since.
"""

import hashlib
import importlib
import json
from pathlib import Path

from django.db import migrations

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "thesaurus_v2.json"


# Frozen copies: how a shipped concept becomes model fields, and its fingerprint.
def concept_values(concept):
    preferred, others, sources = {}, [], {}
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


def fingerprint(values, broader):
    parts = [
        values["label_nl"],
        values["label_en"],
        values["label_fr"],
        values["alt_labels"],
        values["note"],
        ",".join(sorted(broader)),
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def load_thesaurus(apps, schema_editor):
    Concept = apps.get_model("hub", "Concept")
    first = importlib.import_module("samen.hub.migrations.0004_thesaurus").SEED_CONCEPTS
    as_shipped_first = {
        code: fingerprint(
            {"label_nl": nl, "label_en": en, "label_fr": fr, "alt_labels": "\n".join(alt), "note": ""},
            [],
        )
        for code, (nl, en, fr, alt) in first.items()
    }
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    concepts = {c.code: c for c in Concept.objects.all()}
    touched = []
    for item in data["concepts"]:
        values = concept_values(item)
        target = fingerprint(values, item["broader"])
        concept = concepts.get(item["code"])
        if concept is None:
            concept = Concept.objects.create(code=item["code"], shipped=target, **values)
            concepts[concept.code] = concept
        else:
            broader = [c.code for c in concept.broader.all()]
            now = fingerprint(
                {name: getattr(concept, name) for name in ("label_nl", "label_en", "label_fr", "alt_labels", "note")},
                broader,
            )
            untouched = now in {concept.shipped, as_shipped_first.get(concept.code)}
            if not untouched:
                continue  # an editor changed it: leave it
            for name, value in values.items():
                setattr(concept, name, value)
            concept.shipped = target
            concept.save()
        touched.append((concept, item["broader"]))
    for concept, broader in touched:
        concept.broader.set([concepts[code] for code in broader if code in concepts])


class Migration(migrations.Migration):
    dependencies = [("hub", "0005_search_index_and_places")]

    operations = [migrations.RunPython(load_thesaurus, migrations.RunPython.noop)]
