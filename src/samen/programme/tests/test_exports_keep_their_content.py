"""The lists as files keep their content when written faster (issue #16): the CSV byte for byte
and the XLSX cell for cell (value, type, number format, bold headings) as the writers they
replace wrote them, kept here as the reference."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from samen.programme import exports
from samen.programme.exports import Table

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def reference_csv(table: Table) -> bytes:
    """The CSV writer as it was: every value through ``_plain`` and the formula guard."""

    def text(value: Any) -> Any:
        value = exports._plain(value)
        if isinstance(value, datetime):
            return value.isoformat(sep=" ", timespec="minutes")
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, str) and value.startswith(FORMULA_START):
            return "'" + value
        return value

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(table.columns)
    for row in table.rows:
        writer.writerow([text(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def reference_xlsx(table: Table) -> bytes:
    """The XLSX writer as it was: openpyxl's write-only mode, a cell object per value."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=table.title[:31].replace("/", "-") or "export")
    bold = Font(bold=True)
    header = []
    for column in table.columns:
        cell = WriteOnlyCell(sheet, value=str(column))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in table.rows:
        cells = []
        for value in row:
            plain = exports._plain(value)
            cell = WriteOnlyCell(sheet, value=plain)
            if isinstance(plain, str):
                cell.data_type = "s"
            elif isinstance(plain, datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(plain, date):
                cell.number_format = "yyyy-mm-dd"
            elif isinstance(plain, Decimal):
                cell.number_format = "#,##0.00"
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def every_kind_of_value() -> list[list[Any]]:
    moment = datetime(2025, 3, 4, 5, 6, 7, 890, tzinfo=timezone.get_current_timezone())
    return [
        ["Thema", " Actie met spaties ", "=SOM(A1)", None, True, 3, Decimal("12.50")],
        [date(2025, 1, 1), moment, 'x<&>"y\nz', "", False, -5, Decimal("-0.01")],
        ["é ü ß 中 — €", "+31 6 1234", "@bericht", "\tingesprongen", 1.5, date(1900, 2, 1), 0],
        ["a'b", 10**20, "-", "regel\r\nregel", Decimal("9999999999.99"), date(2099, 12, 31), ""],
        ["kort"],
    ]


COLUMNS = ["Thema", "Actie", "Formule", "Leeg", "Ja", "Getal", "Bedrag"]


@pytest.mark.parametrize(
    "rows", [[], every_kind_of_value(), [["Gemeente", "Anna de Boer", "n", None]] * 500]
)
def test_the_csv_is_byte_for_byte_what_it_was(rows: list[list[Any]]) -> None:
    table = Table("Contactpersonen", COLUMNS, rows)
    assert exports.csv_bytes(table) == reference_csv(table)


def cells(content: bytes) -> tuple[str, list[list[tuple[Any, ...]]]]:
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet is not None
    return sheet.title, [
        [(c.value, c.data_type, c.number_format, bool(c.font.b)) for c in row]
        for row in sheet.iter_rows()
    ]


@pytest.mark.parametrize("title", ["Acties/2025", "x" * 40, "", "Samen weerbaar"])
@pytest.mark.parametrize("rows", [[], every_kind_of_value()])
def test_the_xlsx_holds_the_cells_it_held(title: str, rows: list[list[Any]]) -> None:
    table = Table(title, COLUMNS, rows)
    assert cells(exports.xlsx_bytes(table)) == cells(reference_xlsx(table))


def test_text_stays_text_and_headings_bold() -> None:
    table = Table(
        "Lijst", ["Naam", "Bedrag"], [["=1+1", Decimal("3.10")], ["@x", date(2025, 1, 2)]]
    )
    title, written = cells(exports.xlsx_bytes(table))
    assert title == "Lijst"
    assert written[0] == [("Naam", "s", "General", True), ("Bedrag", "s", "General", True)]
    assert written[1] == [("=1+1", "s", "General", False), (3.1, "n", "#,##0.00", False)]
    assert written[2][0] == ("@x", "s", "General", False)
    assert written[2][1][1:] == ("d", "yyyy-mm-dd", False)


def test_a_title_a_spreadsheet_refuses_is_made_acceptable() -> None:
    """openpyxl refused a plan titled "Plan: 2025" (a server error); the sheet is named
    without the characters a sheet title cannot hold."""
    table = Table("Plan: 2025 [concept] *?\\", ["Actie"], [["x"]])
    title, rows = cells(exports.xlsx_bytes(table))
    assert title == "Plan- 2025 -concept- ---"
    assert rows == [[("Actie", "s", "General", True)], [("x", "s", "General", False)]]


def test_characters_xml_cannot_hold_are_left_out() -> None:
    """openpyxl refused them (a server error); the rest of the text is kept."""
    table = Table("Lijst", ["Tekst"], [["voor\x00\x08\x0bna\ttab"]])
    _title, rows = cells(exports.xlsx_bytes(table))
    assert rows[1] == [("voorna\ttab", "s", "General", False)]
