"""``<h1{{ tree.title|lang_attr }}>``: `` lang="nl"`` where a Dutch text stands in for the reader's
language; ``{{ criterion.text|in_language }}``: the text, in ``<span lang="nl">`` when it does
(see ``samen.core.multilingual``). Both remove bidi controls like the ``unbidi`` filter."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from samen.core import multilingual
from samen.core.text import neutralise_bidi

register = template.Library()


@register.filter
def lang_attr(value: Any) -> SafeString:
    return multilingual.lang_attribute(value)


@register.filter
def in_language(value: Any) -> SafeString:
    if isinstance(value, multilingual.Shown):
        value = multilingual.Shown(neutralise_bidi(value), value.lang, fallback=value.fallback)
    elif isinstance(value, str):
        value = neutralise_bidi(value)
    return multilingual.in_language(value)
