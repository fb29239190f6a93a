"""Countries and cities of the hub: ISO 3166 codes, names in the reader's language (Babel's
CLDR data, already a dependency), and recognising them in a text.

A profile page names its country in its chrome's language ("Pays-Bas") or in English ("The
Netherlands"); both become the code NL, which reads as "Nederland", "Netherlands" or
"Pays-Bas" depending on the reader.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from babel import Locale
from django.utils.translation import get_language

from samen.hub.language import fold

LANGUAGES = ("nl", "en", "fr")
# Other names in use for the countries of the field (CLDR has the official short names).
ALIASES = {
    "the netherlands": "NL",
    "holland": "NL",
    "nederland": "NL",
    "netherlands": "NL",
    "pays bas": "NL",
    "belgie": "BE",
    "belgium": "BE",
    "belgique": "BE",
    "the united kingdom": "GB",
    "uk": "GB",
    "great britain": "GB",
    "royaume uni": "GB",
    "england": "GB",
    "usa": "US",
    "the united states": "US",
    "etats unis": "US",
}


def _key(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", fold(name)).strip()


@lru_cache(maxsize=1)
def _codes_by_name() -> dict[str, str]:
    names: dict[str, str] = {}
    for language in LANGUAGES:
        for code, name in Locale.parse(language).territories.items():
            if len(code) == 2 and code.isalpha():
                names.setdefault(_key(name), code)
    names.update(ALIASES)
    return names


def country_code(name: str) -> str:
    """'Pays-Bas', 'The Netherlands', 'Nederland' or 'nl' -> 'NL'; '' when unknown."""
    key = _key(name)
    if not key:
        return ""
    if len(key) == 2 and key.upper() in Locale.parse("en").territories:
        return key.upper()
    return _codes_by_name().get(key, "")


def country_name(code: str, language: str | None = None) -> str:
    """The name of a country in the reader's language (or the one given)."""
    if not code:
        return ""
    language = (language or get_language() or "nl")[:2]
    if language not in LANGUAGES:
        language = "nl"
    return str(Locale.parse(language).territories.get(code.upper(), code))


def country_choices(language: str | None = None) -> list[tuple[str, str]]:
    """Every country, by name in the reader's language, for a form's select."""
    language = (language or get_language() or "nl")[:2]
    if language not in LANGUAGES:
        language = "nl"
    territories = Locale.parse(language).territories
    choices = [
        (code, str(name))
        for code, name in territories.items()
        if len(code) == 2 and code.isalpha() and code not in {"ZZ", "EU", "EZ", "UN", "QO"}
    ]
    return sorted(choices, key=lambda item: fold(item[1]))


def countries_in(text: str) -> Counter[str]:
    """How often each country is named in a text (in Dutch, English or French)."""
    names = _codes_by_name()
    counts: Counter[str] = Counter()
    folded = " " + _key(text) + " "
    for name, code in names.items():
        if len(name) < 4:
            continue
        found = folded.count(f" {name} ")
        if found:
            counts[code] += found
    return counts


def cities_in(text: str, cities: list[str]) -> Counter[str]:
    """How often each of the given city names occurs in a text."""
    folded = " " + _key(text) + " "
    counts: Counter[str] = Counter()
    for city in cities:
        key = _key(city)
        if len(key) >= 3:
            found = folded.count(f" {key} ")
            if found:
                counts[city] += found
    return counts
