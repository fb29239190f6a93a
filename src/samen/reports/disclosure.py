"""Disclosure control: numbers about persons leave samen only so that no one can be singled out.

Every figure samen publishes about persons (the yearly account, its exports, council updates,
the analyst's statistics) is a count in a *breakdown*: a population (say, the signals received
in 2026) split by one dimension (say, the channel), with the population's total. The rules,
applied per breakdown:

1. **Primary suppression.** A cell of 1 to 4 is shown as "< 5". Zero is shown: it says nothing
   about a person. A total under 5 is itself "< 5", and then every breakdown of that population
   is withheld.
2. **Secondary suppression.** The total is published, so the hidden cells of a breakdown add up
   to a known sum. A further cell of 5 or more is hidden ("suppressed", not "< 5") until the
   published figures leave every "< 5" cell anywhere between 1 and 4, as if nothing else were
   known — assuming the reader knows these rules (samen is open source): a "< 5" cell is 1 to 4,
   a suppressed cell at least 5. The smallest cells that achieve this are chosen.
3. **When that is impossible** (too few cells of 5 or more), the whole breakdown is withheld for
   that population: only its total is published.

Why this is enough for everything a report shows: breakdowns of the same population share only
its total, which is published anyway; different years are different populations and no figure
adds years up; a report for part of a year (a council update for a half or a quarter) is
published only when no quarter of the year so far and not the rest has a cell from 1 to 4
(``part_of_period``): every publishable part, and every difference of two, is a sum of quarters;
and what is published for the whole year is withheld when subtracting a published part would
leave one (``published_parts``). Arbitrary date ranges are never published: two overlapping
ranges differ by a few days, whose counts are small. The choices depend only on what is
published, so even a reader who runs this code on every possible world learns no small number:
``reports/tests/test_disclosure.py`` enumerates every world of a domain and checks exactly
that.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.utils.translation import gettext_lazy as _

# Counts below this are shown as "< 5" so that no person can be recognised.
THRESHOLD = 5
# How much the hidden cells must be able to vary: each "< 5" cell anywhere from 1 to 4.
SMALLEST, LARGEST_SMALL = 1, THRESHOLD - 1


class Mark(StrEnum):
    SHOWN = "shown"
    SMALL = "small"  # 1 to 4: shown as "< 5"
    SUPPRESSED = "suppressed"  # 5 or more, hidden to protect a small cell
    WITHHELD = "withheld"  # the whole breakdown is not published for this population


LABELS = {
    Mark.SMALL: _("< 5"),
    Mark.SUPPRESSED: _("suppressed"),
    Mark.WITHHELD: _("not published"),
}


@dataclass(frozen=True)
class Cell:
    """One published figure: its true count stays inside samen; ``value`` is what leaves."""

    count: int
    mark: Mark

    @property
    def value(self) -> int | None:
        return self.count if self.mark == Mark.SHOWN else None

    @property
    def text(self) -> str:
        return str(self.count) if self.mark == Mark.SHOWN else str(LABELS[self.mark])


@dataclass(frozen=True)
class Breakdown:
    """A population split by one dimension: the total and a cell per category (in order)."""

    total: Cell
    cells: dict[Any, Cell] = field(default_factory=dict)

    @property
    def withheld(self) -> bool:
        return any(cell.mark == Mark.WITHHELD for cell in self.cells.values())


def total_cell(total: int) -> Cell:
    if 0 < total < THRESHOLD:
        return Cell(total, Mark.SMALL)
    return Cell(total, Mark.SHOWN)


def protected(
    small: int, hidden_sum: int, suppressed: int, ceiling: float, floor: int = THRESHOLD
) -> bool:
    """Whether a reader who knows the rules and the algorithm learns nothing about any "< 5"
    cell beyond "1 to 4", from what a breakdown publishes: the number of "< 5" cells
    (``small``), the sum of all hidden cells (the total minus the shown cells), the number of
    suppressed cells and what is known of each: at least ``floor``, at most ``ceiling`` (the
    smallest shown cell of 5 or more, since the smallest are the ones suppressed).

    Each "< 5" cell then lies in ``[S - 4(m-1) - k*ceiling, S - (m-1) - k*floor]``; that must
    be all of ``[1, 4]``. Every quantity here is published, so the decision tells a reader
    nothing more."""
    if small == 0:
        return True
    lowest = hidden_sum - LARGEST_SMALL * (small - 1) - (suppressed * ceiling if suppressed else 0)
    highest = hidden_sum - SMALLEST * (small - 1) - suppressed * floor
    return lowest <= SMALLEST and highest >= LARGEST_SMALL


def _small(n: int) -> bool:
    return 0 < n < THRESHOLD


def _withheld(head: Cell, counts: Mapping[Any, int]) -> Breakdown:
    return Breakdown(head, {key: Cell(n, Mark.WITHHELD) for key, n in counts.items()})


def _marked(head: Cell, counts: Mapping[Any, int], hidden: set[Any]) -> Breakdown:
    cells = {}
    for key, n in counts.items():
        if key not in hidden:
            cells[key] = Cell(n, Mark.SHOWN)
        else:
            cells[key] = Cell(n, Mark.SMALL if _small(n) else Mark.SUPPRESSED)
    return Breakdown(head, cells)


def breakdown(
    counts: Mapping[Any, int],
    total: int | None = None,
    published_parts: Sequence[Mapping[Any, int]] = (),
) -> Breakdown:
    """Suppress one breakdown. ``total`` defaults to the sum of the counts (it must equal it:
    a breakdown partitions its population). ``published_parts`` are the breakdowns already
    published for parts of this population (the council updates of the year, as they were
    published): when subtracting one from this one would leave a number from 1 to 4, this
    breakdown is withheld.

    The decisions depend only on what gets published (which cells are small, which large cell
    is smallest, the hidden sum): a reader who runs this same code on every possible world
    behind a published breakdown finds each "< 5" cell taking several values."""
    total = sum(counts.values()) if total is None else total
    if total != sum(counts.values()):
        raise ValueError("a breakdown's cells add up to its total")
    head = total_cell(total)
    if head.mark == Mark.SMALL:
        return _withheld(head, counts)
    for part in published_parts:
        if any(_small(counts.get(key, 0) - n) for key, n in part.items()):
            return _withheld(head, counts)
    small = {key for key, n in counts.items() if _small(n)}
    if not small:
        return _marked(head, counts, set())
    large = sorted((k for k, n in counts.items() if n >= THRESHOLD), key=counts.__getitem__)
    hidden = set(small) | set(large[:1])
    shown_large = [counts[k] for k in large[1:]]
    ceiling = min(shown_large) if shown_large else float("inf")
    hidden_sum = sum(counts[k] for k in hidden)
    if not protected(len(small), hidden_sum, len(large[:1]), ceiling):
        return _withheld(head, counts)
    return _marked(head, counts, hidden)


def part_of_period(
    part: Mapping[Any, int],
    whole: Mapping[Any, int],
    atoms: Sequence[Mapping[Any, int]] | None = None,
) -> Breakdown:
    """A breakdown for part of a period (a council update for a half or a quarter of the
    reporting year), safe also against subtraction. ``atoms`` are the smallest parts that can
    be published, which every publishable part is a union of (the four quarters of the year:
    a half is two of them); by default the part alone. What of the whole lies in no atom (the
    rest of the year so far, or signals and cases removed by retention) is one atom more.

    The part is published only when no cell of any atom is from 1 to 4; else nothing of it,
    not even its total (``part_total``). Every figure of a published part, and every difference
    of two (a half minus a quarter, the year minus a half, one total minus another), is then a
    sum of atoms' cells, each 0 or 5 and more: never from 1 to 4, whichever parts were
    published. (A total alone would not do: with the year's other categories 0, the year's
    total minus a half's is the other half's count of the one category left.) Whatever is
    published for the whole period passes the published parts as its ``published_parts``."""
    atoms = [part] if atoms is None else atoms
    keys = [*whole, *(key for key in part if key not in whole)]
    rest = {key: whole.get(key, 0) - sum(atom.get(key, 0) for atom in atoms) for key in keys}
    if any(n < 0 for n in rest.values()) or any(
        part.get(key, 0) > whole.get(key, 0) for key in keys
    ):
        raise ValueError("the parts of a period cannot count more than the whole")
    cells = [n for atom in atoms for n in atom.values()]
    if any(_small(n) for n in (*part.values(), *cells, *rest.values())):
        return _withheld(Cell(sum(part.values()), Mark.WITHHELD), part)
    return _marked(total_cell(sum(part.values())), part, set())


def part_total(part: int, whole: int, atoms: Sequence[int]) -> Cell:
    """The total of part of a period where no breakdown is published (meetings held, reviews
    held): like ``part_of_period``, only when no atom (and not the rest) is from 1 to 4."""
    rest = whole - sum(atoms)
    if rest < 0 or part > whole:
        raise ValueError("the parts of a period cannot count more than the whole")
    if any(_small(n) for n in (part, *atoms, rest)):
        return Cell(part, Mark.WITHHELD)
    return total_cell(part)


def shown(b: Breakdown) -> dict[Any, int]:
    """The cells a published breakdown showed (for ``published_parts``); empty if withheld."""
    if b.withheld:
        return {}
    return {key: cell.count for key, cell in b.cells.items() if cell.mark == Mark.SHOWN}
