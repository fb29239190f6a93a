"""Every change of the knowledge hub. Each runs in one transaction and writes its audit entry.

The search index (``SearchEntry``) is derived data: every action that changes a profile,
practice, document or thesaurus concept rebuilds the entries it touched in the same
transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from samen.audit.actor import Actor
from samen.audit.services import record
from samen.hub import search
from samen.hub.importing import ParsedDocument, ParsedKeyword, ParsedProfile, Vocabulary
from samen.hub.language import fold
from samen.hub.models import (
    CityProfile,
    Concept,
    Document,
    DocumentAction,
    ImportRecord,
    Initiative,
    Keyword,
    Practice,
    ProfileVersion,
    SearchEntry,
    SearchPosting,
    SearchSource,
    SearchSourceTerm,
    SearchTerm,
    SearchWord,
    Section,
)
from samen.hub.places import cities_in, countries_in, country_code

PROFILE_FIELDS = [
    "city",
    "country",
    "region",
    "population",
    "leader_name",
    "leader_role",
    "background",
    "national_overview",
    "local_overview",
    "working_groups",
    "sources",
    "unplaced_text",
    "language",
    "last_updated",
]


@dataclass(frozen=True)
class InitiativeData:
    title: str
    description: str = ""
    key: bool = True


def _user_label(actor: Actor) -> str:
    return str(actor.user.get_username()) if actor.user is not None else ""


# --- keywords and the thesaurus ----------------------------------------------------------


def vocabulary() -> Vocabulary:
    """Every label of the thesaurus and every free keyword, to recognise keywords."""
    known = Vocabulary()
    for concept in Concept.objects.all():
        for label in concept.all_labels():
            known.add(label, concept.code)
    for keyword in Keyword.objects.filter(concept__isnull=True):
        known.add(keyword.label, None)
    return known


def parse_keywords(text: str) -> list[ParsedKeyword]:
    """Keywords typed in a form, separated by commas or new lines."""
    known = vocabulary()
    labels = [part.strip() for part in text.replace("\n", ",").split(",") if part.strip()]
    result = []
    for label in labels:
        entry = known.entries.get(tuple(fold(label).split()))
        result.append(ParsedKeyword(label, entry[1] if entry else None))
    return result


def resolve_keywords(parsed: Iterable[ParsedKeyword]) -> list[Keyword]:
    """Keyword rows for labels: one per thesaurus concept, else one per folded label."""
    keywords: list[Keyword] = []
    concepts = {c.code: c for c in Concept.objects.all()}
    for item in parsed:
        concept = concepts.get(item.concept_code or "")
        if concept is not None:
            keyword, _ = Keyword.objects.get_or_create(
                concept=concept,
                defaults={"label": concept.label_en, "folded": f"concept:{concept.code}"},
            )
        else:
            folded = fold(item.label).strip()[:200]
            if not folded:
                continue
            keyword, _ = Keyword.objects.get_or_create(
                folded=folded, defaults={"label": item.label.strip()[:200]}
            )
        if keyword not in keywords:
            keywords.append(keyword)
    return keywords


def keywords_as_text(keywords: Iterable[Keyword]) -> str:
    return ", ".join(k.display_label for k in keywords)


# --- city profiles -----------------------------------------------------------------------


def _snapshot(profile: CityProfile) -> dict[str, Any]:
    data: dict[str, Any] = {name: getattr(profile, name) for name in PROFILE_FIELDS}
    data["population"] = profile.population
    data["last_updated"] = profile.last_updated.isoformat() if profile.last_updated else None
    data["initiatives"] = [
        {"title": i.title, "description": i.description, "key": i.key}
        for i in profile.initiatives.all()
    ]
    data["keywords"] = [k.display_label for k in profile.keywords.select_related("concept")]
    return data


def _unique_slug(city: str, country: str, exclude: int | None = None) -> str:
    base = slugify(f"{city}-{country}")[:100] or "city"
    slug, n = base, 2
    others = CityProfile.objects.exclude(pk=exclude) if exclude else CityProfile.objects.all()
    while others.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _apply_profile(
    profile: CityProfile,
    data: dict[str, Any],
    initiatives: Sequence[InitiativeData],
    keywords: list[Keyword],
) -> None:
    for name in PROFILE_FIELDS:
        if name in data:
            value = data[name]
            if value is None and name not in {"population", "last_updated"}:
                value = ""
            setattr(profile, name, value)
    profile.save()
    profile.initiatives.all().delete()
    Initiative.objects.bulk_create(
        [
            Initiative(
                profile=profile,
                position=n,
                title=i.title[:300],
                description=i.description,
                key=i.key,
            )
            for n, i in enumerate(initiatives)
            if i.title.strip()
        ]
    )
    profile.keywords.set(keywords)
    search.index_profile(profile)


def _keep_version(profile: CityProfile, change: str, actor: Actor) -> None:
    ProfileVersion.objects.create(
        profile=profile,
        number=profile.version,
        snapshot=_snapshot(profile),
        change=change,
        changed_by=_user_label(actor),
    )
    profile.version += 1


@transaction.atomic
def save_profile(
    actor: Actor,
    profile_id: int | None,
    data: dict[str, Any],
    initiatives: Sequence[InitiativeData],
    keywords: Iterable[ParsedKeyword],
) -> CityProfile:
    """Create a profile (``profile_id`` None), or update one keeping its previous state as a
    version. ``data`` holds the values of PROFILE_FIELDS; a country may be a code or a name."""
    resolved = resolve_keywords(keywords)
    data = dict(data)
    if "country" in data:
        data["country"] = country_code(str(data["country"] or ""))
    if profile_id is None:
        profile = CityProfile(slug=_unique_slug(data["city"], data.get("country", "")))
        action = "hub.profile.create"
    else:
        profile = CityProfile.objects.select_for_update().get(pk=profile_id)
        _keep_version(profile, "edit", actor)
        action = "hub.profile.update"
    _apply_profile(profile, data, initiatives, resolved)
    record(actor, action, profile)
    return profile


def find_profile(city: str, country: str) -> CityProfile | None:
    """The profile a re-import updates: same city and country (a name or a code)."""
    return (
        CityProfile.objects.filter(city__iexact=city.strip(), country=country_code(country))
        .order_by("pk")
        .first()
    )


@transaction.atomic
def import_profile(
    actor: Actor,
    parsed: ParsedProfile,
    *,
    text: str,
    source_name: str = "",
    source_format: str = "text",
) -> CityProfile:
    """Save an imported profile: new, or a newer version of an existing one (history kept)."""
    data: dict[str, Any] = {
        "city": parsed.city or "?",
        "country": country_code(parsed.country),
        "region": parsed.region,
        "population": parsed.population,
        "leader_name": parsed.leader_name,
        "leader_role": parsed.leader_role,
        "background": parsed.background,
        "national_overview": parsed.national_overview,
        "local_overview": parsed.local_overview,
        "working_groups": "\n".join(parsed.working_groups),
        "sources": "\n".join(parsed.sources),
        "unplaced_text": "\n\n".join(parsed.unplaced),
        "language": parsed.language,
        "last_updated": timezone.localdate(),
    }
    existing = find_profile(data["city"], data["country"])
    if existing is None:
        profile = CityProfile(slug=_unique_slug(data["city"], data["country"]))
    else:
        profile = CityProfile.objects.select_for_update().get(pk=existing.pk)
        _keep_version(profile, "import", actor)
    initiatives = [InitiativeData(i.title, i.description, i.key) for i in parsed.initiatives]
    _apply_profile(profile, data, initiatives, resolve_keywords(parsed.keywords))
    ImportRecord.objects.create(
        kind=ImportRecord.Kind.PROFILE,
        source_name=source_name[:255],
        source_format=source_format,
        text=text,
        imported_by=_user_label(actor),
        profile=profile,
    )
    record(actor, "hub.profile.import", profile)
    return profile


@transaction.atomic
def delete_profile(actor: Actor, profile_id: int) -> None:
    profile = CityProfile.objects.get(pk=profile_id)
    record(actor, "hub.profile.delete", profile)
    profile.delete()


# --- practices ---------------------------------------------------------------------------


@transaction.atomic
def save_practice(
    actor: Actor,
    practice_id: int | None,
    data: dict[str, Any],
    *,
    themes: Iterable[Concept] = (),
    keywords: Iterable[ParsedKeyword] = (),
) -> Practice:
    """Create a practice (``practice_id`` None) or update one; ``data["city"]`` is a profile's
    id or None."""
    action = "hub.practice.create" if practice_id is None else "hub.practice.update"
    practice = Practice() if practice_id is None else Practice.objects.get(pk=practice_id)
    for name in ("title", "description", "target_groups", "links", "language"):
        if name in data:
            setattr(practice, name, data[name] if data[name] is not None else "")
    if "city" in data:
        practice.city_id = data["city"]
    practice.save()
    practice.themes.set(list(themes))
    practice.keywords.set(resolve_keywords(keywords))
    search.index_practice(practice)
    record(actor, action, practice)
    return practice


@transaction.atomic
def delete_practice(actor: Actor, practice_id: int) -> None:
    practice = Practice.objects.get(pk=practice_id)
    record(actor, "hub.practice.delete", practice)
    practice.delete()


# --- documents ---------------------------------------------------------------------------


SIMILAR = 0.6  # share of word triples in common from which a text is the same document


def find_similar_document(text: str) -> tuple[Document, float] | None:
    """The document an import repeats or nearly repeats (its word triples mostly the same)."""
    wanted = search.fingerprint(text)
    best: tuple[Document, float] | None = None
    for document_id, other in Document.objects.exclude(fingerprint="").values_list(
        "pk", "fingerprint"
    ):
        share = search.resemblance(wanted, other)
        if share >= SIMILAR and (best is None or share > best[1]):
            best = (Document(pk=document_id), share)
    if best is None:
        return None
    return Document.objects.select_related("city").get(pk=best[0].pk), best[1]


def suggest_place(text: str, title: str = "") -> tuple[CityProfile | None, str]:
    """The city (a profile) and the country a document is about, from what it names most."""
    profiles = list(CityProfile.objects.only("pk", "city", "country"))
    weighted = f"{title} {title} {title} {text[:100_000]}"
    cities = cities_in(weighted, [p.city for p in profiles])
    city = None
    if cities:
        name, count = cities.most_common(1)[0]
        if count >= 2:
            city = next(p for p in profiles if p.city == name)
    if city is not None and city.country:
        return city, city.country
    countries = countries_in(weighted)
    country = countries.most_common(1)[0][0] if countries else ""
    return city, country


def _save_sections(document: Document, parsed: ParsedDocument) -> None:
    position = 0
    for n, parsed_section in enumerate(parsed.sections):
        section = Section.objects.create(
            document=document,
            position=n,
            heading=parsed_section.heading[:300],
            path=parsed_section.path[:600],
            level=parsed_section.level,
            body=parsed_section.body,
        )
        actions = []
        for parsed_action in parsed_section.actions:
            actions.append(
                DocumentAction(
                    document=document,
                    section=section,
                    position=position,
                    title=parsed_action.title[:300],
                    description=parsed_action.description,
                    lead=parsed_action.lead[:300],
                    partners=parsed_action.partners,
                )
            )
            position += 1
        DocumentAction.objects.bulk_create(actions)


@transaction.atomic
def import_document(
    actor: Actor,
    parsed: ParsedDocument,
    *,
    text: str,
    source_name: str = "",
    source_format: str = "text",
    title: str = "",
    city_id: int | None = None,
    country: str = "",
    keywords: Iterable[ParsedKeyword] = (),
    replace_id: int | None = None,
) -> Document:
    """Save an imported document with its sections and the actions it states; with
    ``replace_id``, the import replaces the text of that document (a re-import)."""
    values = {
        "title": (title or parsed.title or source_name or "?")[:300],
        "city_id": city_id,
        "country": country_code(country),
        "language": parsed.language,
        "source_format": source_format,
        "source_name": source_name[:255],
        "fingerprint": search.fingerprint(text),
    }
    if replace_id is None:
        document = Document.objects.create(**values)
        document.keywords.set(resolve_keywords(keywords))
        action = "hub.document.import"
    else:
        document = Document.objects.select_for_update().get(pk=replace_id)
        for name, value in values.items():
            setattr(document, name, value)
        document.save()
        document.sections.all().delete()
        if keywords:
            document.keywords.set(resolve_keywords(keywords))
        action = "hub.document.reimport"
    _save_sections(document, parsed)
    ImportRecord.objects.create(
        kind=ImportRecord.Kind.DOCUMENT,
        source_name=source_name[:255],
        source_format=source_format,
        text=text,
        imported_by=_user_label(actor),
        document=document,
        replaced=replace_id is not None,
    )
    search.index_document(document)
    record(actor, action, document)
    return document


@transaction.atomic
def update_document(
    actor: Actor,
    document_id: int,
    *,
    title: str,
    city_id: int | None,
    country: str,
    language: str,
    keywords: Iterable[ParsedKeyword],
) -> Document:
    document = Document.objects.select_for_update().get(pk=document_id)
    document.title = title[:300]
    document.city_id = city_id
    document.country = country_code(country)
    document.language = language
    document.save()
    document.keywords.set(resolve_keywords(keywords))
    search.index_document(document)
    record(actor, "hub.document.update", document)
    return document


@transaction.atomic
def delete_document(actor: Actor, document_id: int) -> None:
    document = Document.objects.get(pk=document_id)
    record(actor, "hub.document.delete", document)
    document.delete()


# --- the thesaurus -----------------------------------------------------------------------


def _sources_of(concepts: Sequence[Concept]) -> set[tuple[str, int]]:
    """The profiles, practices and documents whose index a change of these concepts touches:
    those indexed with the concepts, and those holding a word of one of their labels."""
    terms = {search.concept_term(c.code) for c in concepts}
    for concept in concepts:
        for label in concept.all_labels():
            for position in search.positions(label)[:1]:
                terms |= search._word_terms(position[0])
    term_ids = SearchTerm.objects.filter(term__in=terms).values("id")
    rows = SearchSource.objects.filter(
        id__in=SearchPosting.objects.filter(term_id__in=term_ids).values("source_id")
    ).values_list("profile_id", "practice_id", "document_id")
    found: set[tuple[str, int]] = set()
    for profile_id, practice_id, document_id in rows:
        if profile_id:
            found.add(("profile", profile_id))
        if practice_id:
            found.add(("practice", practice_id))
        if document_id:
            found.add(("document", document_id))
    for concept in concepts:
        found |= {("practice", pk) for pk in concept.practices.values_list("pk", flat=True)}
        keyword = Keyword.objects.filter(concept=concept).first()
        if keyword is not None:
            found |= {("practice", pk) for pk in keyword.practices.values_list("pk", flat=True)}
            found |= {("profile", pk) for pk in keyword.profiles.values_list("pk", flat=True)}
            found |= {("document", pk) for pk in keyword.documents.values_list("pk", flat=True)}
    return found


REINDEX_ALL_FROM = 20  # concepts changed at once from which the whole index is rebuilt


def reindex_concepts(concepts: Sequence[Concept]) -> None:
    """Rebuild the index where a change of these concepts (labels, relations) matters."""
    search.forget_thesaurus()
    if len(concepts) >= REINDEX_ALL_FROM:
        _rebuild()
        return
    found = _sources_of(concepts)
    for profile in CityProfile.objects.filter(pk__in=[pk for k, pk in found if k == "profile"]):
        search.index_profile(profile)
    for practice in Practice.objects.filter(pk__in=[pk for k, pk in found if k == "practice"]):
        search.index_practice(practice)
    for document in Document.objects.filter(pk__in=[pk for k, pk in found if k == "document"]):
        search.index_document(document)


CONCEPT_FIELDS = ["code", "label_nl", "label_en", "label_fr", "alt_labels", "note"]


@transaction.atomic
def save_concept(
    actor: Actor,
    concept_id: int | None,
    data: dict[str, Any],
    broader: Iterable[int] = (),
) -> Concept:
    """Create or change a concept (``broader``: ids of its broader concepts). The index is
    rebuilt where the old or the new labels occur."""
    action = "hub.concept.create" if concept_id is None else "hub.concept.update"
    concept = Concept() if concept_id is None else Concept.objects.get(pk=concept_id)
    before = (
        [
            Concept(
                pk=concept.pk,
                code=concept.code,
                alt_labels=concept.alt_labels,
                label_nl=concept.label_nl,
                label_en=concept.label_en,
                label_fr=concept.label_fr,
            )
        ]
        if concept_id is not None
        else []
    )
    for name in CONCEPT_FIELDS:
        if name in data:
            setattr(concept, name, data[name] or "")
    concept.save()
    concept.broader.set(list(broader))
    concept.save(update_fields=["updated_at"])  # the search's thesaurus cache follows it
    reindex_concepts([*before, concept])
    record(actor, action, concept)
    return concept


@transaction.atomic
def delete_concept(actor: Actor, concept_id: int) -> None:
    """Delete a concept; its keyword stays, as a free keyword with the English label."""
    concept = Concept.objects.get(pk=concept_id)
    record(actor, "hub.concept.delete", concept)
    affected = _sources_of([concept])
    keyword = Keyword.objects.filter(concept=concept).first()
    if keyword is not None:
        keyword.concept = None
        keyword.folded = fold(keyword.label)[:200]
        if Keyword.objects.filter(folded=keyword.folded).exclude(pk=keyword.pk).exists():
            keyword.folded = f"{keyword.folded[:180]} ({keyword.pk})"
        keyword.save()
    concept.delete()
    search.forget_thesaurus()
    for profile in CityProfile.objects.filter(pk__in=[pk for k, pk in affected if k == "profile"]):
        search.index_profile(profile)
    for practice in Practice.objects.filter(pk__in=[pk for k, pk in affected if k == "practice"]):
        search.index_practice(practice)
    for document in Document.objects.filter(pk__in=[pk for k, pk in affected if k == "document"]):
        search.index_document(document)


def _rebuild() -> int:
    search.forget_thesaurus()
    db = SearchPosting.objects.db
    SearchPosting.objects.all()._raw_delete(db)
    SearchSourceTerm.objects.all()._raw_delete(db)
    SearchEntry.objects.all()._raw_delete(db)
    SearchSource.keywords.through.objects.all()._raw_delete(db)
    SearchSource.objects.all()._raw_delete(db)
    SearchTerm.objects.all()._raw_delete(db)
    SearchWord.objects.all()._raw_delete(db)
    for profile in CityProfile.objects.all():
        search.index_profile(profile)
    for practice in Practice.objects.all():
        search.index_practice(practice)
    for document in Document.objects.select_related("city"):
        search.index_document(document)
    return SearchEntry.objects.count()


@transaction.atomic
def rebuild_index(actor: Actor) -> int:
    """Rebuild every search entry (after a restore, an upgrade, or a move between databases)."""
    count = _rebuild()
    record(actor, "hub.index.rebuild", object_type="hub.searchentry")
    return count
