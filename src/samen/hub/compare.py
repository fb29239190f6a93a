"""Cities side by side: their initiatives lined up by the thesaurus concepts they are about."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from samen.hub.language import light_key, positions
from samen.hub.models import CityProfile, Concept, Initiative
from samen.hub.search import Thesaurus, thesaurus

# A concept found in more than this share of the compared initiatives says nothing about any
# of them ("radicalisation"); it is not used to line them up.
TOO_COMMON = 0.5


@dataclass
class Theme:
    concept: Concept | None  # None: initiatives no other city shares a theme with
    cells: list[list[Initiative]] = field(default_factory=list)  # one list per compared city


def _concepts(initiative: Initiative, matcher: Thesaurus) -> set[int]:
    keys = [
        light_key(words[0]) for words in positions(f"{initiative.title}. {initiative.description}")
    ]
    found = {concept_id for _start, _size, concept_id in matcher.match(keys)}
    for concept_id in list(found):
        found |= matcher.broader.get(concept_id, set())
    return found


def line_up(profiles: Sequence[CityProfile]) -> list[Theme]:
    """Rows of initiatives (key initiatives and activities by sector) by shared concept: each
    initiative goes to the most specific concept it shares with an initiative of another of
    the compared cities; the rest go to a last row."""
    matcher = thesaurus()
    found: list[tuple[int, Initiative, set[int]]] = []
    for column, profile in enumerate(profiles):
        for initiative in profile.initiatives.all():
            found.append((column, initiative, _concepts(initiative, matcher)))
    if not found:
        return []
    initiatives_with: dict[int, int] = defaultdict(int)
    columns_with: dict[int, set[int]] = defaultdict(set)
    for column, _initiative, concepts in found:
        for concept_id in concepts:
            initiatives_with[concept_id] += 1
            columns_with[concept_id].add(column)
    limit = max(2, TOO_COMMON * len(found))
    shared = [
        c for c in initiatives_with if len(columns_with[c]) >= 2 and initiatives_with[c] <= limit
    ]
    # Most specific first: found in the fewest initiatives, then the most cities.
    shared.sort(key=lambda c: (initiatives_with[c], -len(columns_with[c]), matcher.codes[c]))
    rows: dict[int | None, Theme] = {}
    for column, initiative, concepts in found:
        theme_id = next((c for c in shared if c in concepts), None)
        if theme_id not in rows:
            concept = matcher.concepts.get(theme_id) if theme_id is not None else None
            rows[theme_id] = Theme(concept, [[] for _ in profiles])
        rows[theme_id].cells[column].append(initiative)
    ordered = [rows[c] for c in shared if c in rows]
    # A theme with initiatives of one city only (the others took a more specific one) is
    # merged into the last row.
    kept = [t for t in ordered if sum(1 for cell in t.cells if cell) >= 2]
    rest = Theme(None, [[] for _ in profiles])
    for theme in [t for t in ordered if t not in kept] + ([rows[None]] if None in rows else []):
        for column, cell in enumerate(theme.cells):
            rest.cells[column] += cell
    return kept + ([rest] if any(rest.cells) else [])
