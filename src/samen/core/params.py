"""Whole numbers taken from what a request sends (a key, a year, a number of years)."""

from __future__ import annotations

# Primary keys are bigints: a longer number is no row of ours (and overflows SQLite's integer).
MAX_DIGITS = 18


def whole_number(value: object) -> int | None:
    """``value`` as a whole number when it is written in ASCII digits only, at most
    ``MAX_DIGITS`` of them; else None. ``str.isdigit`` alone also accepts "²" and other digits
    that ``int`` refuses, and any length."""
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= MAX_DIGITS:
        return int(value)
    return None
