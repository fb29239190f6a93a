"""Text that people read, kept by samen's users in Dutch, English and French.

A model keeps such a text in one column per language (``title_nl``, ``title_en``,
``title_fr``; Dutch required, the others optional), the way the hub's thesaurus keeps its
labels. ``shown(obj, "title")`` gives the text in the reader's language, or the Dutch text
when there is none in it; the result knows its language, so a template marks a Dutch text on
an English or French page with ``lang="nl"`` (WCAG 2.1 success criterion 3.1.2) through the
``lang_attr`` and ``in_language`` filters of ``{% load multilingual %}``.
"""

from __future__ import annotations

from typing import Any

from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language, get_language_info

LANGUAGES = ("nl", "en", "fr")
FALLBACK = "nl"


def current_language() -> str:
    language = (get_language() or FALLBACK)[:2]
    return language if language in LANGUAGES else FALLBACK


class Shown(str):
    """A text together with the language it is in; ``fallback`` is true when it is the Dutch
    text because the reader's language has none."""

    lang: str
    fallback: bool

    def __new__(cls, text: str, lang: str, *, fallback: bool = False) -> Shown:
        value = super().__new__(cls, text)
        value.lang = lang
        value.fallback = fallback
        return value


def shown(obj: Any, field: str, language: str | None = None) -> Shown:
    """``obj.<field>_<language>`` for the reader's language, else ``obj.<field>_nl``."""
    language = language if language in LANGUAGES else current_language()
    own = getattr(obj, f"{field}_{language}", "") or ""
    if own:
        return Shown(own, language)
    return Shown(getattr(obj, f"{field}_{FALLBACK}", "") or "", FALLBACK, fallback=True)


def missing_languages(obj: Any, field: str) -> list[str]:
    """The names (in the reader's language) of the languages ``obj.<field>`` has no text in."""
    return [
        str(get_language_info(language)["name_translated"])
        for language in LANGUAGES
        if not getattr(obj, f"{field}_{language}", "")
    ]


def lang_attribute(value: Any) -> SafeString:
    """`` lang="nl"`` for a text shown in Dutch in place of the reader's language, else nothing."""
    if isinstance(value, Shown) and value.fallback and value.lang != current_language():
        return format_html(' lang="{}"', value.lang)
    return SafeString("")


def in_language(value: Any) -> SafeString:
    """The text, escaped; in ``<span lang="nl">`` when it stands in for the reader's language."""
    attribute = lang_attribute(value)
    if attribute:
        return format_html("<span{}>{}</span>", attribute, str(value))
    return format_html("{}", str(value))
