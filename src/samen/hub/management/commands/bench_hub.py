"""Benchmark of the hub search: 10,000 generated documents, median and p95 search time.

Runs only on a scratch SQLite database in a folder named ``bench`` (``make bench`` sets
SAMEN_DATA_DIR=var/bench), never on the demo or a real database. Not part of the test suite.
"""

from __future__ import annotations

import random
import statistics
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from samen.hub.models import Document, SearchEntry, Section
from samen.hub.search import _entry, search


def _words(text: str) -> list[str]:
    return text.split()


VOCABULARY = {
    "nl": _words(
        "ouders opvoeding school scholen onderwijs jongeren wijk gemeente politie zorg "
        "radicalisering polarisatie signalen training docenten moeders vaders gezin "
        "online sociale media propaganda terugkeerders werk dialoog moskee buurtteam "
        "jongerenwerk casusoverleg veiligheidshuis preventie weerbaarheid netwerk "
        "sleutelfiguren plan actie budget subsidie partners samenwerking discriminatie "
        "integratie vrijwilligers"
    ),
    "en": _words(
        "parents parenting school schools education young people youth district council "
        "police care radicalisation polarisation signs training teachers mothers fathers "
        "family online social media propaganda returnees work dialogue mosque outreach "
        "youth work case panel prevention resilience network key figures plan action "
        "budget funding partners partnership discrimination integration volunteers"
    ),
    "fr": _words(
        "parents éducation école écoles enseignement jeunes quartier mairie police soins "
        "radicalisation polarisation signaux formation enseignants mères pères famille en "
        "ligne réseaux sociaux propagande rapatriés travail dialogue mosquée associations "
        "cellule prévention résilience réseau plan action budget subvention partenaires "
        "partenariat discrimination intégration bénévoles"
    ),
}
FILLER = {
    "nl": _words("de het een en van in op met voor dat die is zijn wordt"),
    "en": _words("the a and of in on with for that is are was to"),
    "fr": _words("le la les un une et de des du en dans pour avec est sont"),
}
# The rest of each text: invented words with a Zipf distribution, as words are in real text,
# so a domain word occurs in a realistic share of the sections (a few per cent), not in all.
LEXICON_SIZE = 20_000
_SYLLABLES = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]


def _pseudo_word(n: int) -> str:
    parts = []
    for _ in range(2 + n % 3):
        n, digit = divmod(n, len(_SYLLABLES))
        parts.append(_SYLLABLES[digit])
    return "".join(parts)


LEXICON = [_pseudo_word(n * 7919 + 13) for n in range(LEXICON_SIZE)]
_CUMULATIVE: list[float] = []
for _rank in range(1, LEXICON_SIZE + 1):
    _CUMULATIVE.append((_CUMULATIVE[-1] if _CUMULATIVE else 0.0) + 1 / _rank)
QUERIES = [
    "ouders",
    "parents",
    "écoles",
    "online propaganda",
    "propagande en ligne",
    "polarisatie jongeren",
    "returnees",
    "deradicalisation",
    "training teachers",
    "sociale media",
    "integration",
    "opvoe",
    "weerbaarheid netwerk",
    "mosquée",
    "budget",
]
DOCUMENTS = 10_000
SECTIONS_PER_DOCUMENT = 3
COUNTRIES = ["Nederland", "Belgique", "France", "United Kingdom"]


def _sentence(rng: random.Random, language: str, words: int) -> str:
    chosen = []
    for _ in range(words):
        draw = rng.random()
        if draw < 0.04:
            chosen.append(rng.choice(VOCABULARY[language]))
        elif draw < 0.4:
            chosen.append(rng.choice(FILLER[language]))
        else:
            chosen.append(rng.choices(LEXICON, cum_weights=_CUMULATIVE)[0])
    return " ".join(chosen).capitalize() + "."


class Command(BaseCommand):
    help = "Benchmark the knowledge hub search on 10,000 generated documents (SQLite, var/bench)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--fresh", action="store_true", help="generate the documents anew")
        parser.add_argument("--rounds", type=int, default=10)

    def handle(self, *args: Any, **options: Any) -> None:
        name = Path(str(settings.DATABASES["default"]["NAME"]))
        if connection.vendor != "sqlite" or name.parent.name != "bench":
            raise CommandError(
                "bench-hub runs only on a scratch SQLite database in a folder named 'bench': "
                "run `make bench` (SAMEN_DATA_DIR=var/bench, no DATABASE_URL)."
            )
        call_command("migrate", interactive=False, verbosity=0)
        if options["fresh"] or Document.objects.count() != DOCUMENTS:
            self._generate()
        entries = SearchEntry.objects.count()
        self.stdout.write(f"{Document.objects.count()} documents, {entries} search entries")
        timings: list[float] = []
        for _ in range(options["rounds"]):
            for query in QUERIES:
                start = time.perf_counter()
                result = search(query, {})
                if result.results is not None:
                    list(result.results[0:20])
                timings.append((time.perf_counter() - start) * 1000)
        self._report("search (match, count, 5 facets, first page of 20)", timings)
        # The worst case: the commonest word of the texts, found in nearly every entry.
        broad: list[float] = []
        for _ in range(options["rounds"]):
            start = time.perf_counter()
            result = search(LEXICON[0], {})
            if result.results is not None:
                list(result.results[0:20])
            broad.append((time.perf_counter() - start) * 1000)
        self.stdout.write(f"broadest query matches {result.total} of {entries} entries")
        self._report("broadest query", broad)

    def _report(self, what: str, timings: list[float]) -> None:
        timings = sorted(timings)
        p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
        self.stdout.write(
            f"{what} over {len(timings)} runs: median {statistics.median(timings):.1f} ms, "
            f"p95 {p95:.1f} ms, max {timings[-1]:.1f} ms"
        )

    @transaction.atomic
    def _generate(self) -> None:
        self.stdout.write(f"generating {DOCUMENTS} documents …")
        SearchEntry.objects.all().delete()
        Document.objects.all().delete()
        rng = random.Random(2026)  # the same documents on every run
        languages = list(VOCABULARY)
        documents = Document.objects.bulk_create(
            Document(
                title=f"Document {n}",
                language=languages[n % 3],
                source_format=Document.Format.TEXT,
                source_name=f"bench-{n}.txt",
            )
            for n in range(DOCUMENTS)
        )
        sections: list[Section] = []
        for document in documents:
            for position in range(SECTIONS_PER_DOCUMENT):
                body = " ".join(
                    _sentence(rng, document.language, rng.randint(8, 18)) for _ in range(6)
                )
                sections.append(
                    Section(
                        document=document,
                        position=position,
                        heading=_sentence(rng, document.language, 3)[:-1],
                        path="",
                        level=1,
                        body=body,
                    )
                )
        sections = Section.objects.bulk_create(sections, batch_size=2000)
        by_id = {d.pk: d for d in documents}
        entries = []
        for section in sections:
            document = by_id[section.document_id]
            country = COUNTRIES[document.pk % len(COUNTRIES)]
            entries.append(
                _entry(
                    SearchEntry.Kind.DOCUMENT,
                    title=f"{document.title} — {section.heading}",
                    body=section.body,
                    keywords_text="",
                    language=document.language,
                    city=f"City {document.pk % 40}",
                    country=country,
                    document=document,
                    section=section,
                )
            )
        SearchEntry.objects.bulk_create(entries, batch_size=2000)
