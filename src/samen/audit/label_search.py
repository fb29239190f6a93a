"""Searching the audit log's object labels for a text they contain ("C-2026-00014", a name).

On PostgreSQL the labels' trigram index (migration audit 0010) is built on the label without its
hyphens. pg_trgm splits a text into words at every character that is not a letter or a digit,
so on the label as written a case reference is three common words ("C", "2026", "00014"): nearly
every case label shares their trigrams, and a search for one reference read thousands of
candidates. Without the hyphens the reference is one word ("C202600014") whose trigrams few
labels share; the other separators (the commas and spaces of a list, a name) still part words.

The comparison without hyphens only narrows the search: a label that contains the text also
contains it once both lose their hyphens (removing characters keeps a part a part). The exact
comparison ("contains", case-insensitive, as before) decides. SQLite has no such index; there
the search reads the log as before."""

from __future__ import annotations

import re
from typing import Any

from django.db import connections
from django.db.models import F, Func, QuerySet, TextField, Value

# Fewer letters and digits than a trigram: the index cannot narrow the search.
_SHORTEST = 3
_WORD = re.compile(r"\w")


def _without_hyphens(expression: Any) -> Func:
    # The expression of the index (migration audit 0010), to the character: the planner uses
    # the index only for the same expression. TRANSLATE, not a regular expression: the
    # database evaluates it again for every candidate it rechecks.
    return Func(expression, Value("-"), Value(""), function="TRANSLATE", output_field=TextField())


def label_contains(queryset: QuerySet[Any], text: str) -> QuerySet[Any]:
    """The entries whose object label contains ``text``, case-insensitive."""
    text = text.strip()
    found = queryset.filter(object_label__icontains=text)
    if connections[queryset.db].vendor != "postgresql" or len(_WORD.findall(text)) < _SHORTEST:
        return found
    return found.alias(joined_object_label=_without_hyphens(F("object_label"))).filter(
        joined_object_label__icontains=_without_hyphens(Value(text))
    )
