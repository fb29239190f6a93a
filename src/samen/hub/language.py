"""Words of the hub's three content languages: tokens, stop words, stems and detection.

Detection counts stop words of Dutch, English and French (see docs/decisions/0006): the hub
only ever needs to tell these three apart, on texts of a paragraph or more, and a count of the
commonest words does that deterministically, without a model or a dependency.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache

import snowballstemmer

LANGUAGES = ("nl", "en", "fr")
STEMMERS = {"nl": "dutch", "en": "english", "fr": "french"}
# PostgreSQL text search configurations per language ("simple" when unknown).
PG_CONFIGS = {"nl": "dutch", "en": "english", "fr": "french"}

STOP_WORDS: dict[str, frozenset[str]] = {
    "nl": frozenset(
        [
            "de",
            "het",
            "een",
            "en",
            "van",
            "in",
            "op",
            "te",
            "dat",
            "die",
            "is",
            "zijn",
            "met",
            "voor",
            "niet",
            "aan",
            "er",
            "om",
            "ook",
            "als",
            "bij",
            "of",
            "door",
            "naar",
            "dan",
            "uit",
            "wordt",
            "worden",
            "maar",
            "nog",
            "wel",
            "deze",
            "dit",
            "wat",
            "we",
            "wij",
            "ze",
            "zij",
            "hun",
            "hij",
            "zich",
            "over",
            "tot",
            "kan",
            "kunnen",
            "meer",
            "geen",
            "heeft",
            "hebben",
            "was",
            "waren",
            "werd",
            "al",
            "omdat",
            "hoe",
            "waar",
            "wie",
            "u",
            "ons",
            "onze",
            "haar",
            "hem",
            "je",
            "jij",
            "mijn",
            "zo",
            "na",
            "tegen",
            "tussen",
            "veel",
            "alle",
            "elkaar",
            "daarbij",
            "daarom",
            "dus",
        ]
    ),
    "en": frozenset(
        [
            "the",
            "a",
            "an",
            "and",
            "of",
            "in",
            "on",
            "to",
            "that",
            "is",
            "are",
            "was",
            "were",
            "be",
            "been",
            "being",
            "with",
            "for",
            "not",
            "as",
            "at",
            "by",
            "or",
            "from",
            "this",
            "these",
            "those",
            "it",
            "its",
            "they",
            "their",
            "them",
            "he",
            "she",
            "his",
            "her",
            "we",
            "our",
            "you",
            "your",
            "which",
            "who",
            "whom",
            "what",
            "when",
            "where",
            "how",
            "has",
            "have",
            "had",
            "do",
            "does",
            "did",
            "but",
            "if",
            "than",
            "then",
            "there",
            "so",
            "such",
            "into",
            "about",
            "over",
            "also",
            "can",
            "could",
            "will",
            "would",
            "should",
            "may",
            "might",
            "more",
            "most",
            "other",
            "some",
            "all",
            "any",
            "each",
            "both",
            "between",
            "through",
            "during",
            "under",
        ]
    ),
    "fr": frozenset(
        [
            "le",
            "la",
            "les",
            "un",
            "une",
            "des",
            "du",
            "de",
            "et",
            "à",
            "au",
            "aux",
            "en",
            "dans",
            "sur",
            "pour",
            "par",
            "avec",
            "sans",
            "ne",
            "pas",
            "que",
            "qui",
            "quoi",
            "dont",
            "où",
            "est",
            "sont",
            "était",
            "été",
            "être",
            "a",
            "ont",
            "avait",
            "ce",
            "cet",
            "cette",
            "ces",
            "il",
            "elle",
            "ils",
            "elles",
            "nous",
            "vous",
            "leur",
            "leurs",
            "son",
            "sa",
            "ses",
            "se",
            "qu",
            "plus",
            "ou",
            "mais",
            "comme",
            "aussi",
            "entre",
            "tout",
            "tous",
            "toutes",
            "très",
            "d",
            "l",
            "s",
            "n",
            "c",
            "j",
            "y",
            "lors",
            "chez",
        ]
    ),
}
ALL_STOP_WORDS = frozenset().union(*STOP_WORDS.values())

_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*", re.UNICODE)  # noqa: RUF001


def fold(text: str) -> str:
    """Lower case without diacritics: 'Écoles' -> 'ecoles'."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """The words of a text in lower case; elisions split off ("l'école" -> "école")."""
    result: list[str] = []
    for match in _WORD.finditer(text.lower()):
        for part in re.split(r"['’]", match.group()):  # noqa: RUF001
            result.extend(p for p in part.split("-") if p)
    return result


def detect_language(text: str) -> str:
    """'nl', 'en' or 'fr' by stop-word count; '' when the text gives too little to tell."""
    counts: Counter[str] = Counter()
    for word in words(text[:20000]):
        for language, stop in STOP_WORDS.items():
            if word in stop:
                counts[language] += 1
    if not counts:
        return ""
    (best, top), *rest = [*counts.most_common(2), ("", 0)]
    runner_up = rest[0][1]
    if top < 3 or top < runner_up * 1.3:
        return ""
    return best


@lru_cache(maxsize=8)
def _stemmer(language: str) -> snowballstemmer.stemmer:  # type: ignore[name-defined]
    return snowballstemmer.stemmer(STEMMERS[language])


@lru_cache(maxsize=50000)
def stem(word: str, language: str) -> str:
    """The stem of one lower-case word in a language, folded (no diacritics)."""
    if language not in STEMMERS:
        return fold(word)
    return fold(_stemmer(language).stemWord(word))


def stems_any_language(word: str) -> set[str]:
    """The stems of a word under each of the three languages (a query's language is unknown)."""
    return {stem(word, language) for language in LANGUAGES} | {fold(word)}


def stemmed_text(text: str, language: str) -> str:
    """The text as a string of stems (stop words left out), for the SQLite FTS5 index."""
    return " ".join(stem(w, language) for w in words(text) if w not in ALL_STOP_WORDS)
