"""Every list of the programme as CSV and XLSX.

A list is a ``Table`` (a title, column headings and rows of plain values); a page offers it as
``?format=csv`` or ``?format=xlsx``. Files are never cached (``Cache-Control: no-store``): named
lists of the network are personal data, and the view records every export in the audit log.
Text that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``) is
written as text: with a leading apostrophe in CSV, as a string cell in XLSX.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.text import slugify

FORMATS = ("csv", "xlsx")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Table:
    title: str
    columns: list[str]
    rows: list[list[Any]] = field(default_factory=list)

    @property
    def filename(self) -> str:
        return slugify(self.title) or "export"


def requested_format(request: HttpRequest) -> str:
    """``csv`` or ``xlsx`` when the page was asked for an export, else ``""``."""
    fmt = request.GET.get("format", "")
    return fmt if fmt in FORMATS else ""


def _plain(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None)
    if isinstance(value, (int, Decimal, date)):
        return value
    return str(value)


def _csv_text(value: Any) -> Any:
    value = _plain(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_bytes(table: Table) -> bytes:
    """UTF-8 with a byte-order mark (spreadsheets then read the accents right), comma separated,
    decimals with a point, dates as ISO 8601."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(table.columns)
    for row in table.rows:
        writer.writerow([_csv_text(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _sheet_title(title: str) -> str:
    """A sheet's title as spreadsheets take it: at most 31 characters, none of ``\\ * ? : / [ ]``
    (a plan called "Plan: 2025" gave a server error)."""
    return re.sub(r"[\\*?:/\[\]]", "-", title)[:31] or "export"


def xlsx_bytes(table: Table) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_sheet_title(table.title))
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
            plain = _plain(value)
            if isinstance(plain, str):
                # Control characters XML cannot hold (openpyxl refuses them): left out.
                plain = ILLEGAL_CHARACTERS_RE.sub("", plain)
            cell = WriteOnlyCell(sheet, value=plain)
            if isinstance(plain, str):
                cell.data_type = "s"  # never a formula
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


def response(table: Table, fmt: str) -> HttpResponse:
    if fmt == "xlsx":
        body, content_type, extension = xlsx_bytes(table), XLSX_TYPE, "xlsx"
    else:
        body, content_type, extension = csv_bytes(table), "text/csv; charset=utf-8", "csv"
    result = HttpResponse(body, content_type=content_type)
    stamp = timezone.localdate().isoformat()
    result["Content-Disposition"] = f'attachment; filename="{table.filename}-{stamp}.{extension}"'
    result["Cache-Control"] = "no-store, private"
    return result
