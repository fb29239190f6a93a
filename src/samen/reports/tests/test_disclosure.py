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


@pytest.mark.slow
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


# The parts of a year that nest, as the quarters (0 to 3) they consist of.
PARTS = {"h1": (0, 1), "h2": (2, 3), "q1": (0,), "q2": (1,), "q3": (2,), "q4": (3,)}


def _worlds(cells: int, most: int) -> list[tuple[int, ...]]:
    """Every tuple of ``cells`` counts adding up to at most ``most``."""
    if cells == 0:
        return [()]
    return [(n, *rest) for n in range(most + 1) for rest in _worlds(cells - 1, most - n)]


@pytest.mark.slow
def test_no_small_number_is_recovered_from_the_year_its_halves_and_its_quarters() -> None:
    """Two categories counted in four quarters; samen publishes the year, both halves and all
    four quarters (each council update against the year so far). A reader who sees all seven
    and knows the rules tries every world behind them: no count of one category in any union
    of quarters (a quarter, a half, the year, the year minus a quarter, ...) and no total of
    one is pinned to a number from 1 to 4."""
    most = 10  # every world with a year total up to this: every group below is complete
    categories = 2
    unions = [
        tuple(q for q in range(4) if mask & (1 << q)) for mask in range(1, 16)
    ]  # every non-empty set of quarters
    seen_worlds: dict[tuple[Any, ...], list[tuple[int, ...]]] = defaultdict(list)
    for world in _worlds(4 * categories, most):
        quarters = [{k: world[q * categories + k] for k in range(categories)} for q in range(4)]
        whole = {k: sum(quarter[k] for quarter in quarters) for k in range(categories)}
        published_parts = {
            name: part_of_period(
                {k: sum(quarters[q][k] for q in span) for k in range(categories)}, whole, quarters
            )
            for name, span in PARTS.items()
        }
        year = breakdown(whole, published_parts=[shown(b) for b in published_parts.values()])
        for b in (year, *published_parts.values()):
            for key, cell in b.cells.items():
                assert cell.mark != Mark.SHOWN or not small(cell.count), (world, key)
        seen = (published(year), *(published(b) for b in published_parts.values()))
        seen_worlds[seen].append(world)
    assert len(seen_worlds) > 50
    for seen, group in seen_worlds.items():
        for union in unions:
            for k in range(categories):
                values = {sum(w[q * categories + k] for q in union) for w in group}
                if len(values) == 1:
                    (value,) = values
                    assert not small(value), f"{seen}: category {k} in {union} is {value}"
            totals = {
                sum(w[q * categories + k] for q in union for k in range(categories)) for w in group
            }
            if len(totals) == 1:
                (value,) = totals
                assert not small(value), f"{seen}: the total of {union} is {value}"


def test_a_quarter_is_published_only_when_no_quarter_has_a_small_cell() -> None:
    quarters = [{"a": 5, "b": 6}, {"a": 7, "b": 0}, {"a": 0, "b": 0}, {"a": 0, "b": 0}]
    whole = {"a": 12, "b": 6}
    q1 = part_of_period(quarters[0], whole, quarters)
    assert not q1.withheld and q1.total.value == 11
    h1 = part_of_period({"a": 12, "b": 6}, whole, quarters)
    assert h1.cells["a"].value == 12
    # One small cell in the second quarter: no part of the year is published, not even its
    # total (the year's total minus the first quarter's would be the second quarter's).
    quarters[1] = {"a": 3, "b": 0}
    whole = {"a": 8, "b": 6}
    for part in (quarters[0], {"a": 8, "b": 6}, quarters[2]):
        b = part_of_period(part, whole, quarters)
        assert b.withheld and b.total.mark == Mark.WITHHELD
    # What of the year is in no quarter (removed by retention) is an atom too.
    quarters = [{"a": 5}, {"a": 0}, {"a": 0}, {"a": 0}]
    assert part_of_period(quarters[0], {"a": 7}, quarters).withheld
    assert not part_of_period(quarters[0], {"a": 10}, quarters).withheld
