"""Whole numbers from what a request sends (``samen.core.params.whole_number``): ASCII digits
only, and no more than a key of ours can have."""

from __future__ import annotations

from samen.core.params import MAX_DIGITS, whole_number


def test_only_ascii_digits_short_enough_for_a_key_are_a_whole_number() -> None:
    assert whole_number("0") == 0
    assert whole_number("2026") == 2026
    assert whole_number("9" * MAX_DIGITS) == int("9" * MAX_DIGITS)
    # "²" and the Arabic-Indic three and the fullwidth twelve are digits to ``str.isdigit``.
    odd = ("²", "\u0663", "\uff11\uff12", "-1", "1.5", " 1", "abc", "9" * (MAX_DIGITS + 1))
    for sent in (None, "", *odd, 12):
        assert whole_number(sent) is None, sent
