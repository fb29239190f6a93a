"""The yearly account as files: every table as CSV and XLSX, all figures as one JSON document
(schema: docs/account.schema.json), the whole account as PDF (document language, outline of
the headings) and as DOCX the council clerk can edit.

Every export is built from the same ``Account`` the page shows: only published figures leave
(a hidden cell is written as its text, "< 5", "suppressed" or "not published", never as a
number), so what the page withholds no export gives away."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from samen.programme.exports import Table as FileTable
from samen.reports.account import Account, Table, Trend
from samen.reports.models import AccountText

SCHEMA_ID = "https://samen.example/schemas/account-1.json"  # docs/account.schema.json
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def period_label(account: Account) -> str:
    p = account.period
    if p.is_whole_year:
        return _("Reporting year %(year)s (%(start)s to %(end)s)") % {
            "year": p.year,
            "start": p.start.isoformat(),
            "end": p.last_day.isoformat(),
        }
    return _("Council update: %(part)s of %(year)s (%(start)s to %(end)s)") % {
        "part": str(p.label).lower(),
        "year": p.year,
        "start": p.start.isoformat(),
        "end": p.last_day.isoformat(),
    }


def file_table(table: Table) -> FileTable:
    """One table of the account as a CSV/XLSX list: category, figure (a number when published,
    else its text), and the total as the last row."""
    result = FileTable(str(table.title), [str(table.dimension or _("Figure")), _("Number")])
    for row in table.rows:
        shown = row.cell.value if row.cell.value is not None else row.cell.text
        result.rows.append([str(row.label), shown])
    total = table.total
    result.rows.append([_("Total"), total.value if total.value is not None else total.text])
    return result


def _cell(cell: Any) -> dict[str, Any]:
    return {"value": cell.value, "shown_as": cell.text, "mark": str(cell.mark)}


def _money(value: Decimal) -> str:
    return f"{value:.2f}"


def as_json(
    account: Account, municipality: str, trend: Trend, texts: list[AccountText]
) -> dict[str, Any]:
    """All figures of the account in one document (docs/account.schema.json)."""
    p = account.period
    return {
        "$schema": SCHEMA_ID,
        "municipality": municipality,
        "period": {
            "year": p.year,
            "part": p.part or "year",
            "start": p.start.isoformat(),
            "end": p.last_day.isoformat(),
        },
        "threshold": account.threshold,
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        "tables": [
            {
                "key": table.key,
                "section": table.section,
                "title": str(table.title),
                "population": table.population,
                "dimension": str(table.dimension),
                "total": _cell(table.total),
                "rows": [
                    {"key": row.key, "label": str(row.label), **_cell(row.cell)}
                    for row in table.rows
                ],
            }
            for table in account.tables
        ],
        "weighing": {
            "term_days": account.weighing_term_days,
            "median_days": account.median_days_to_weighing,
        },
        "budget": [
            {
                "year": row.year,
                "theme": row.theme,
                "planned": _money(row.planned),
                "granted": _money(row.granted),
                "spent": _money(row.spent),
            }
            for row in account.budget.rows
        ],
        "trend": {
            "years": trend.years,
            "rows": [
                {"label": str(label), "cells": [_cell(c) for c in cells]}
                for label, cells in trend.rows
            ],
        },
        "texts": [
            {
                "theme": text.theme.title if text.theme else "",
                "status": text.status,
                "wanted": text.wanted,
                "did": text.did,
                "conclude": text.conclude,
            }
            for text in texts
        ],
    }


def json_bytes(document: dict[str, Any]) -> bytes:
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")


def _sections(account: Account) -> list[tuple[str, list[Table]]]:
    return [
        (_("Casework"), account.section("casework")),
        (_("The prevention programme"), account.section("programme")),
    ]


def _text_blocks(texts: list[AccountText]) -> list[tuple[str, list[tuple[str, str]]]]:
    blocks = []
    for text in texts:
        title = text.theme.title if text.theme else _("The approach as a whole")
        if text.status != AccountText.Status.FINAL:
            title = f"{title} ({_('draft')})"
        blocks.append(
            (
                title,
                [
                    (_("What did we want to achieve?"), text.wanted),
                    (_("What did we do?"), text.did),
                    (_("What do we conclude?"), text.conclude),
                ],
            )
        )
    return blocks


def _budget_rows(account: Account) -> list[list[str]]:
    """The budget of the year in euro (amounts, not counts of people: shown as they are)."""
    if not account.budget.rows:
        return []
    rows = [[_("Theme"), _("Planned"), _("Granted"), _("Spent")]]
    for row in [*account.budget.rows, account.budget.total]:
        rows.append(
            [
                row.theme or _("Total"),
                f"€ {_money(row.planned)}",
                f"€ {_money(row.granted)}",
                f"€ {_money(row.spent)}",
            ]
        )
    return rows


# A chart in the PDF: at most this many bars (a longer one would not fit on a page).
CHART_ROWS = 40


def chart_description(table: Table) -> str:
    """What a chart of the table shows, for those who do not see it: every category with its
    published figure (the chart's alternate text)."""
    rows = "; ".join(f"{row.label}: {row.cell.text}" for row in table.rows)
    return f"{table.title}. {rows}"


def _bar_figure(pdf: Any, table: Table) -> None:
    """Horizontal bars of the published figures, as a tagged figure whose alternate text names
    every figure; a hidden cell has no bar, only its text."""
    from samen.core.pdf import FAMILY

    shown = [row.cell.value for row in table.rows if row.cell.value is not None]
    if not any(shown) or len(table.rows) > CHART_ROWS:
        return
    row_height, label_width = 4.5, 70.0
    bar_width = pdf.epw - label_width - 20
    top = max(v for v in shown if v is not None)
    pdf.ln(2)
    if pdf.will_page_break(len(table.rows) * row_height + 4):
        pdf.add_page()
    with pdf.tagged("/Figure", alt=chart_description(table)):
        x, y = pdf.l_margin, pdf.get_y()
        pdf.set_font(FAMILY, "", 7)
        pdf.set_fill_color(50, 90, 160)
        for row in table.rows:
            pdf.set_xy(x, y)
            pdf.cell(label_width - 2, row_height, str(row.label)[:60], align="R")
            value = row.cell.value
            width = bar_width * value / top if value else 0
            if width:
                pdf.rect(x + label_width, y + 0.8, width, row_height - 1.6, style="F")
            pdf.set_xy(x + label_width + width + 1, y)
            pdf.cell(18, row_height, str(value) if value is not None else row.cell.text)
            y += row_height
        pdf.set_xy(x, y + 1)
    pdf.set_fill_color(255, 255, 255)


def pdf_bytes(account: Account, municipality: str, trend: Trend, texts: list[AccountText]) -> bytes:
    """The whole account as a tagged PDF (``samen.core.pdf``): headings, paragraphs, tables and
    the charts (figures with their figures as alternate text) in the structure tree in reading
    order, the document language, an outline of the headings."""
    from fpdf.fonts import FontFace

    from samen.core.pdf import FAMILY, document

    title = _("Yearly account to the council") + f" · {municipality}"
    pdf = document(title, get_language() or "nl")
    pdf.add_page()
    pdf.heading(title, 1, 16, 9)
    pdf.paragraph(period_label(account))
    pdf.paragraph(
        _(
            "Anonymised. Numbers below %(n)s are shown as “< %(n)s”; where a total would give one "
            "away, another number is suppressed too."
        )
        % {"n": account.threshold}
    )
    heading = FontFace(emphasis="BOLD")
    for block_title, answers in _text_blocks(texts):
        pdf.ln(3)
        pdf.heading(block_title, 2, 12)
        for question, answer in answers:
            pdf.heading(question, 3, 10, 6)
            pdf.paragraph(answer or "-")
    for section_title, tables in _sections(account):
        pdf.add_page()
        pdf.heading(section_title, 2, 14, 8)
        for table in tables:
            pdf.ln(2)
            pdf.heading(str(table.title), 3, 10, 6)
            pdf.set_font(FAMILY, "", 9)
            rows = [[str(r.label), r.cell.text] for r in table.rows] + [
                [_("Total"), table.total.text]
            ]
            with pdf.table(col_widths=(3, 1), headings_style=heading) as grid:
                grid.row([str(table.dimension or _("Figure")), _("Number")])
                for values in rows:
                    grid.row(values)
            if table.chart:
                _bar_figure(pdf, table)
    budget = _budget_rows(account)
    if budget:
        pdf.ln(2)
        pdf.heading(_("Budget"), 3, 10, 6)
        pdf.set_font(FAMILY, "", 9)
        with pdf.table(headings_style=heading) as grid:
            for values in budget:
                grid.row(values)
    pdf.add_page()
    pdf.heading(_("Years side by side"), 2, 14, 8)
    pdf.set_font(FAMILY, "", 9)
    with pdf.table(headings_style=heading) as grid:
        grid.row(["", *[str(y) for y in trend.years]])
        for label, cells in trend.rows:
            grid.row([str(label), *[c.text for c in cells]])
    return bytes(pdf.output())


class _Docx:
    """A python-docx document whose styles are looked up once: assigning a style by name or by
    object makes python-docx scan every style of the document for the default one (each time:
    two thirds of the account's DOCX went to that), so the ids are set directly, as
    ``paragraph.style = name`` would set them."""

    def __init__(self) -> None:
        from docx import Document

        self.doc = Document()
        styles = self.doc.styles
        self.headings = {
            level: styles["Title" if level == 0 else f"Heading {level}"].style_id
            for level in (0, 1, 2)
        }
        self.grid = styles["Table Grid"].style_id

    def heading(self, text: str, level: int) -> None:
        paragraph = self.doc.add_paragraph(text)
        paragraph._p.style = self.headings[level]

    def table(self, rows: list[list[str | None]], cols: int) -> None:
        """A grid of ``rows`` (made at once: a row added later is slower); a cell of None is
        left empty."""
        grid = self.doc.add_table(rows=len(rows), cols=cols)
        grid._tbl.tblStyle_val = self.grid
        for row, values in zip(grid.rows, rows, strict=True):
            for cell, value in zip(row.cells, values, strict=False):
                if value is not None:
                    cell.text = value


def docx_bytes(
    account: Account, municipality: str, trend: Trend, texts: list[AccountText]
) -> bytes:
    out_doc = _Docx()
    doc = out_doc.doc
    title = _("Yearly account to the council") + f" · {municipality}"
    doc.core_properties.title = title
    doc.core_properties.language = get_language() or "nl"
    out_doc.heading(title, 0)
    doc.add_paragraph(period_label(account))
    for block_title, answers in _text_blocks(texts):
        out_doc.heading(block_title, 1)
        for question, answer in answers:
            out_doc.heading(question, 2)
            doc.add_paragraph(answer or "-")
    for section_title, tables in _sections(account):
        out_doc.heading(section_title, 1)
        for table in tables:
            out_doc.heading(str(table.title), 2)
            rows: list[list[str | None]] = [[str(table.dimension or _("Figure")), _("Number")]]
            rows += [[str(row.label), row.cell.text] for row in table.rows]
            rows.append([_("Total"), table.total.text])
            out_doc.table(rows, 2)
    budget = _budget_rows(account)
    if budget:
        out_doc.heading(_("Budget"), 2)
        out_doc.table([list(row) for row in budget], 4)
    out_doc.heading(_("Years side by side"), 1)
    years: list[list[str | None]] = [[None, *[str(year) for year in trend.years]]]
    years += [[str(label), *[cell.text for cell in cells]] for label, cells in trend.rows]
    out_doc.table(years, len(trend.years) + 1)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
