"""Hidden small numbers cannot be recovered, even by a reader who knows the rules and the
algorithm (samen is open source) and tries every possible world.

The test enumerates every breakdown in a domain, groups the worlds by what samen would publish
for them, and checks that within each group every cell shown as "< 5" can take at least two
values: what a reader sees never pins a small number down. For reports on part of a period it
does the same with the yearly breakdown published beside it, so that subtracting the two
reveals no small number of the rest of the year either."""

from __future__ import annotations

from collections import defaultdict
from itertools import product
from typing import Any

import pytest
from django.utils import translation

from samen.reports.disclosure import (
    THRESHOLD,
    Breakdown,
    Mark,
    breakdown,
    part_of_period,
    protected,
    shown,
)


def published(b: Breakdown) -> tuple[Any, ...]:
    """Everything a reader sees of a breakdown."""
    return (b.total.text, tuple((key, cell.text) for key, cell in b.cells.items()))


def small(n: int) -> bool:
    return 0 < n < THRESHOLD


def complete(seen: tuple[Any, ...], limit: int) -> bool:
    """Whether every world behind this output was enumerated: no count exceeds the total, so
    worlds with a total below the limit are all there."""
    total = seen[0]
    return total == "< 5" or int(total) < limit


@translation.override("en")
def test_examples() -> None:
    b = breakdown({"phone": 3, "form": 10, "partner": 20, "api": 6})
    assert [c.text for c in b.cells.values()] == ["< 5", "10", "20", "suppressed"]
    assert b.total.text == "39"
    # One small cell and no cell that can hide it well: the breakdown is withheld.
    b = breakdown({"a": 1, "b": 5, "c": 6})
    assert b.withheld and b.total.text == "12"
    assert breakdown({"a": 2, "b": 3}).total.text == "5"
    assert breakdown({"a": 2, "b": 1}).total.text == "< 5"
    assert breakdown({"a": 0, "b": 12}).cells["a"].text == "0"


@pytest.mark.parametrize("categories", [2, 3, 4])
def test_no_small_cell_of_a_breakdown_can_be_recovered(categories: int) -> None:
    limit = 16 if categories < 4 else 12
    worlds: dict[tuple[Any, ...], list[tuple[int, ...]]] = defaultdict(list)
    for counts in product(range(limit), repeat=categories):
        b = breakdown(dict(enumerate(counts)))
        worlds[published(b)].append(counts)
        # The one thing the marks promise: what is shown is the truth.
        for key, cell in b.cells.items():
            assert cell.mark != Mark.SHOWN or cell.count == counts[key]
            assert cell.mark != Mark.SHOWN or not small(cell.count)
    for seen, group in worlds.items():
        if not complete(seen, limit):
            continue
        for key, text in seen[1]:
            if text == "< 5":
                values = {counts[key] for counts in group}
                assert len(values) >= 2, f"{seen}: cell {key} is always {values}"


def test_no_small_number_is_recovered_by_subtracting_a_part_of_the_year() -> None:
    """A council update for the first half of the year, published in July (the year so far
    is that half), then the yearly account with the update among its published parts: no small
    count of the first half, the year or the second half is pinned down."""
    worlds: dict[tuple[Any, ...], list[tuple[tuple[int, ...], tuple[int, ...]]]] = defaultdict(list)
    limit = 10
    for whole in product(range(limit), repeat=3):
        for part in product(*(range(n + 1) for n in whole)):
            half = part_of_period(dict(enumerate(part)), dict(enumerate(part)))
            year = breakdown(dict(enumerate(whole)), published_parts=[shown(half)])
            worlds[(published(year), published(half))].append((part, whole))
    for (year_seen, _half_seen), group in worlds.items():
        if not complete(year_seen, limit):
            continue
        for key in range(3):
            for of in ("part", "whole", "rest"):
                values = {
                    {"part": p[key], "whole": w[key], "rest": w[key] - p[key]}[of] for p, w in group
                }
                if len(values) == 1:
                    (value,) = values
                    # A count pinned down is fine when it is 0 or 5 and more, never 1 to 4.
                    assert not small(value), f"{of} of {key} is always {value}"


def test_protected_follows_the_reader_who_knows_the_rules() -> None:
    inf = float("inf")
    assert protected(0, 0, 0, inf)
    assert not protected(1, 3, 0, inf)  # one hidden cell and a known total: recovered
    assert protected(2, 5, 0, inf)  # 1 + 4 = 5: each could be 1 to 4
    assert not protected(2, 6, 0, inf)  # 6: each at least 2
    assert protected(1, 9, 1, inf)  # 9 = a + b, b >= 5: a from 1 to 4
    assert not protected(1, 9, 1, 5)  # ... but b <= 5 (a shown cell is 5): a is 4
    assert not protected(1, 6, 1, inf)  # 6 = a + b, b >= 5: a is 1
    assert protected(1, 4, 1, inf, floor=0)
