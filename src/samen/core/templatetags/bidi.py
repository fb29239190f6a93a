"""``{{ name|isolate }}``: a user-given name or title, bidi controls removed, in ``<bdi>``.
``{{ text|unbidi }}``: user text with the bidi controls removed (for attributes, page titles and
text blocks, which are marked ``dir="auto"`` or class ``prewrap`` in the templates)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from samen.core.text import neutralise_bidi

register = template.Library()


@register.filter
def isolate(value: Any) -> SafeString:
    if value is None or value == "":
        return SafeString("")
    return format_html("<bdi>{}</bdi>", neutralise_bidi(str(value)))


@register.filter
def unbidi(value: Any) -> Any:
    if isinstance(value, str):
        cleaned = neutralise_bidi(value)
        # A safe string stays safe: removing characters cannot make it unsafe.
        return SafeString(cleaned) if isinstance(value, SafeString) else cleaned
    return value
