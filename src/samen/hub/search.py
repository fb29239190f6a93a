"""Search of the knowledge hub: the index entries, the query plan and the SQL per database.

The query language is not known, so every query word is stemmed as Dutch, English and French;
thesaurus concepts named in the query are expanded to their labels in all three languages.
A plan is a conjunction of groups; a group is a disjunction of alternatives (the words typed,
or a concept's labels); an alternative is a conjunction of words. The plan becomes an FTS5
MATCH expression on SQLite and a tsquery on PostgreSQL; matching, ranking, counting and facets
run in SQL. Only the shown page of results is read into Python, for its snippets.
See docs/decisions/0006-hub-search.md.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Count, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.safestring import SafeString, mark_safe

from samen.hub.language import (
    ALL_STOP_WORDS,
    fold,
    stem,
    stemmed_text,
    stems_any_language,
    words,
)
from samen.hub.models import (
    CityProfile,
    Concept,
    Document,
    Keyword,
    Practice,
    SearchEntry,
    Section,
)

MAX_QUERY_WORDS = 12
FACET_SIZE = 12

# --- the index ---------------------------------------------------------------------------


def _keywords_text(keywords: Iterable[Keyword], concepts: Iterable[Concept] = ()) -> str:
    labels: list[str] = []
    for keyword in keywords:
        labels += keyword.concept.all_labels() if keyword.concept else [keyword.label]
    for concept in concepts:
        labels += concept.all_labels()
    return " · ".join(dict.fromkeys(labels))


def _entry(
    kind: str,
    *,
    title: str,
    body: str,
    keywords_text: str,
    language: str,
    city: str,
    country: str,
    **links: Any,
) -> SearchEntry:
    entry = SearchEntry(
        kind=kind,
        title=title[:900],
        body=body,
        keywords_text=keywords_text,
        language=language,
        city=city[:120],
        country=country[:120],
        **links,
    )
    if connection.vendor == "sqlite":
        entry.title_stem = stemmed_text(title, language)
        entry.keywords_stem = stemmed_text(keywords_text, language)
        entry.body_stem = stemmed_text(body, language)
    return entry


def _save_entries(entries: list[SearchEntry], keywords: list[Keyword]) -> None:
    created = SearchEntry.objects.bulk_create(entries)
    if keywords and created:
        through = SearchEntry.keywords.through
        through.objects.bulk_create(
            [through(searchentry_id=e.pk, keyword_id=k.pk) for e in created for k in keywords]
        )


def index_profile(profile: CityProfile) -> None:
    SearchEntry.objects.filter(profile=profile).delete()
    keywords = list(profile.keywords.select_related("concept"))
    initiatives = list(profile.initiatives.all())
    parts = [
        profile.background,
        profile.national_overview,
        profile.local_overview,
        *(f"{i.title}\n{i.description}" for i in initiatives),
        profile.working_groups,
        f"{profile.leader_role} {profile.leader_name}",
    ]
    entry = _entry(
        SearchEntry.Kind.PROFILE,
        title=f"{profile.city}, {profile.country}",
        body="\n\n".join(p for p in parts if p.strip()),
        keywords_text=_keywords_text(keywords),
        language=profile.language,
        city=profile.city,
        country=profile.country,
        profile=profile,
    )
    _save_entries([entry], keywords)


def index_practice(practice: Practice) -> None:
    SearchEntry.objects.filter(practice=practice).delete()
    keywords = list(practice.keywords.select_related("concept"))
    city = practice.city
    entry = _entry(
        SearchEntry.Kind.PRACTICE,
        title=practice.title,
        body=f"{practice.description}\n\n{practice.target_groups}".strip(),
        keywords_text=_keywords_text(keywords, practice.themes.all()),
        language=practice.language,
        city=city.city if city else "",
        country=city.country if city else "",
        practice=practice,
    )
    _save_entries([entry], keywords)


def index_document(document: Document) -> None:
    SearchEntry.objects.filter(document=document).delete()
    keywords = list(document.keywords.select_related("concept"))
    keywords_text = _keywords_text(keywords)
    city = document.city
    sections: list[Section] = list(document.sections.prefetch_related("actions"))
    entries = []
    for section in sections:
        actions = "\n".join(
            f"{a.title}. {a.description} {a.lead}".strip() for a in section.actions.all()
        )
        place = section.path or section.heading
        entries.append(
            _entry(
                SearchEntry.Kind.DOCUMENT,
                title=f"{document.title} — {place}" if place else document.title,
                body=f"{section.body}\n{actions}".strip(),
                keywords_text=keywords_text,
                language=document.language,
                city=city.city if city else "",
                country=city.country if city else "",
                document=document,
                section=section,
            )
        )
    _save_entries(entries, keywords)


# --- the query plan ----------------------------------------------------------------------

Alternative = tuple[str, ...]


@dataclass
class QueryPlan:
    groups: list[list[Alternative]] = field(default_factory=list)
    concepts: list[Concept] = field(default_factory=list)
    prefix: str = ""  # the word being typed (search as you type)

    @property
    def empty(self) -> bool:
        return not self.groups

    def stems(self) -> set[str]:
        """Every stem the plan looks for (to highlight snippets)."""
        found: set[str] = set()
        for group in self.groups:
            for alternative in group:
                for word in alternative:
                    found |= stems_any_language(word)
        return found


def _content_words(text: str) -> list[str]:
    return [w for w in words(text) if w not in ALL_STOP_WORDS]


def _same_word(a: str, b: str) -> bool:
    return bool(stems_any_language(a) & stems_any_language(b))


def plan_query(query: str, concepts: Sequence[Concept]) -> QueryPlan:
    """Words of the query, with the thesaurus concepts they name expanded to all labels."""
    query_words = _content_words(query)[:MAX_QUERY_WORDS]
    plan = QueryPlan()
    if not query_words:
        return plan
    labels: list[tuple[Alternative, Concept]] = []
    for concept in concepts:
        for label in concept.all_labels():
            label_words = tuple(_content_words(label))
            if label_words:
                labels.append((label_words, concept))
    labels.sort(key=lambda item: -len(item[0]))
    covered: dict[int, tuple[int, Concept]] = {}  # start -> (length, concept)
    taken: set[int] = set()
    for label_words, concept in labels:
        size = len(label_words)
        for start in range(len(query_words) - size + 1):
            span = set(range(start, start + size))
            if span & taken:
                continue
            if all(
                _same_word(q, w) for q, w in zip(query_words[start:], label_words, strict=False)
            ):
                covered[start] = (size, concept)
                taken |= span
    i = 0
    while i < len(query_words):
        if i in covered:
            size, concept = covered[i]
            alternatives: list[Alternative] = [tuple(query_words[i : i + size])]
            for label in concept.all_labels():
                label_words = tuple(_content_words(label))
                if label_words and label_words not in alternatives:
                    alternatives.append(label_words)
            plan.groups.append(alternatives)
            if concept not in plan.concepts:
                plan.concepts.append(concept)
            i += size
        else:
            plan.groups.append([(query_words[i],)])
            i += 1
    last = query_words[-1]
    if not query.endswith((" ", "\t")) and len(last) >= 3 and (len(query_words) - 1) not in taken:
        plan.prefix = last
    return plan


def _prefix_of(word: str) -> str:
    folded = re.sub(r"\W", "", fold(word))
    return folded[: max(3, len(folded) - 3)]


# --- SQLite: FTS5 ------------------------------------------------------------------------


def fts_expression(plan: QueryPlan) -> str:
    """Single-word alternatives of a group share one OR list of distinct stems."""

    def quoted(stems: Iterable[str]) -> str:
        return "(" + " OR ".join(f'"{s}"' for s in sorted(set(stems)) if s) + ")"

    groups = []
    for index, group in enumerate(plan.groups):
        single = set().union(*(stems_any_language(alt[0]) for alt in group if len(alt) == 1))
        alternatives = [quoted(single)] if single else []
        for alt in group:
            if len(alt) > 1:
                alternatives.append(" AND ".join(quoted(stems_any_language(w)) for w in alt))
        if plan.prefix and index == len(plan.groups) - 1:
            alternatives.append(f'"{_prefix_of(plan.prefix)}"*')
        groups.append("(" + " OR ".join(f"({a})" for a in alternatives) + ")")
    return " AND ".join(groups)


# --- PostgreSQL: tsquery -----------------------------------------------------------------


def tsquery_sql(plan: QueryPlan) -> tuple[str, list[str]]:
    params: list[str] = []

    def word_sql(word: str) -> str:
        params.extend([word] * 4)
        return (
            "(plainto_tsquery('dutch', %s) || plainto_tsquery('english', %s) || "
            "plainto_tsquery('french', %s) || plainto_tsquery('simple', %s))"
        )

    groups = []
    for index, group in enumerate(plan.groups):
        alternatives = ["(" + " && ".join(word_sql(w) for w in alt) + ")" for alt in group]
        if plan.prefix and index == len(plan.groups) - 1:
            prefix = re.sub(r"\W", "", plan.prefix.lower())[: max(3, len(plan.prefix) - 3)]
            if prefix:
                params.append(f"{prefix}:*")
                alternatives.append("to_tsquery('simple', %s)")
        groups.append("(" + " || ".join(alternatives) + ")")
    return " && ".join(groups), params


# --- running a search --------------------------------------------------------------------

FILTERS = ("kind", "language", "country", "city", "keyword")


def _matching_ids(plan: QueryPlan) -> RawSQL:
    if connection.vendor == "postgresql":
        sql, params = tsquery_sql(plan)
        # The SQL is samen's own fragments; every query word is a parameter.
        where = f"search_vector @@ ({sql})"
        return RawSQL("SELECT id FROM hub_searchentry WHERE " + where, params)  # noqa: S608, S611
    return RawSQL(
        "SELECT rowid FROM hub_search_fts WHERE hub_search_fts MATCH %s", [fts_expression(plan)]
    )


def filtered(filters: dict[str, str]) -> QuerySet[SearchEntry]:
    entries = SearchEntry.objects.all()
    for name in ("kind", "language", "country", "city"):
        if filters.get(name):
            entries = entries.filter(**{name: filters[name]})
    if filters.get("keyword", "").isdigit():
        entries = entries.filter(keywords__id=int(filters["keyword"]))
    return entries


class RankedResults(Sequence[SearchEntry]):
    """The ranked matches, read one page at a time (Django's Paginator slices this)."""

    def __init__(self, plan: QueryPlan, filters: dict[str, str], total: int) -> None:
        self.plan = plan
        self.filters = filters
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
        ids = self._ranked_ids(start, max(0, stop - start))
        by_id = SearchEntry.objects.select_related("profile", "practice", "document").in_bulk(ids)
        return [by_id[i] for i in ids if i in by_id]

    def _ranked_ids(self, offset: int, limit: int) -> list[int]:
        if limit == 0:
            return []
        subquery, sub_params = "", ()
        if any(self.filters.get(name) for name in FILTERS):
            subquery, sub_params = filtered(self.filters).values("id").query.sql_with_params()
        # The SQL is samen's own fragments; query words and filter values are parameters.
        if connection.vendor == "postgresql":
            tsquery, params = tsquery_sql(self.plan)
            sql = " ".join(
                [
                    "SELECT e.id FROM hub_searchentry e,",
                    f"(SELECT ({tsquery}) AS query) q",
                    "WHERE e.search_vector @@ q.query",
                    f"AND e.id IN ({subquery})" if subquery else "",
                    "ORDER BY ts_rank_cd(e.search_vector, q.query) DESC, e.id",
                    "LIMIT %s OFFSET %s",
                ]
            )
            all_params: list[Any] = [*params, *sub_params, limit, offset]
        else:
            sql = " ".join(
                [
                    "SELECT rowid FROM hub_search_fts WHERE hub_search_fts MATCH %s",
                    f"AND rowid IN ({subquery})" if subquery else "",
                    "ORDER BY bm25(hub_search_fts, 10.0, 4.0, 1.0), rowid",
                    "LIMIT %s OFFSET %s",
                ]
            )
            all_params = [fts_expression(self.plan), *sub_params, limit, offset]
        with connection.cursor() as cursor:
            cursor.execute(sql, all_params)
            return [row[0] for row in cursor.fetchall()]


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


def search(query: str, filters: dict[str, str]) -> SearchResult:
    """Match, count and facet in SQL; the results are read a page at a time."""
    concepts = list(Concept.objects.all())
    plan = plan_query(query, concepts)
    if plan.empty:
        return SearchResult(plan, None, {}, 0)
    matched = filtered(filters).filter(id__in=_matching_ids(plan))
    total, facets = _facets(matched, filters)
    return SearchResult(plan, RankedResults(plan, filters, total), facets, total)


def _facets(
    matched: QuerySet[SearchEntry], filters: dict[str, str]
) -> tuple[int, dict[str, list[FacetValue]]]:
    """The total and the facets: one grouped query for type, language, country and city (the
    match is evaluated once), one for keywords."""
    from samen.hub.models import Language

    names = ("kind", "language", "country", "city")
    labels: dict[str, dict[str, str]] = {
        "kind": {str(k): str(v) for k, v in SearchEntry.Kind.choices},
        "language": {str(k): str(v) for k, v in Language.choices},
    }
    counts: dict[str, dict[str, int]] = {name: {} for name in names}
    total = 0
    for row in matched.values(*names).annotate(n=Count("id")).order_by():
        total += row["n"]
        for name in names:
            if row[name]:
                counts[name][row[name]] = counts[name].get(row[name], 0) + row["n"]
    facets: dict[str, list[FacetValue]] = {}
    for name in names:
        top = sorted(counts[name].items(), key=lambda item: (-item[1], item[0]))[:FACET_SIZE]
        facets[name] = [
            FacetValue(value, labels.get(name, {}).get(value, value), n, filters.get(name) == value)
            for value, n in top
        ]
    if not total:
        return 0, {}
    through = SearchEntry.keywords.through
    rows = list(
        through.objects.filter(searchentry_id__in=matched.values("id"))
        .values("keyword_id")
        .annotate(n=Count("id"))
        .order_by("-n", "keyword_id")[:FACET_SIZE]
    )
    keywords = Keyword.objects.select_related("concept").in_bulk([r["keyword_id"] for r in rows])
    facets["keyword"] = [
        FacetValue(
            str(r["keyword_id"]),
            keywords[r["keyword_id"]].display_label,
            r["n"],
            filters.get("keyword") == str(r["keyword_id"]),
        )
        for r in rows
        if r["keyword_id"] in keywords
    ]
    return total, facets


# --- snippets ----------------------------------------------------------------------------

_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
SNIPPET_WORDS = 40


def snippet(text: str, plan: QueryPlan, language: str = "") -> SafeString:
    """A window of the text around the first matches, with the matching words in <mark>."""
    wanted = plan.stems()
    prefix = _prefix_of(plan.prefix) if plan.prefix else ""
    tokens = list(_TOKEN.finditer(text))
    if not tokens:
        return mark_safe("")

    def hit(word: str) -> bool:
        lowered = word.lower()
        if lowered in ALL_STOP_WORDS:
            return False
        if language and stem(lowered, language) in wanted:
            return True
        if stems_any_language(lowered) & wanted:
            return True
        return bool(prefix) and fold(lowered).startswith(prefix)

    hits = [i for i, token in enumerate(tokens) if hit(token.group())]
    first = hits[0] if hits else 0
    start_token = max(0, first - 8)
    end_token = min(len(tokens), start_token + SNIPPET_WORDS)
    start = tokens[start_token].start() if start_token else 0
    end = tokens[end_token - 1].end()
    marked = set(hits)
    out: list[str] = ["… " if start else ""]
    position = start
    for i in range(start_token, end_token):
        token = tokens[i]
        out.append(html.escape(text[position : token.start()]))
        word = html.escape(token.group())
        out.append(f"<mark>{word}</mark>" if i in marked else word)
        position = token.end()
    if end < len(text):
        out.append(" …")
    return mark_safe("".join(out).replace("\n", " "))  # noqa: S308 - every piece is escaped
