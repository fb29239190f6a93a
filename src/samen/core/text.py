"""User text that cannot reorder what people read.

Bidirectional controls (embeddings, overrides, isolates and marks) and invisible characters
(zero-width space, word joiner, byte order mark) in a name or a text let a writer make it read
differently from what it is: ``Rapport\\u202efdp.exe`` shows as ``Rapportexe.pdf``. They are
removed wherever samen shows user text (the ``isolate`` and ``unbidi`` template filters), and
names and titles are shown in ``<bdi>`` so that a right-to-left name does not pull the text
around it. The zero-width joiner and non-joiner stay: Persian and Indic scripts and emoji need
them, and they reorder nothing.
"""

from __future__ import annotations

import re

BIDI_CONTROLS = re.compile("[\u061c\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]")


def neutralise_bidi(text: str) -> str:
    return BIDI_CONTROLS.sub("", text)
