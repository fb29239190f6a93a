"""The PDFs samen makes are tagged: a structure tree in reading order, the catalog marked and
with a language, every text inside marked content, page numbers as artifacts."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from samen.core.pdf import document
from samen.core.tests.pdf_tags import artifacts, references, structure, untagged_text


def _long_document() -> bytes:
    pdf = document("Titel", "nl")
    pdf.add_page()
    pdf.heading("Titel", 1, 16)
    pdf.paragraph("Een alinea. " * 1500)  # runs over a page break
    pdf.heading("Een tabel", 2, 12)
    with pdf.table() as grid:
        grid.row(["Kop", "Aantal"])
        for n in range(80):  # runs over a page break: the heading row is repeated
            grid.row([f"rij {n}", str(n)])
    return bytes(pdf.output())


def test_the_catalog_is_marked_with_a_language_and_a_structure_tree() -> None:
    data = _long_document()
    reader, elems = structure(data)
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] == True  # noqa: E712 - a PDF boolean
    assert root["/Lang"] == "nl"
    assert "/Outlines" in root
    types = [t for t, _depth in elems]
    assert types[:3] == ["/Document", "/H1", "/P"]
    assert "/H2" in types
    # The table: rows nested in the table, cells nested in the rows.
    depth_of = {t: d for t, d in reversed(elems)}
    assert depth_of["/Table"] + 1 == depth_of["/TR"] and depth_of["/TR"] + 1 == depth_of["/TD"]
    assert types.count("/TH") == 2  # the heading row once, though printed on two pages
    assert types.count("/TR") == 81
    assert len(reader.pages) >= 3


def test_every_text_is_inside_marked_content() -> None:
    data = _long_document()
    reader = PdfReader(BytesIO(data))
    assert untagged_text(reader) == []
    # The page numbers and the repeated heading row.
    assert artifacts(reader) >= len(reader.pages) + 1
    # The paragraph over two pages is one element, continued by a marked-content reference.
    assert references(reader) >= 1


def test_a_figure_has_its_alternate_text() -> None:
    from PIL import Image

    image = Image.new("RGB", (10, 10), "red")
    pdf = document("Titel", "en")
    pdf.add_page()
    pdf.figure(image, "A red square", w=20)
    reader, elems = structure(bytes(pdf.output()))
    assert ("/Figure", 1) in elems
    figure = _elements(reader, "/Figure")
    assert [str(f["/Alt"]) for f in figure] == ["A red square"]
    assert untagged_text(reader) == []


def _elements(reader: PdfReader, struct_type: str) -> list[Any]:
    found = []
    for number in range(1, reader.trailer["/Size"]):
        obj = reader.get_object(number)
        if isinstance(obj, DictionaryObject) and obj.get("/S") == struct_type:
            found.append(obj)
    return found
