"""Benchmark of the hub search: 10,000 generated documents, median and p95 search time.

Runs only on a scratch database: SQLite in a folder named ``bench`` (``make bench`` sets
SAMEN_DATA_DIR=var/bench), or a PostgreSQL database whose name ends in ``bench`` (for example
DATABASE_URL=postgres://postgres@127.0.0.1:5432/samen_bench); never on the demo or a real
database. Not part of the test suite.
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

from samen.hub.models import (
    Document,
    SearchEntry,
    SearchPosting,
    SearchSource,
    SearchSourceTerm,
    SearchTerm,
    SearchWord,
    Section,
)
from samen.hub.search import TITLE_WEIGHT, analyse, search, summarise_sources, thesaurus


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
COUNTRIES = ["NL", "BE", "FR", "GB"]


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
    help = "Benchmark the knowledge hub search on 10,000 generated documents (a scratch database)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--fresh", action="store_true", help="generate the documents anew")
        parser.add_argument("--rounds", type=int, default=10)

    def handle(self, *args: Any, **options: Any) -> None:
        name = str(settings.DATABASES["default"]["NAME"])
        scratch = (connection.vendor == "sqlite" and Path(name).parent.name == "bench") or (
            connection.vendor == "postgresql" and name.endswith("bench")
        )
        if not scratch:
            raise CommandError(
                "bench-hub runs only on a scratch database: SQLite in a folder named 'bench' "
                "(`make bench`), or a PostgreSQL database whose name ends in 'bench'."
            )
        call_command("migrate", interactive=False, verbosity=0)
        if options["fresh"] or Document.objects.count() != DOCUMENTS:
            self._generate()
            self._analyse()
        entries = SearchEntry.objects.count()
        self.stdout.write(
            f"{connection.vendor}: {Document.objects.count()} documents, {entries} passages, "
            f"{SearchPosting.objects.count()} postings"
        )
        for query in QUERIES:  # warm up
            self._search(query)
        timings: list[float] = []
        for _ in range(options["rounds"]):
            for query in QUERIES:
                timings.append(self._search(query))
        self._report("search (plan, match, count, facets, first page of 20 with passages)", timings)
        typing = []
        for _ in range(options["rounds"]):
            for query in ("ouders scho", "propagande en li", "deradicalisaton", "radicaliser"):
                typing.append(self._search(query, typing=True))
        self._report("search as you type and typo correction", typing)
        # The worst case: the commonest word of the texts, found in nearly every passage.
        broad: list[float] = []
        for _ in range(options["rounds"]):
            broad.append(self._search(LEXICON[0]))
        result = search(LEXICON[0], {})
        self.stdout.write(f"broadest query matches {result.total} of {DOCUMENTS} documents")
        self._report("broadest query", broad)

    def _search(self, query: str, *, typing: bool = False) -> float:
        start = time.perf_counter()
        result = search(query, {}, typing=typing)
        if result.results is not None:
            list(result.results[0:20])
        return (time.perf_counter() - start) * 1000

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
        for model in (
            SearchPosting,
            SearchSourceTerm,
            SearchEntry,
            SearchSource,
            SearchTerm,
            SearchWord,
        ):
            model.objects.all()._raw_delete(model.objects.db)
        Document.objects.all().delete()
        rng = random.Random(2026)  # the same documents on every run
        languages = list(VOCABULARY)
        documents = Document.objects.bulk_create(
            Document(
                title=f"Document {n}",
                language=languages[n % 3],
                source_format=Document.Format.TEXT,
                source_name=f"bench-{n}.txt",
                country=COUNTRIES[n % len(COUNTRIES)],
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
        sources = SearchSource.objects.bulk_create(
            [
                SearchSource(
                    kind=SearchSource.Kind.DOCUMENT,
                    document=d,
                    title=d.title,
                    language=d.language,
                    city=f"City {d.pk % 40}",
                    country=d.country,
                )
                for d in documents
            ],
            batch_size=2000,
        )
        source_of = {s.document_id: s for s in sources}
        matcher = thesaurus()
        analysed = []
        for section in sections:
            source = source_of[section.document_id]
            fields = [(f"{source.title} {section.heading}", TITLE_WEIGHT), (section.body, 1.0)]
            analysed.append((section, source, analyse(fields, source.language, matcher)))
        entries = SearchEntry.objects.bulk_create(
            [
                SearchEntry(
                    source=source,
                    section=section,
                    heading=section.heading,
                    body=section.body,
                    length=a.length,
                )
                for section, source, a in analysed
            ],
            batch_size=2000,
        )
        terms = sorted(set().union(*(a.terms for _s, _o, a in analysed)))
        SearchTerm.objects.bulk_create([SearchTerm(term=t[:100]) for t in terms], batch_size=5000)
        term_ids = dict(SearchTerm.objects.values_list("term", "id"))
        words = sorted(set().union(*(a.words for _s, _o, a in analysed)))
        SearchWord.objects.bulk_create([SearchWord(word=w) for w in words], batch_size=5000)
        table = SearchPosting._meta.db_table
        rows = [
            (term_ids[term[:100]], entry.pk, source.pk, tf, max(1, a.length))
            for entry, (_section, source, a) in zip(entries, analysed, strict=True)
            for term, tf in a.terms.items()
        ]
        with connection.cursor() as cursor:
            for start in range(0, len(rows), 20_000):
                cursor.executemany(
                    f"INSERT INTO {table} (term_id, entry_id, source_id, tf, length) "  # noqa: S608
                    "VALUES (%s, %s, %s, %s, %s)",
                    rows[start : start + 20_000],
                )
        summarise_sources()
        self.stdout.write(f"{len(rows)} postings")

    def _analyse(self) -> None:
        """Fresh statistics (and, on PostgreSQL, a visibility map for index-only scans), as
        autovacuum would give a real database after such a load."""
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
