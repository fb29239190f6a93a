"""Searching the audit log's object labels for a text they contain ("C-2026-00014", a name).

On PostgreSQL the labels' trigram index (migration audit 0010) is built on the label without its
punctuation and spaces. pg_trgm splits a text into words at every character that is not a letter
or a digit, so on the label as written a case reference is three common words ("C", "2026",
"00014"): nearly every case label shares their trigrams, and a search for one reference read
thousands of candidates. Without the punctuation the reference is one word whose trigrams few
labels share.

The flattened comparison only narrows the search: a label that contains the text also contains
it once both are flattened (removing characters keeps a part a part). The exact comparison
("contains", case-insensitive, as before) decides. Both sides are flattened by the database, so
that what counts as a letter is the database's alone. SQLite has no such index; there the
search reads the log as before."""

from __future__ import annotations

import re
from typing import Any

from django.db import connections
from django.db.models import F, Func, QuerySet, TextField, Value

# The expression of the index (migration audit 0010), to the character: the planner uses the
# index only for the same expression.
NOT_ALPHANUMERIC = "[^[:alnum:]]"
# Fewer letters and digits than a trigram: the index cannot narrow the search.
_SHORTEST = 3
_WORD = re.compile(r"\w")


def _flattened(expression: Any) -> Func:
    return Func(
        expression,
        Value(NOT_ALPHANUMERIC),
        Value(""),
        Value("g"),
        function="REGEXP_REPLACE",
        output_field=TextField(),
    )


def label_contains(queryset: QuerySet[Any], text: str) -> QuerySet[Any]:
    """The entries whose object label contains ``text``, case-insensitive."""
    text = text.strip()
    found = queryset.filter(object_label__icontains=text)
    if connections[queryset.db].vendor != "postgresql" or len(_WORD.findall(text)) < _SHORTEST:
        return found
    return found.alias(flat_object_label=_flattened(F("object_label"))).filter(
        flat_object_label__icontains=_flattened(Value(text))
    )
