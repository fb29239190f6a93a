"""Keyed hashes for exact look-ups of encrypted values (a "blind index").

Encrypted columns cannot be searched in SQL. For exact look-ups (a person by name and date of
birth, signals that may concern the same person) samen keeps an HMAC-SHA256 of the normalised
value beside the encrypted column. The key is ``SAMEN_BLIND_INDEX_KEY``, a secret of its own:
rotating the field-encryption keys leaves the index valid, and only a change of this key needs
``samen rebuild-blind-index``.
"""

from __future__ import annotations

import hashlib
import hmac
import unicodedata
from functools import lru_cache

from django.conf import settings

from samen.core.fields import ERASED


def normalise(value: str) -> str:
    """Case, accents and spacing do not matter: "Jan  de Vries" == "jan de vriës"."""
    plain = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    return " ".join(plain.lower().split())


@lru_cache(maxsize=4)
def _key(secret: str) -> bytes:
    return hashlib.sha256(b"samen blind index\x00" + secret.encode()).digest()


def blind_index(*parts: str) -> str:
    """The keyed hash of the normalised parts; empty (never matching) for empty or erased
    input."""
    if any(part == ERASED for part in parts):
        return ""
    normalised = "|".join(normalise(part) for part in parts)
    if not normalised.strip("|"):
        return ""
    return hmac.new(_key(settings.BLIND_INDEX_KEY), normalised.encode(), hashlib.sha256).hexdigest()


def person_indexes(name: str, birth_date: str) -> tuple[str, str]:
    """The two look-up keys of a person: name with date of birth, and name alone.

    The one place where a person's index is computed: reporting, admitting, correcting and
    rebuilding all call it."""
    if not name:
        return "", ""
    return blind_index(name, birth_date), blind_index(name)
