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
from django.http import HttpRequest
from django.utils import timezone
from django.utils.text import slugify

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
    Section,
)

Actor = HttpRequest | Any | None

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
    user: Any = getattr(actor, "user", actor)
    if user is not None and getattr(user, "is_authenticated", False):
        return str(user.get_username())
    return ""


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
    profile: CityProfile | None,
    data: dict[str, Any],
    initiatives: Sequence[InitiativeData],
    keywords: Iterable[ParsedKeyword],
) -> CityProfile:
    """Create a profile, or update one keeping its previous state as a version."""
    resolved = resolve_keywords(keywords)
    if profile is None:
        profile = CityProfile(slug=_unique_slug(data["city"], data.get("country", "")))
        action = "hub.profile.create"
    else:
        profile = CityProfile.objects.select_for_update().get(pk=profile.pk)
        _keep_version(profile, "edit", actor)
        action = "hub.profile.update"
    _apply_profile(profile, data, initiatives, resolved)
    record(actor, action, profile)
    return profile


def find_profile(city: str, country: str) -> CityProfile | None:
    """The profile a re-import updates: same city and country."""
    return (
        CityProfile.objects.filter(city__iexact=city.strip(), country__iexact=country.strip())
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
        "country": parsed.country,
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
def delete_profile(actor: Actor, profile: CityProfile) -> None:
    record(actor, "hub.profile.delete", profile)
    profile.delete()


# --- practices ---------------------------------------------------------------------------


@transaction.atomic
def save_practice(
    actor: Actor,
    practice: Practice | None,
    data: dict[str, Any],
    *,
    themes: Iterable[Concept] = (),
    keywords: Iterable[ParsedKeyword] = (),
) -> Practice:
    action = "hub.practice.create" if practice is None else "hub.practice.update"
    practice = practice or Practice()
    for name in ("title", "city", "description", "target_groups", "links", "language"):
        if name in data:
            setattr(practice, name, data[name] if data[name] is not None else None)
    practice.save()
    practice.themes.set(list(themes))
    practice.keywords.set(resolve_keywords(keywords))
    search.index_practice(practice)
    record(actor, action, practice)
    return practice


@transaction.atomic
def delete_practice(actor: Actor, practice: Practice) -> None:
    record(actor, "hub.practice.delete", practice)
    practice.delete()


# --- documents ---------------------------------------------------------------------------


@transaction.atomic
def import_document(
    actor: Actor,
    parsed: ParsedDocument,
    *,
    text: str,
    source_name: str = "",
    source_format: str = "text",
    title: str = "",
    city: CityProfile | None = None,
    keywords: Iterable[ParsedKeyword] = (),
) -> Document:
    """Save an imported document with its sections and the actions it states."""
    document = Document.objects.create(
        title=(title or parsed.title or source_name or "?")[:300],
        city=city,
        language=parsed.language,
        source_format=source_format,
        source_name=source_name[:255],
    )
    document.keywords.set(resolve_keywords(keywords))
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
    ImportRecord.objects.create(
        kind=ImportRecord.Kind.DOCUMENT,
        source_name=source_name[:255],
        source_format=source_format,
        text=text,
        imported_by=_user_label(actor),
    )
    search.index_document(document)
    record(actor, "hub.document.import", document)
    return document


@transaction.atomic
def update_document(
    actor: Actor,
    document: Document,
    *,
    title: str,
    city: CityProfile | None,
    language: str,
    keywords: Iterable[ParsedKeyword],
) -> Document:
    document.title = title[:300]
    document.city = city
    document.language = language
    document.save()
    document.keywords.set(resolve_keywords(keywords))
    search.index_document(document)
    record(actor, "hub.document.update", document)
    return document


@transaction.atomic
def delete_document(actor: Actor, document: Document) -> None:
    record(actor, "hub.document.delete", document)
    document.delete()


# --- the thesaurus -----------------------------------------------------------------------


def _reindex_concept(concept: Concept) -> None:
    """Entries that carry the concept's labels: those of its keyword and of its practices."""
    keyword = Keyword.objects.filter(concept=concept).first()
    practices = set(concept.practices.values_list("pk", flat=True))
    profiles: set[int] = set()
    documents: set[int] = set()
    if keyword is not None:
        practices |= set(keyword.practices.values_list("pk", flat=True))
        profiles = set(keyword.profiles.values_list("pk", flat=True))
        documents = set(keyword.documents.values_list("pk", flat=True))
    for profile in CityProfile.objects.filter(pk__in=profiles):
        search.index_profile(profile)
    for practice in Practice.objects.filter(pk__in=practices):
        search.index_practice(practice)
    for document in Document.objects.filter(pk__in=documents):
        search.index_document(document)


CONCEPT_FIELDS = ["code", "label_nl", "label_en", "label_fr", "alt_labels", "note"]


@transaction.atomic
def save_concept(actor: Actor, concept: Concept | None, data: dict[str, Any]) -> Concept:
    action = "hub.concept.create" if concept is None else "hub.concept.update"
    concept = concept or Concept()
    for name in CONCEPT_FIELDS:
        if name in data:
            setattr(concept, name, data[name])
    concept.save()
    _reindex_concept(concept)
    record(actor, action, concept)
    return concept


@transaction.atomic
def delete_concept(actor: Actor, concept: Concept) -> None:
    """Delete a concept; its keyword stays, as a free keyword with the English label."""
    record(actor, "hub.concept.delete", concept)
    keyword = Keyword.objects.filter(concept=concept).first()
    practices = list(concept.practices.all())
    if keyword is not None:
        keyword.concept = None
        keyword.folded = fold(keyword.label)[:200]
        if Keyword.objects.filter(folded=keyword.folded).exclude(pk=keyword.pk).exists():
            keyword.folded = f"{keyword.folded[:180]} ({keyword.pk})"
        keyword.save()
    concept.delete()
    for practice in practices:
        search.index_practice(practice)
    if keyword is not None:
        for profile in keyword.profiles.all():
            search.index_profile(profile)
        for document in keyword.documents.all():
            search.index_document(document)


@transaction.atomic
def rebuild_index(actor: Actor) -> int:
    """Rebuild every search entry (after a restore, or a move from SQLite to PostgreSQL)."""
    SearchEntry.objects.all().delete()
    for profile in CityProfile.objects.all():
        search.index_profile(profile)
    for practice in Practice.objects.all():
        search.index_practice(practice)
    for document in Document.objects.all():
        search.index_document(document)
    record(actor, "hub.index.rebuild", object_type="hub.searchentry")
    return SearchEntry.objects.count()
