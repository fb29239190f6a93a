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
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.text import slugify

FORMATS = ("csv", "xlsx")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_CHARS = frozenset(_FORMULA_START)
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
    # Most values are text that is no formula, or whole numbers: written as they are, without a
    # call per value (a network's list holds thousands of rows).
    writer.writerows(
        [
            value
            if (kind is str and value[:1] not in _FORMULA_CHARS) or kind is int
            else _csv_text(value)
            for value in row
            for kind in (type(value),)
        ]
        for row in table.rows
    )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


# --- XLSX --------------------------------------------------------------------------------------
#
# The workbook is written as the few XML parts of the format (one sheet, inline strings, four
# cell styles), with the cells openpyxl's write-only mode writes: the same values, types and
# formats, about ten times faster (openpyxl makes and checks a cell object per value).

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    "</Types>"
)
_PACKAGE_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<Relationships xmlns="{_PACKAGE_REL}">'
    f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<Relationships xmlns="{_PACKAGE_REL}">'
    f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{_REL}/styles" Target="styles.xml"/>'
    "</Relationships>"
)
# Cell styles: 0 plain, 1 bold (the headings), 2 an amount, 3 a date, 4 a date and time.
_HEADING, _AMOUNT, _DATE, _DATETIME = 1, 2, 3, 4
_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<styleSheet xmlns="{_MAIN}">'
    '<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>'
    '<numFmt numFmtId="165" formatCode="yyyy-mm-dd hh:mm"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b val="1"/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="5">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="4" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
# Characters XML cannot hold (openpyxl refuses them); a cell holds at most 32,767 characters.
_NOT_IN_XML = re.compile("[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f]")
_CELL_MAX = 32767
_SHEET_TITLE_MAX = 31
_NOT_IN_SHEET_TITLE = re.compile(r"[\\*?:/\[\]]")
_EXCEL_EPOCH = datetime(1899, 12, 30)


def _column_letters(n: int) -> str:
    letters = ""
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _text_cell(ref: str, text: str, style: str = "") -> str:
    if not text:
        return f'<c r="{ref}"{style} t="inlineStr"></c>'
    text = _NOT_IN_XML.sub("", text[:_CELL_MAX])
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f'<c r="{ref}"{style} t="inlineStr"><is><t{space}>{_escape(text)}</t></is></c>'


def _escape(text: str) -> str:
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if "\r" in text:  # a reader would take a line end for a bare line feed
        text = text.replace("\r", "&#13;")
    return text


def _serial(moment: datetime) -> float:
    """The day number Excel keeps a date and time as (``openpyxl.utils.datetime.to_excel``)."""
    delta = moment - _EXCEL_EPOCH
    days = delta.days
    if 0 < days <= 60:  # Excel's 29 February 1900
        days -= 1
    seconds = moment.hour * 3600 + moment.minute * 60 + moment.second + moment.microsecond / 1e6
    return days + seconds / 86400


def _number(value: Any) -> str:
    """A number as openpyxl writes it: as a float, to 16 significant digits."""
    return format(float(value), ".16g")


def _cell(ref: str, value: Any) -> str:
    plain = _plain(value)
    kind = type(plain)
    if kind is str:
        return _text_cell(ref, plain)
    if kind is datetime:
        return f'<c r="{ref}" s="{_DATETIME}" t="n"><v>{_number(_serial(plain))}</v></c>'
    if kind is date:
        serial = _serial(datetime(plain.year, plain.month, plain.day))
        return f'<c r="{ref}" s="{_DATE}" t="n"><v>{_number(serial)}</v></c>'
    if kind is Decimal:
        return f'<c r="{ref}" s="{_AMOUNT}" t="n"><v>{_number(plain)}</v></c>'
    return f'<c r="{ref}" t="n"><v>{_number(plain)}</v></c>'


def _sheet_xml(table: Table) -> str:
    width = max([len(table.columns), *(len(row) for row in table.rows)])
    letters = [_column_letters(n) for n in range(1, width + 1)]
    parts = [
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n',
        f'<worksheet xmlns="{_MAIN}"><sheetData><row r="1">',
        *(
            _text_cell(f"{letter}1", str(column), f' s="{_HEADING}"')
            for letter, column in zip(letters, table.columns, strict=False)
        ),
        "</row>",
    ]
    for number, row in enumerate(table.rows, 2):
        parts.append(f'<row r="{number}">')
        for letter, value in zip(letters, row, strict=False):
            ref = f"{letter}{number}"
            parts.append(_text_cell(ref, value) if type(value) is str else _cell(ref, value))
        parts.append("</row>")
    parts.append("</sheetData></worksheet>")
    return "".join(parts)


def sheet_title(title: str) -> str:
    """A title a spreadsheet accepts for a sheet: at most 31 characters, none of ``\\*?:/[]``."""
    title = _NOT_IN_XML.sub("", title)[:_SHEET_TITLE_MAX]
    return _NOT_IN_SHEET_TITLE.sub("-", title).strip("'") or "export"


def xlsx_bytes(table: Table) -> bytes:
    """One sheet: the headings in bold, text as text (never a formula), whole numbers as
    numbers, amounts with two decimals, dates and times as dates."""
    name = xml_escape(sheet_title(table.title), {'"': "&quot;"})
    workbook = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>'
        f'<sheet name="{name}" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _PACKAGE_RELS)
        archive.writestr("xl/workbook.xml", workbook)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        archive.writestr("xl/styles.xml", _STYLES)
        archive.writestr("xl/worksheets/sheet1.xml", _sheet_xml(table))
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
