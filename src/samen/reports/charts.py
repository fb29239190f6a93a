"""Charts of the yearly account as accessible SVG, rendered on the server (no script).

Every chart is an ``<svg role="img">`` with a ``<title>`` and a ``<desc>`` that say what it
shows, and stands beside the table with the same numbers. Only published figures are drawn: a
"< 5", suppressed or unpublished cell has no bar and is named as such in the description.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from samen.reports.disclosure import Cell

WIDTH = 480
BAR = 18
GAP = 6
LABEL = 200


def bars(key: str, title: str, rows: Sequence[tuple[Any, Cell]]) -> SafeString:
    """Horizontal bars, one per category; hidden cells get no bar and their text."""
    shown = [cell.value for _label, cell in rows if cell.value is not None]
    top = max(shown, default=0) or 1
    height = len(rows) * (BAR + GAP) + GAP
    parts = []
    described = []
    for n, (label, cell) in enumerate(rows):
        y = GAP + n * (BAR + GAP)
        text = escape(str(label))
        parts.append(
            f'<text x="{LABEL - 6}" y="{y + BAR - 5}" text-anchor="end" class="chart-label">'
            f"{text}</text>"
        )
        if cell.value is not None:
            width = round((WIDTH - LABEL - 50) * cell.value / top)
            parts.append(
                f'<rect x="{LABEL}" y="{y}" width="{width}" height="{BAR}" class="chart-bar"/>'
            )
            parts.append(
                f'<text x="{LABEL + width + 4}" y="{y + BAR - 5}" class="chart-value">'
                f"{cell.value}</text>"
            )
        else:
            parts.append(
                f'<text x="{LABEL + 4}" y="{y + BAR - 5}" class="chart-value">'
                f"{escape(cell.text)}</text>"
            )
        described.append(f"{label}: {cell.text}")
    return _svg(key, title, "; ".join(described), WIDTH, height, parts)


def lines(
    key: str, title: str, years: Sequence[int], series: Sequence[tuple[Any, Sequence[Cell]]]
) -> SafeString:
    """One line per series over the years; a year whose figure is not shown breaks the line."""
    left, right, top_margin, bottom = 40, 160, 10, 30
    height = 200
    values = [c.value for _label, cells in series for c in cells if c.value is not None]
    top = max(values, default=0) or 1
    step = (WIDTH - left - right) / max(len(years) - 1, 1)
    plot = height - top_margin - bottom
    parts = [
        f'<line x1="{left}" y1="{height - bottom}" x2="{WIDTH - right}" y2="{height - bottom}" '
        'class="chart-axis"/>'
    ]
    for n, year in enumerate(years):
        x = round(left + n * step)
        parts.append(
            f'<text x="{x}" y="{height - bottom + 16}" text-anchor="middle" class="chart-label">'
            f"{year}</text>"
        )
    described = []
    for index, (label, cells) in enumerate(series):
        points: list[tuple[int, int]] = []
        for n, cell in enumerate(cells):
            if cell.value is None:
                if len(points) > 1:
                    parts.append(_polyline(points, index))
                points = []
                continue
            x = round(left + n * step)
            y = round(top_margin + plot - plot * cell.value / top)
            points.append((x, y))
            parts.append(f'<circle cx="{x}" cy="{y}" r="3" class="chart-series-{index % 6}"/>')
        if len(points) > 1:
            parts.append(_polyline(points, index))
        y = top_margin + 14 * index + 10
        parts.append(
            f'<text x="{WIDTH - right + 8}" y="{y}" class="chart-label chart-series-{index % 6}">'
            f"{escape(str(label))}</text>"
        )
        figures = ", ".join(f"{year}: {cell.text}" for year, cell in zip(years, cells, strict=True))
        described.append(f"{label}: {figures}")
    return _svg(key, title, "; ".join(described), WIDTH, height, parts)


def _polyline(points: list[tuple[int, int]], index: int) -> str:
    coords = " ".join(f"{x},{y}" for x, y in points)
    return f'<polyline points="{coords}" fill="none" class="chart-line chart-series-{index % 6}"/>'


def _svg(
    key: str, title: str, description: str, width: int, height: int, parts: list[str]
) -> SafeString:
    body = "".join(parts)
    label = escape(title)
    desc = escape(description or _("No figures."))
    return mark_safe(  # noqa: S308 - every text inside is escaped above
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" '
        f'class="chart" aria-labelledby="chart-title-{escape(key)}" '
        f'aria-describedby="chart-desc-{escape(key)}">'
        f'<title id="chart-title-{escape(key)}">{label}</title>'
        f'<desc id="chart-desc-{escape(key)}">{desc}</desc>{body}</svg>'
    )
