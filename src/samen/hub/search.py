"""Search of the knowledge hub: the index, the query plan and best-match ranking in SQL.

The index is samen's own inverted index in ordinary tables, the same on SQLite and PostgreSQL:
every passage (a profile, a practice, a document section) is a ``SearchEntry`` of a
``SearchSource``; ``SearchPosting`` holds each term of a passage with its weighted frequency.
Terms are Snowball stems in the passage's language, the parts of Dutch compounds (at a lower
weight), and ``~code`` for every thesaurus concept whose label the passage contains, found at
index time on whole labels, so "case consultation", "casusoverleg" and "concertation de cas" are
one term.

A query is a list of groups (a word, or the words that name a concept); each group is a set of
weighted terms: the word stemmed as Dutch, English and French, its compound parts, the concept
with its narrower and broader concepts at lower weights, the completions of the word being
typed. Unknown words are corrected against the index's own vocabulary (edit distance). Ranking
is BM25 over any term, multiplied by how many groups a passage covers; a source ranks by its
best passage. Matching, ranking, counting and facets run in SQL; only the shown page is read
into Python, for its passages and snippets. See docs/decisions/0011-hub-search-own-index.md.
A page is ranked by scoring exactly only the sources whose upper bound, read from the summary
of each source's terms (``SearchSourceTerm``), may reach it: decision 0022.
"""

from __future__ import annotations

import hashlib
import html
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.db import connection
from django.db.models import Count, Max, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import Length
from django.utils.safestring import SafeString, mark_safe
from rapidfuzz.distance import Levenshtein

from samen.core.params import whole_number
from samen.hub.language import (
    ALL_STOP_WORDS,
    LANGUAGES,
    fold,
    light_key,
    positions,
    split_compound,
    stem,
)
from samen.hub.models import (
    CityProfile,
    Concept,
    Document,
    Keyword,
    Practice,
    SearchEntry,
    SearchPosting,
    SearchSource,
    SearchSourceTerm,
    SearchStatistics,
    SearchTerm,
    SearchWord,
    Section,
)
from samen.hub.places import country_name

MAX_QUERY_WORDS = 12
FACET_SIZE = 12
# Weights of the fields of a passage, and of the kinds of query terms.
TITLE_WEIGHT = 3.0
KEYWORD_WEIGHT = 2.0
BODY_WEIGHT = 1.0
PART_WEIGHT = 0.5  # a part of a hyphenated word or compound, in the index
QUERY_PART_WEIGHT = 0.4  # a part of a query compound
NARROWER_WEIGHT = 0.5
BROADER_WEIGHT = 0.25
COMPLETION_WEIGHT = 0.8
PHRASE_WEIGHT = 1.0  # two query words next to each other in the text, on top of each word
# BM25
K1 = 1.2
B = 0.75
# How much covering all query groups counts: a passage's score is multiplied by
# (1 + COVERAGE * (covered / groups) ** 2).
COVERAGE = 3.0
# A source's score is its best passage plus this share of its other passages.
OTHER_PASSAGES = 0.1
CANDIDATE_LIMIT = 20
# Ranking stops early (decision 0022): the sources scored exactly at first, at most, and the
# share by which a bound may fall short of a score through rounding alone.
FIRST_CANDIDATES = 200
MAX_CANDIDATES = 800
BOUND_SLACK = 1 + 1e-9
# What a part of a word covers when nothing matched the words themselves.
LOOSE_COVER = 0.1
# The passages shown under a result.
BEST_PASSAGES = 2


# --- the thesaurus as a matcher -------------------------------------------------------------


@dataclass
class Thesaurus:
    """Concept labels as sequences of light keys, for matching in texts and queries."""

    labels: dict[str, list[tuple[tuple[str, ...], int]]] = field(default_factory=dict)
    codes: dict[int, str] = field(default_factory=dict)
    broader: dict[int, set[int]] = field(default_factory=dict)
    narrower: dict[int, set[int]] = field(default_factory=dict)
    concepts: dict[int, Concept] = field(default_factory=dict)

    def match(self, keys: Sequence[str]) -> list[tuple[int, int, int]]:
        """(start, length, concept id) of the labels found, longest first, not overlapping."""
        found: list[tuple[int, int, int]] = []
        i = 0
        while i < len(keys):
            best: tuple[int, int] | None = None
            for label, concept_id in self.labels.get(keys[i], ()):
                size = len(label)
                if tuple(keys[i : i + size]) == label and (best is None or size > best[0]):
                    best = (size, concept_id)
            if best is not None:
                found.append((i, best[0], best[1]))
                i += best[0]
            else:
                i += 1
        return found


@lru_cache(maxsize=20_000)
def label_keys(label: str) -> tuple[str, ...]:
    """The light keys of a label's words. Fixed language data only (``language``), so kept
    across rebuilds of the thesaurus: after one concept changed, each process reads every
    concept again (``thesaurus``) but splits only the labels it has not seen (19 -> 6 ms for
    the 2,100 labels of the shipped thesaurus)."""
    return tuple(light_key(position[0]) for position in positions(label))


def build_thesaurus(concepts: Iterable[Concept], relations: Iterable[tuple[int, int]]) -> Thesaurus:
    thesaurus = Thesaurus()
    for concept in concepts:
        thesaurus.codes[concept.pk] = concept.code
        thesaurus.concepts[concept.pk] = concept
        for label in concept.all_labels():
            keys = label_keys(label)
            if keys:
                entries = thesaurus.labels.setdefault(keys[0], [])
                if (keys, concept.pk) not in entries:
                    entries.append((keys, concept.pk))
    for child, parent in relations:
        thesaurus.broader.setdefault(child, set()).add(parent)
        thesaurus.narrower.setdefault(parent, set()).add(child)
    return thesaurus


_CACHE: dict[str, Any] = {}


def thesaurus() -> Thesaurus:
    """The thesaurus, read again only when a concept changed (one small query per call)."""
    state = Concept.objects.aggregate(n=Count("id"), last=Max("updated_at"))
    version = (state["n"], state["last"])
    if _CACHE.get("version") != version:
        relations = Concept.broader.through.objects.values_list("from_concept_id", "to_concept_id")
        _CACHE["thesaurus"] = build_thesaurus(Concept.objects.all(), list(relations))
        _CACHE["version"] = version
    cached: Thesaurus = _CACHE["thesaurus"]
    return cached


def forget_thesaurus() -> None:
    """Drop the cached thesaurus (after a change in this process)."""
    _CACHE.clear()


def phrase_term(first: str, second: str) -> str:
    """Two words next to each other (stop words left out), for the phrase bonus."""
    return f"{first} {second}"[:100]


def concept_term(code: str) -> str:
    return f"~{code}"


# --- the index ------------------------------------------------------------------------------


@dataclass
class Analysed:
    terms: dict[str, float]
    words: set[str]
    length: int


def analyse(
    fields: Sequence[tuple[str, float]],
    language: str,
    matcher: Thesaurus,
    concepts: Iterable[Concept] = (),
) -> Analysed:
    """The weighted terms of a passage: stems, compound parts and thesaurus concepts."""
    terms: dict[str, float] = defaultdict(float)
    found_words: set[str] = set()
    length = 0
    for text, weight in fields:
        found = positions(text)
        length += len(found)
        keys = []
        previous = ""
        for words in found:
            primary, *parts = words
            stemmed = stem(primary, language)
            terms[stemmed] += weight
            if previous:
                terms[phrase_term(previous, stemmed)] += weight
            previous = stemmed
            found_words.add(fold(primary))
            for part in parts:
                terms[stem(part, language)] += weight * PART_WEIGHT
                found_words.add(fold(part))
            keys.append(light_key(primary))
        for _start, _size, concept_id in matcher.match(keys):
            terms[concept_term(matcher.codes[concept_id])] += weight
    for concept in concepts:
        terms[concept_term(concept.code)] += KEYWORD_WEIGHT
    return Analysed(terms, {w for w in found_words if 0 < len(w) <= 100}, length)


def _ids(model: Any, column: str, values: set[str]) -> dict[str, int]:
    """Ids of vocabulary rows, created when missing."""
    values = {v[:100] for v in values if v}
    if not values:
        return {}
    model.objects.bulk_create([model(**{column: v}) for v in values], ignore_conflicts=True)
    found: dict[str, int] = {}
    ordered = sorted(values)
    for start in range(0, len(ordered), 500):
        chunk = ordered[start : start + 500]
        found.update(model.objects.filter(**{f"{column}__in": chunk}).values_list(column, "id"))
    return found


@dataclass
class Passage:
    heading: str
    body: str
    section: Section | None = None


def _index(
    source: SearchSource,
    passages: Sequence[Passage],
    keywords: Sequence[Keyword],
    keyword_labels: Sequence[str],
    concepts: Sequence[Concept],
) -> None:
    matcher = thesaurus()
    source.save()
    if keywords:
        source.keywords.set(keywords)
    analysed = []
    for passage in passages:
        fields = [
            (f"{source.title} {passage.heading}", TITLE_WEIGHT),
            (" · ".join(keyword_labels), KEYWORD_WEIGHT),
            (passage.body, BODY_WEIGHT),
        ]
        analysed.append(analyse(fields, source.language, matcher, concepts))
    entries = SearchEntry.objects.bulk_create(
        [
            SearchEntry(
                source=source,
                section=p.section,
                heading=p.heading[:900],
                body=p.body,
                length=a.length,
            )
            for p, a in zip(passages, analysed, strict=True)
        ]
    )
    term_ids = _ids(SearchTerm, "term", set().union(*(a.terms for a in analysed)))
    _ids(SearchWord, "word", set().union(*(a.words for a in analysed)))
    postings = [
        SearchPosting(
            term_id=term_ids[term[:100]],
            entry_id=entry.pk,
            source_id=source.pk,
            tf=tf,
            length=max(1, a.length),
        )
        for entry, a in zip(entries, analysed, strict=True)
        for term, tf in a.terms.items()
        if term
    ]
    SearchPosting.objects.bulk_create(postings, batch_size=2000)
    summarise_sources(source.pk)


def summarise_sources(source_id: int | None = None) -> None:
    """Each term of a source (or of every source) summed over its passages, from the postings:
    what the ranking's bound reads (``SearchSourceTerm``)."""
    sql = (
        f"INSERT INTO {SearchSourceTerm._meta.db_table}"  # noqa: S608 - table names only
        " (term_id, source_id, max_tf, sum_tf, passages, min_length)"
        " SELECT term_id, source_id, MAX(tf), SUM(tf), COUNT(*), MIN(length)"
        f" FROM {SearchPosting._meta.db_table}"
    )
    params: list[Any] = []
    if source_id is not None:
        sql += " WHERE source_id = %s"
        params.append(source_id)
    with connection.cursor() as cursor:
        cursor.execute(sql + " GROUP BY term_id, source_id", params)


def _keyword_parts(keywords: Sequence[Keyword]) -> tuple[list[str], list[Concept]]:
    labels: list[str] = []
    concepts: list[Concept] = []
    for keyword in keywords:
        if keyword.concept is not None:
            concepts.append(keyword.concept)
            labels.append(keyword.concept.label_en or keyword.label)
        else:
            labels.append(keyword.label)
    return labels, concepts


def unindex(**source: Any) -> None:
    SearchSource.objects.filter(**source).delete()


# Headings of a profile's passages, kept in English in the index and translated when shown.
PROFILE_PASSAGES = (
    "Key information",
    "Background",
    "National overview",
    "Local overview",
    "Working groups",
)


def index_profile(profile: CityProfile) -> None:
    """A profile's passages: each text field, and each initiative with its description."""
    unindex(profile=profile)
    keywords = list(profile.keywords.select_related("concept"))
    labels, concepts = _keyword_parts(keywords)
    countries = " ".join(country_name(profile.country, language) for language in LANGUAGES)
    leader = f"{profile.leader_role} {profile.leader_name}"
    passages = [
        Passage(PROFILE_PASSAGES[0], f"{profile.region} {countries} {leader}".strip()),
        Passage(PROFILE_PASSAGES[1], profile.background),
        Passage(PROFILE_PASSAGES[2], profile.national_overview),
        Passage(PROFILE_PASSAGES[3], profile.local_overview),
        *(Passage(i.title, i.description) for i in profile.initiatives.all()),
        Passage(PROFILE_PASSAGES[4], profile.working_groups),
    ]
    source = SearchSource(
        kind=SearchSource.Kind.PROFILE,
        profile=profile,
        title=profile.city[:300],
        language=profile.language,
        city=profile.city[:120],
        country=profile.country,
    )
    passages = [p for p in passages if p.body.strip() or p is passages[0]]
    _index(source, passages, keywords, labels, concepts)


def index_practice(practice: Practice) -> None:
    unindex(practice=practice)
    keywords = list(practice.keywords.select_related("concept"))
    labels, concepts = _keyword_parts(keywords)
    themes = list(practice.themes.all())
    city = practice.city
    source = SearchSource(
        kind=SearchSource.Kind.PRACTICE,
        practice=practice,
        title=practice.title[:300],
        language=practice.language,
        city=city.city if city else "",
        country=city.country if city else "",
    )
    body = f"{practice.description}\n\n{practice.target_groups}".strip()
    _index(
        source,
        [Passage("", body)],
        keywords,
        labels + [t.label_en for t in themes],
        concepts + themes,
    )


def index_document(document: Document) -> None:
    unindex(document=document)
    keywords = list(document.keywords.select_related("concept"))
    labels, concepts = _keyword_parts(keywords)
    city = document.city
    source = SearchSource(
        kind=SearchSource.Kind.DOCUMENT,
        document=document,
        title=document.title[:300],
        language=document.language,
        city=city.city if city else "",
        country=document.country_code,
    )
    passages = []
    for section in document.sections.prefetch_related("actions"):
        actions = "\n".join(
            f"{a.title}. {a.description} {a.lead}".strip() for a in section.actions.all()
        )
        place = section.path or section.heading
        passages.append(Passage(place, f"{section.body}\n{actions}".strip(), section))
    _index(source, passages, keywords, labels, concepts)


# --- the query plan ----------------------------------------------------------------------


@dataclass
class Group:
    """One word of the query: any of its terms matches it. A term counts for the word's
    coverage with its share: 1 for the word itself, a synonym or the concept it names, less for
    a broader or narrower concept, nothing for a part of a compound (which only ranks)."""

    text: str
    terms: dict[str, tuple[float, float]] = field(default_factory=dict)  # term: (weight, cover)

    def add(self, term: str, weight: float, cover: float = 1.0) -> None:
        if not term:
            return
        old_weight, old_cover = self.terms.get(term, (0.0, 0.0))
        self.terms[term] = (max(weight, old_weight), max(cover, old_cover))


@dataclass
class QueryPlan:
    groups: list[Group] = field(default_factory=list)
    concepts: list[Concept] = field(default_factory=list)
    related: list[Concept] = field(default_factory=list)  # broader and narrower, ranked lower
    corrections: list[tuple[str, str]] = field(default_factory=list)
    prefix: str = ""  # the word being typed (search as you type)
    completions: list[str] = field(default_factory=list)
    highlight: set[str] = field(default_factory=set)  # light keys to mark in snippets
    snippet_hits: dict[str, bool] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not self.groups

    @property
    def corrected_query(self) -> str:
        return " ".join(group.text for group in self.groups)


def _word_terms(word: str) -> set[str]:
    return {stem(word, language) for language in LANGUAGES} | {fold(word)}


def _known_words(candidates: set[str]) -> set[str]:
    if not candidates:
        return set()
    return set(SearchWord.objects.filter(word__in=candidates).values_list("word", flat=True))


def _starting_with(prefix: str) -> QuerySet[SearchWord]:
    """A range on the word's index (LIKE would scan the table on SQLite)."""
    return SearchWord.objects.filter(word__gte=prefix, word__lt=prefix + "\uffff")


def correct(word: str) -> str:
    """The nearest word of the index's vocabulary (edit distance 1, or 2 for longer words),
    among words of about the same length that start with the same two letters; '' if none."""
    folded = fold(word)
    if len(folded) < 4 or not folded.isalpha():
        return ""
    limit = 1 if len(folded) < 7 else 2
    candidates = (
        _starting_with(folded[:2])
        .annotate(size=Length("word"))
        .filter(size__gte=len(folded) - limit, size__lte=len(folded) + limit)
        .values_list("word", flat=True)
    )
    best: tuple[int, int, str] | None = None
    for candidate in candidates:
        distance = Levenshtein.distance(folded, candidate, score_cutoff=limit)
        if distance <= limit:
            key = (distance, abs(len(candidate) - len(folded)), candidate)
            if best is None or key < best:
                best = key
    return best[2] if best else ""


def completions(prefix: str) -> list[str]:
    """Words of the vocabulary that start with what is being typed, shortest first."""
    folded = fold(prefix)
    if len(folded) < 3:
        return []
    words = _starting_with(folded).order_by("word")
    found = sorted(words.values_list("word", flat=True)[:200], key=lambda w: (len(w), w))
    return found[:CANDIDATE_LIMIT]


def plan_query(query: str, matcher: Thesaurus | None = None, *, typing: bool = False) -> QueryPlan:
    """The groups of a query, one per word, each with its terms: the word stemmed in the three
    languages, its compound parts, the thesaurus concept it is part of with the concept's
    narrower and broader concepts; unknown words corrected; the word being typed completed."""
    matcher = matcher or thesaurus()
    found = positions(query)[:MAX_QUERY_WORDS]
    plan = QueryPlan()
    if not found:
        return plan
    primaries = [words[0] for words in found]
    known = _known_words({fold(w) for words in found for w in words})
    label_firsts = set(matcher.labels)
    last = len(found) - 1
    if typing and len(primaries[last]) >= 3:
        plan.prefix = primaries[last]
        plan.completions = [w for w in completions(plan.prefix) if w != fold(plan.prefix)]
    corrected = list(primaries)
    for i, word in enumerate(primaries):
        if fold(word) in known or light_key(word) in label_firsts:
            continue
        if any(fold(part) in known for part in found[i][1:]):
            continue
        if i == last and plan.completions:
            continue
        better = correct(word)
        if better and better != fold(word):
            plan.corrections.append((word, better))
            corrected[i] = better
    keys = [light_key(word) for word in corrected]
    in_concept: dict[int, int] = {}
    for start, size, concept_id in matcher.match(keys):
        for i in range(start, start + size):
            in_concept[i] = concept_id
    for i, word in enumerate(corrected):
        group = Group(word)
        for term in _word_terms(word):
            group.add(term, 1.0)
        parts = found[i][1:] if word == primaries[i] else list(split_compound(fold(word)))
        for part in parts:
            for term in _word_terms(part):
                group.add(term, QUERY_PART_WEIGHT, cover=0.0)
            plan.highlight.add(light_key(part))
        plan.highlight.add(light_key(word))
        named = in_concept.get(i)
        if named is not None:
            concept = matcher.concepts[named]
            group.add(concept_term(concept.code), 1.0)
            for other in matcher.narrower.get(named, ()):
                group.add(concept_term(matcher.codes[other]), NARROWER_WEIGHT, NARROWER_WEIGHT)
                plan.related.append(matcher.concepts[other])
            for other in matcher.broader.get(named, ()):
                group.add(concept_term(matcher.codes[other]), BROADER_WEIGHT, BROADER_WEIGHT)
                plan.related.append(matcher.concepts[other])
            if concept not in plan.concepts:
                plan.concepts.append(concept)
                for label in concept.all_labels():
                    plan.highlight.update(label_keys(label))
        if i == last:
            for completion in plan.completions:
                for term in _word_terms(completion):
                    group.add(term, COMPLETION_WEIGHT)
                key = light_key(completion)
                for label_key_seq, concept_id in matcher.labels.get(key, ()):
                    if label_key_seq == (key,):  # a completion that is a concept's label
                        group.add(concept_term(matcher.codes[concept_id]), COMPLETION_WEIGHT)
        plan.groups.append(group)
    for i in range(1, len(corrected)):
        # Words next to each other in the query and in a text: a bonus, not a requirement.
        pairs = {
            phrase_term(stem(corrected[i - 1], language), stem(corrected[i], language))
            for language in LANGUAGES
        }
        for term in pairs:
            plan.groups[i].add(term, PHRASE_WEIGHT, cover=0.0)
    plan.related = list(dict.fromkeys(c for c in plan.related if c not in plan.concepts))
    return plan


# --- ranking in SQL --------------------------------------------------------------------------

FILTERS = ("kind", "language", "country", "city", "keyword")


def filtered(filters: dict[str, str]) -> QuerySet[SearchSource]:
    sources = SearchSource.objects.all()
    for name in ("kind", "language", "country", "city"):
        if filters.get(name):
            sources = sources.filter(**{name: filters[name]})
    if (keyword_id := whole_number(filters.get("keyword"))) is not None:
        sources = sources.filter(keywords__id=keyword_id)
    return sources


FACETS = ("kind", "language", "country", "city")  # columns of the source; and keyword


@dataclass
class Matched:
    """The matched sources counted: in all, by each facet's values, and by keyword (the
    FACET_SIZE most frequent, as (keyword id, count))."""

    total: int = 0
    counts: dict[str, dict[str, int]] = field(default_factory=lambda: {name: {} for name in FACETS})
    keywords: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class WeightedTerm:
    term_id: int
    weight: float  # query weight x idf
    group: int
    cover: float


class Ranker:
    """BM25 over the plan's terms, grouped by source; every statement has fixed parameters."""

    def __init__(self, plan: QueryPlan, filters: dict[str, str]) -> None:
        self.plan = plan
        self.filters = filters
        self.terms: list[WeightedTerm] = []
        self.average_length = 1.0
        self.strong_only = True
        # The bounds the overview read: by strong_only, how many were asked for and the rows.
        self._known_bounds: dict[bool, tuple[int, list[tuple[int, float]]]] = {}
        # The best passages of the sources last scored exactly, best first.
        self._passages: dict[int, list[int]] = {}
        self._prepare()

    def _prepare(self) -> None:
        wanted: dict[str, list[tuple[int, float, float]]] = defaultdict(list)
        for index, group in enumerate(self.plan.groups):
            for term, (weight, cover) in group.terms.items():
                wanted[term[:100]].append((index, weight, cover))
        # Each term with the number of passages that hold it, in one query (summed from the
        # index of the sources' terms alone: a row a source rather than a passage).
        postings = (
            SearchSourceTerm.objects.filter(term_id=OuterRef("id"))
            .order_by()
            .values("term_id")
            .annotate(n=Sum("passages"))
            .values("n")
        )
        found = SearchTerm.objects.filter(term__in=list(wanted)).annotate(n=Subquery(postings))
        df = {term: (term_id, n or 0) for term, term_id, n in found.values_list("term", "id", "n")}
        if not df:
            return
        entries, self.average_length = _collection_stats()
        for term, (term_id, n) in df.items():
            idf = math.log(1 + (entries - n + 0.5) / (n + 0.5))
            for index, weight, cover in wanted[term]:
                self.terms.append(WeightedTerm(term_id, weight * idf, index, cover))

    @property
    def usable(self) -> bool:
        return bool(self.terms)

    def _values(self) -> tuple[str, list[Any]]:
        rows = []
        params: list[Any] = []
        for term in self.terms:
            # Typed, so that PostgreSQL computes in double precision rather than numeric.
            rows.append("(%s, CAST(%s AS DOUBLE PRECISION), %s, CAST(%s AS DOUBLE PRECISION))")
            cover = term.cover if (term.cover or self.strong_only) else LOOSE_COVER
            params += [term.term_id, float(term.weight), term.group, float(cover)]
        return "q(term_id, weight, grp, cover) AS (VALUES " + ", ".join(rows) + ")", params

    def _source_filter(self, alias: str) -> tuple[str, list[Any]]:
        if not any(self.filters.get(name) for name in FILTERS):
            return "", []
        sql, params = filtered(self.filters).values("id").query.sql_with_params()
        return f" AND {alias}.source_id IN ({sql})", list(params)

    def _covered(self) -> str:
        """How much of the query the rows grouped cover: the best cover of each group's terms,
        summed over the groups; one aggregate per group (at most MAX_QUERY_WORDS) in the one
        pass over the rows, rather than a grouping per group first (a third of the time of a
        word found in every passage)."""
        groups = max(1, len(self.plan.groups))
        return " + ".join(
            f"MAX(CASE WHEN q.grp = {index} THEN q.cover ELSE 0 END)" for index in range(groups)
        )

    def _coverage_factor(self) -> float:
        groups = max(1, len(self.plan.groups))
        return COVERAGE / (groups * groups)

    def _scored(
        self, extra_where: str = "", extra_params: Sequence[Any] = ()
    ) -> tuple[str, list[Any]]:
        """The CTEs: q (the weighted terms), passages (score and cover per passage), ranked
        and sources."""
        values, params = self._values()
        where, where_params = self._source_filter("p")
        # samen's own fragments and constants; term ids, weights and filters are parameters.
        # The constants are typed: an untyped number is numeric to PostgreSQL, which then
        # multiplied every posting's length in numeric arithmetic (a word in 13,000 passages:
        # 19 ms, in double precision 14 ms).
        sql = (
            f"WITH {values}, passages AS ("  # noqa: S608
            " SELECT p.entry_id, p.source_id,"
            " SUM(q.weight * p.tf / (p.tf + %s + CAST(%s AS DOUBLE PRECISION) * p.length))"
            " AS score,"
            f" {self._covered()} AS covered"
            " FROM hub_searchposting p JOIN q ON q.term_id = p.term_id"
            f" WHERE 1 = 1{where}{extra_where}"
            " GROUP BY p.entry_id, p.source_id"
            "), ranked AS ("
            " SELECT entry_id, source_id,"
            " score * (1 + CAST(%s AS DOUBLE PRECISION) * covered * covered) AS score"
            " FROM passages WHERE covered > 0"
            "), sources AS ("
            " SELECT source_id,"
            " MAX(score) + CAST(%s AS DOUBLE PRECISION) * (SUM(score) - MAX(score)) AS score"
            " FROM ranked GROUP BY source_id"
            ")"
        )
        # BM25: tf * (k1 + 1) / (tf + k1 * (1 - b + b * length / average)); the constant
        # factor k1 + 1 is left out (it does not change the order).
        constants = [
            K1 * (1 - B),
            K1 * B / self.average_length,
            self._coverage_factor(),
            OTHER_PASSAGES,
        ]
        return sql, [*params, *constants[:2], *where_params, *extra_params, *constants[2:]]

    def _bounded(self) -> tuple[str, list[Any]]:
        """The CTEs q and bounds: every matched source with an upper bound of its score, read
        from the summaries of the sources' terms (``SearchSourceTerm``), not their passages.
        Per term, a passage's BM25 part tf / (tf + k1 (1 - b) + k1 b length / average) grows
        with tf and falls with the length, so the source's largest frequency and shortest
        passage bound its best passage; the sum over its passages is at most n f(sum / n), f
        being concave (Jensen). The coverage is at most that of every term the source holds. A
        bound at least the score is all the early stop below needs. A source is matched when it
        covers some of the query (``covered > 0``): the sources the total and the facets count."""
        values, params = self._values()
        # The filters apply to the sources summed (a source's rows are summed before its
        # language or place is looked up once, not once a term).
        where, where_params = self._source_filter("summed")
        sql = (
            f"WITH {values}, bounds AS (SELECT source_id,"  # noqa: S608 - see _scored
            " (1 + CAST(%s AS DOUBLE PRECISION) * covered * covered) * raw AS bound"
            " FROM (SELECT s.source_id,"
            " SUM(q.weight * ("
            " CAST(%s AS DOUBLE PRECISION) * s.max_tf / (s.max_tf + CAST(%s AS DOUBLE PRECISION)"
            " + CAST(%s AS DOUBLE PRECISION) * s.min_length)"
            " + CAST(%s AS DOUBLE PRECISION) * s.sum_tf / (s.sum_tf / s.passages"
            " + CAST(%s AS DOUBLE PRECISION) + CAST(%s AS DOUBLE PRECISION) * s.min_length)"
            ")) AS raw,"
            f" {self._covered()} AS covered"
            " FROM hub_searchsourceterm s JOIN q ON q.term_id = s.term_id"
            " GROUP BY s.source_id) summed"
            f" WHERE covered > 0{where})"
        )
        # score = best + other (sum - best) = (1 - other) best + other sum, both parts positive.
        a, c = K1 * (1 - B), K1 * B / self.average_length
        constants = [1 - OTHER_PASSAGES, a, c, OTHER_PASSAGES, a, c]
        return sql, [*params, self._coverage_factor(), *constants, *where_params]

    def _bounds(self, limit: int) -> list[tuple[int, float]]:
        """The first ``limit`` matched sources by the upper bound of their score, highest first
        (ties by id); the overview's first ones when it read enough of them."""
        known = self._known_bounds.get(self.strong_only)
        if known is not None and (limit <= known[0] or len(known[1]) < known[0]):
            return known[1][:limit]
        cte, params = self._bounded()
        sql = f"{cte} SELECT source_id, bound FROM bounds"  # noqa: S608 - see _scored
        with connection.cursor() as cursor:
            cursor.execute(sql + " ORDER BY bound DESC, source_id LIMIT %s", [*params, limit])
            return [(row[0], float(row[1])) for row in cursor.fetchall()]

    def overview(self) -> Matched:
        """What the facets and the first page need, in one pass over the matched sources: their
        number, their counts by type, language, country, city and keyword, and the first round
        of the ranking's bounds (kept for ``_bounds``). One statement rather than a count, a
        keyword count and the bounds, each a pass of its own over every matched source."""
        cte, params = self._bounded()
        # samen's own table and column names only (FACETS); the values are parameters.
        source = SearchSource._meta.db_table
        through = SearchSource.keywords.through._meta.db_table
        columns = ", ".join(FACETS)
        blank = ", ".join(["''"] * len(FACETS))
        limit = FIRST_CANDIDATES + 1
        sql = (
            f"{cte}, matched AS (SELECT b.source_id, b.bound, {columns}"  # noqa: S608
            f" FROM bounds b JOIN {source} h ON h.id = b.source_id)"
            # the first bounds
            f" SELECT 'best', {blank}, source_id, bound FROM (SELECT source_id, bound"
            " FROM matched ORDER BY bound DESC, source_id LIMIT %s) best"
            # one grouping by every facet's column (a few hundred combinations at most) rather
            # than one a facet, each a pass over every matched source
            f" UNION ALL SELECT 'facets', {columns}, COUNT(*), 0 FROM matched GROUP BY {columns}"
            # the most frequent keywords
            f" UNION ALL SELECT 'keyword', {blank}, keyword_id, n FROM (SELECT k.keyword_id,"
            f" COUNT(*) AS n FROM matched m JOIN {through} k ON k.searchsource_id = m.source_id"
            " GROUP BY k.keyword_id ORDER BY n DESC, k.keyword_id LIMIT %s) top"
        )
        matched = Matched()
        best: list[tuple[int, float]] = []
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, limit, FACET_SIZE])
            for part, *values, number, bound in cursor.fetchall():
                if part == "best":
                    best.append((int(number), float(bound)))
                elif part == "keyword":
                    matched.keywords.append((int(number), int(bound)))
                else:
                    matched.total += int(number)
                    for name, value in zip(FACETS, values, strict=True):
                        if value:
                            counts = matched.counts[name]
                            counts[value] = counts.get(value, 0) + int(number)
        best.sort(key=lambda row: (-row[1], row[0]))  # the order UNION ALL does not promise
        matched.keywords.sort(key=lambda row: (-row[1], row[0]))
        self._known_bounds = {self.strong_only: (limit, best)}
        return matched

    def _exact(self, source_ids: Sequence[int]) -> list[tuple[int, float]]:
        """The scores of these sources, ranked; and, kept for ``best_passages``, the best
        passages of each, read in the same statement (a source's passages are ranked anyway
        to score it: the page does not rank them again)."""
        marks = ", ".join(["%s"] * len(source_ids))
        cte, params = self._scored(f" AND p.source_id IN ({marks})", list(source_ids))
        sql = (
            f"{cte} SELECT source_id, score, NULL FROM sources UNION ALL"  # noqa: S608 - see _scored
            " SELECT source_id, score, entry_id FROM (SELECT source_id, entry_id, score,"
            " ROW_NUMBER() OVER (PARTITION BY source_id ORDER BY score DESC, entry_id) AS n"
            " FROM ranked) best WHERE n <= %s"
        )
        ranked: list[tuple[int, float]] = []
        passages: dict[int, list[tuple[float, int]]] = defaultdict(list)
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, BEST_PASSAGES])
            for source_id, score, entry_id in cursor.fetchall():
                if entry_id is None:
                    ranked.append((source_id, float(score)))
                else:
                    passages[source_id].append((-float(score), entry_id))
        self._passages = {
            source_id: [entry_id for _score, entry_id in sorted(found)]
            for source_id, found in passages.items()
        }
        ranked.sort(key=lambda row: (-row[1], row[0]))
        return ranked

    def _all_ranked(self, offset: int, limit: int) -> list[tuple[int, float]]:
        """Every matched source scored, one page of them returned."""
        cte, params = self._scored()
        sql = f"{cte} SELECT source_id, score FROM sources"  # noqa: S608 - see _scored
        sql += " ORDER BY score DESC, source_id LIMIT %s OFFSET %s"
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, limit, offset])
            return [(row[0], float(row[1])) for row in cursor.fetchall()]

    def source_ids(self, offset: int, limit: int) -> list[tuple[int, float]]:
        """One page of the ranking, stopping early: score exactly the sources with the highest
        bounds; when the last wanted score is above the bound of every source not scored, no
        other source can enter the page (ties go by id, so an equal bound is not enough). Else
        score more candidates, and past ``MAX_CANDIDATES`` every source (deep pages)."""
        wanted = offset + limit
        batch = max(FIRST_CANDIDATES, 2 * wanted)
        while batch <= MAX_CANDIDATES:
            bounds = self._bounds(batch + 1)
            if not bounds:  # nothing matches (any more: counted before a deletion)
                return []
            ranked = self._exact([source_id for source_id, _bound in bounds[:batch]])
            if len(bounds) <= batch:  # every matched source was scored
                return ranked[offset:wanted]
            if len(ranked) >= wanted and ranked[wanted - 1][1] > bounds[batch][1] * BOUND_SLACK:
                return ranked[offset:wanted]
            batch *= 4
        return self._all_ranked(offset, limit)

    def best_passages(
        self, source_ids: Sequence[int], per_source: int = BEST_PASSAGES
    ) -> dict[int, list[int]]:
        """The best passages of each source, best first: those the exact scores read, when
        they were of these sources."""
        if not source_ids:
            return {}
        if per_source == BEST_PASSAGES and all(s in self._passages for s in source_ids):
            return {source_id: self._passages[source_id] for source_id in source_ids}
        marks = ", ".join(["%s"] * len(source_ids))
        cte, params = self._scored(f" AND p.source_id IN ({marks})", list(source_ids))
        sql = f"{cte} SELECT source_id, entry_id FROM ranked"  # noqa: S608 - see _scored
        sql += " ORDER BY score DESC, entry_id"
        best: dict[int, list[int]] = defaultdict(list)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            for source_id, entry_id in cursor.fetchall():
                if len(best[source_id]) < per_source:
                    best[source_id].append(entry_id)
        return best


# The row of ``SearchStatistics`` from the passages, where it is missing (emptied with every
# table, as a test's flush does); the triggers of migration hub 0009 keep it from then on.
FILL_STATISTICS = (
    f"INSERT INTO {SearchStatistics._meta.db_table} (id, passages, length)"  # noqa: S608
    f" SELECT 1, COUNT(*), COALESCE(SUM(length), 0) FROM {SearchEntry._meta.db_table}"
    # a WHERE before the upsert's clause, which SQLite would read as the join's ON otherwise
    " WHERE 1 = 1 ON CONFLICT (id) DO NOTHING"
)


def _collection_stats() -> tuple[int, float]:
    """The number of passages and their average length (for BM25), from the one row the
    database keeps (decision 0025): exact after every change, and no pass over the passages."""
    row = SearchStatistics.objects.filter(pk=1).values_list("passages", "length").first()
    if row is None:
        with connection.cursor() as cursor:
            cursor.execute(FILL_STATISTICS)
        row = SearchStatistics.objects.filter(pk=1).values_list("passages", "length").get()
    passages, length = row
    return max(1, passages), (length / passages if passages and length else 1.0)


class RankedResults(Sequence[Any]):
    """The ranked sources, read one page at a time (Django's Paginator slices this)."""

    def __init__(self, ranker: Ranker, total: int) -> None:
        self.ranker = ranker
        self.total = total

    def __len__(self) -> int:
        return self.total

    def count(self) -> int:  # type: ignore[override]
        return self.total

    def __getitem__(self, index: Any) -> Any:
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start = index.start or 0
        stop = self.total if index.stop is None else index.stop
        if stop <= start:
            return []
        ranked = self.ranker.source_ids(start, stop - start)
        ids = [source_id for source_id, _score in ranked]
        sources = SearchSource.objects.select_related("profile", "practice", "document").in_bulk(
            ids
        )
        passages = self.ranker.best_passages(ids)
        entry_ids = [e for found in passages.values() for e in found]
        entries = SearchEntry.objects.in_bulk(entry_ids)
        hits = []
        for source_id, score in ranked:
            if source_id not in sources:
                continue
            best = [entries[e] for e in passages.get(source_id, []) if e in entries]
            hits.append(Hit(sources[source_id], best, score))
        return hits


@dataclass
class Hit:
    source: SearchSource
    passages: list[SearchEntry]
    score: float


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class SearchResult:
    plan: QueryPlan
    results: RankedResults | None
    facets: dict[str, list[FacetValue]]
    total: int
    # True when nothing matched the query's words themselves and the results come from the
    # parts of its words and from broader and narrower concepts only.
    loose: bool = False


def search(query: str, filters: dict[str, str], *, typing: bool = False) -> SearchResult:
    """Plan, match, count and facet in SQL; the results are read a page at a time. ``typing``:
    the last word is still being typed (search as you type) and also matches its completions."""
    plan = plan_query(query, typing=typing)
    if plan.empty:
        return SearchResult(plan, None, {}, 0)
    ranker = Ranker(plan, filters)
    if not ranker.usable:
        return SearchResult(plan, None, {}, 0)
    matched = ranker.overview()
    loose = False
    if not matched.total:
        ranker.strong_only = False
        matched = ranker.overview()
        loose = bool(matched.total)
    facets = _facets(matched, filters)
    return SearchResult(plan, RankedResults(ranker, matched.total), facets, matched.total, loose)


def _facets(matched: Matched, filters: dict[str, str]) -> dict[str, list[FacetValue]]:
    """The facets of the matched sources counted by the overview, labelled in the reader's
    language, the most frequent values first."""
    from samen.hub.models import Language
    from samen.hub.places import country_name

    if not matched.total:
        return {}
    kinds = {str(k): str(v) for k, v in SearchSource.Kind.choices}
    languages = {str(k): str(v) for k, v in Language.choices}

    def label(name: str, value: str) -> str:
        if name == "kind":
            return kinds.get(value, value)
        if name == "language":
            return languages.get(value, value)
        if name == "country":
            return country_name(value)
        return value

    facets: dict[str, list[FacetValue]] = {}
    for name in FACETS:
        counts = matched.counts[name]
        top = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:FACET_SIZE]
        facets[name] = [
            FacetValue(value, label(name, value), n, filters.get(name) == value) for value, n in top
        ]
    keywords = Keyword.objects.select_related("concept").in_bulk(
        [keyword_id for keyword_id, _n in matched.keywords]
    )
    facets["keyword"] = [
        FacetValue(
            str(keyword_id),
            keywords[keyword_id].display_label,
            n,
            filters.get("keyword") == str(keyword_id),
        )
        for keyword_id, n in matched.keywords
        if keyword_id in keywords
    ]
    return facets


# --- the plain baseline (for the evaluation) ---------------------------------------------------


def baseline_search(query: str, limit: int = 10) -> list[SearchSource]:
    """A plain ranked search: any word, stemmed as each language, BM25, no thesaurus, no
    compounds, no typo correction, no boost for covering all words (``samen hub-evaluate``)."""
    plan = QueryPlan()
    for words in positions(query)[:MAX_QUERY_WORDS]:
        group = Group(words[0])
        for term in _word_terms(words[0]):
            group.add(term, 1.0)
        plan.groups.append(group)
    if plan.empty:
        return []
    ranker = Ranker(plan, {})
    if not ranker.usable:
        return []
    saved = globals()["COVERAGE"], globals()["OTHER_PASSAGES"]
    try:
        globals()["COVERAGE"], globals()["OTHER_PASSAGES"] = 0.0, 0.0
        ranked = ranker.source_ids(0, limit)
    finally:
        globals()["COVERAGE"], globals()["OTHER_PASSAGES"] = saved
    sources = SearchSource.objects.in_bulk([s for s, _ in ranked])
    return [sources[s] for s, _ in ranked if s in sources]


# --- snippets ----------------------------------------------------------------------------

_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
SNIPPET_WORDS = 40


@lru_cache(maxsize=50_000)
def _word_keys(lowered: str) -> tuple[str, frozenset[str], str]:
    """What a snippet compares a word of a text with: its light key, its stems in each
    language and its folded form; the same for every query, so kept across pages."""
    return light_key(lowered), frozenset(stem(lowered, other) for other in LANGUAGES), fold(lowered)


def snippet(text: str, plan: QueryPlan, language: str = "") -> SafeString:
    """The window of the text with the most matches, with the matching words in <mark>."""
    wanted = plan.highlight
    stems = {
        term
        for group in plan.groups
        for term, (_weight, cover) in group.terms.items()
        if cover and not term.startswith("~")
    }
    prefix = fold(plan.prefix) if plan.prefix else ""
    tokens = list(_TOKEN.finditer(text))
    if not tokens:
        return mark_safe("")

    known = plan.snippet_hits  # the answer per word, shared by the snippets of one page

    def hit(word: str) -> bool:
        lowered = word.lower()
        if lowered not in known:
            known[lowered] = matches(lowered)
        return known[lowered]

    def matches(lowered: str) -> bool:
        if lowered in ALL_STOP_WORDS or len(lowered) < 2:
            return False
        key, word_stems, folded = _word_keys(lowered)
        if key in wanted or not stems.isdisjoint(word_stems):
            return True
        if language and language not in LANGUAGES and stem(lowered, language) in stems:
            return True
        return bool(prefix) and folded.startswith(prefix)

    hits = [i for i, token in enumerate(tokens) if hit(token.group())]
    first = 0
    if hits:
        # The hit that starts the window with the most hits (hits are in order).
        window = SNIPPET_WORDS - 8
        best, most, end = hits[0], 0, 0
        for index, start_hit in enumerate(hits):
            while end < len(hits) and hits[end] < start_hit + window:
                end += 1
            if end - index > most:
                best, most = start_hit, end - index
        first = best
    start_token = max(0, first - 8)
    end_token = min(len(tokens), start_token + SNIPPET_WORDS)
    start = tokens[start_token].start() if start_token else 0
    end = tokens[end_token - 1].end()
    # Escaped a stretch at a time (escaping is per character, so the stretches between the
    # marked words escape as their words and spaces would one by one).
    out: list[str] = ["… " if start else ""]
    position = start
    for i in hits:
        if start_token <= i < end_token:
            token = tokens[i]
            out.append(html.escape(text[position : token.start()]))
            out.append(f"<mark>{html.escape(token.group())}</mark>")
            position = token.end()
    out.append(html.escape(text[position:end]))
    if end < len(text):
        out.append(" …")
    return mark_safe("".join(out).replace("\n", " "))  # noqa: S308 - every piece is escaped


def fingerprint(text: str, size: int = 64) -> str:
    """The smallest hashes of a text's word triples (MinHash), to recognise near copies."""
    tokens = [fold(w) for w in _TOKEN.findall(text)]
    shingles = {" ".join(tokens[i : i + 3]) for i in range(max(1, len(tokens) - 2))}
    hashes = sorted(
        int.from_bytes(hashlib.blake2b(s.encode(), digest_size=8).digest(), "big") for s in shingles
    )[:size]
    return " ".join(f"{h:016x}" for h in hashes)


def resemblance(a: str, b: str) -> float:
    """Estimated share of word triples two fingerprints have in common (0..1)."""
    first, second = a.split(), b.split()
    if not first or not second:
        return 0.0
    size = min(len(first), len(second))
    union = sorted(set(first) | set(second))[:size]
    both = set(first) & set(second)
    return sum(1 for h in union if h in both) / size
