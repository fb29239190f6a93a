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
from pathlib import Path

import snowballstemmer

DATA = Path(__file__).parent / "data"

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
# "Meld- en Adviespunt", "opvoed- en opgroeiondersteuning": a part word before a conjunction.
_ELISION = re.compile(
    r"\b([^\W\d_]{2,})-\s+(en|of|and|or|et|ou)\s+([^\W\d_]{4,})", re.IGNORECASE | re.UNICODE
)


def fold(text: str) -> str:
    """Lower case without diacritics: 'Écoles' -> 'ecoles'."""
    if text.isascii():  # nothing to decompose (most words; snippets fold every word shown)
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """Every word of a text in lower case, stop words included (for language detection);
    elisions and hyphens split off ("l'école" -> "école")."""
    result: list[str] = []
    for match in _WORD.finditer(text.lower()):
        for part in re.split(r"['’]", match.group()):  # noqa: RUF001
            result.extend(p for p in part.split("-") if p)
    return result


def positions(text: str) -> list[list[str]]:
    """The words of a text, one list per position: the word as written (lower case, hyphens
    joined) first, then the parts it contains (of a hyphenated word, or of a Dutch compound).
    Stop words have no position of their own, but a hyphenated word keeps them:
    "de-radicalisation" is one word, never "radicalisation" alone."""
    text = _ELISION.sub(_expand_elision, text)
    result: list[list[str]] = []
    for match in _WORD.finditer(text.lower()):
        for piece in re.split(r"['’]", match.group()):  # noqa: RUF001
            parts = [p for p in piece.split("-") if p]
            if not parts:
                continue
            whole = "".join(parts)
            if len(parts) == 1 and whole in ALL_STOP_WORDS:
                continue
            extra = (
                [p for p in parts if p not in ALL_STOP_WORDS and len(p) > 1]
                if len(parts) > 1
                else []
            )
            for part in [whole, *extra]:
                extra += [p for p in split_compound(part) if p not in extra]
            result.append([whole, *[p for p in dict.fromkeys(extra) if p != whole]])
    return result


def _expand_elision(match: re.Match[str]) -> str:
    head, conjunction, word = match.group(1), match.group(2), match.group(3)
    tail = compound_tail(fold(word))
    if not tail:
        return match.group(0)
    return f"{head}{tail} {conjunction} {word}"


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


# --- Dutch compounds -----------------------------------------------------------------------

MIN_COMPOUND = 7
_LINKERS = ("s", "e", "en")


@lru_cache(maxsize=1)
def compound_lexicon() -> frozenset[str]:
    """Words a Dutch compound may be made of: a shipped list of common parts and the Dutch
    words of the shipped thesaurus. Fixed data, so a text splits the same way whatever else is
    in the index."""
    import json

    known = {
        fold(line.strip())
        for line in (DATA / "compound_parts_nl.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }
    thesaurus = json.loads((DATA / "thesaurus_v2.json").read_text(encoding="utf-8"))
    for concept in thesaurus["concepts"]:
        for label in concept["labels"]:
            if label["language"] == "nl":
                known.update(w for w in words(label["label"]) if len(w) >= 4)
    return frozenset(w for w in known if w not in ALL_STOP_WORDS and len(w) >= 3)


def _known_head(head: str, lexicon: frozenset[str]) -> bool:
    if head in lexicon:
        return True
    return any(
        head.endswith(linker) and head[: -len(linker)] in lexicon and len(head) - len(linker) >= 3
        for linker in _LINKERS
    )


@lru_cache(maxsize=20000)
def split_compound(word: str) -> tuple[str, ...]:
    """The parts of a Dutch compound ('meldpunt' -> ('meld', 'punt'), 'veiligheidshuis' ->
    ('veiligheid', 'huis')); () when the word is not a compound of known words."""
    if len(word) < MIN_COMPOUND or not word.isalpha():
        return ()
    lexicon = compound_lexicon()
    for cut in range(len(word) - 4, 2, -1):  # the longest known tail first
        head, tail = word[:cut], word[cut:]
        if tail not in lexicon or not _known_head(head, lexicon):
            continue
        if head not in lexicon:
            head = next(
                head[: -len(linker)]
                for linker in _LINKERS
                if head.endswith(linker) and head[: -len(linker)] in lexicon
            )
        return (head, *(split_compound(head) or ()), tail)
    return ()


def compound_tail(word: str) -> str:
    """The last part of a compound ('adviespunt' -> 'punt'), or ''."""
    parts = split_compound(word)
    return parts[-1] if parts else ""


def light_key(word: str) -> str:
    """A word folded, without a plural -s: how thesaurus labels are matched ('Parents' and
    'parent' alike, but 'integrated' is not 'integration' as its stem would be)."""
    folded = fold(word)
    if len(folded) > 4 and folded.endswith("s") and not folded.endswith("ss"):
        folded = folded[:-1]
    return folded
