"""Reading a tagged PDF back: its structure tree and whether every text is marked content."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from pypdf import PdfReader
from pypdf.generic import ContentStream, DictionaryObject

TEXT_OPERATORS = {b"Tj", b"TJ", b"'", b'"'}


def structure(data: bytes) -> tuple[PdfReader, list[tuple[str, int]]]:
    """The reader and the structure elements in reading order: (type, depth)."""
    reader = PdfReader(BytesIO(data))
    root = reader.trailer["/Root"]
    found: list[tuple[str, int]] = []

    def walk(elem: Any, depth: int) -> None:
        kids = elem.get("/K")
        if kids is None:
            return
        kids = kids.get_object()
        for kid in kids if isinstance(kids, list) else [kids]:
            kid = kid.get_object()
            if isinstance(kid, DictionaryObject) and kid.get("/Type") == "/StructElem":
                found.append((str(kid["/S"]), depth))
                walk(kid, depth + 1)

    walk(root["/StructTreeRoot"].get_object(), 0)
    return reader, found


def artifacts(reader: PdfReader) -> int:
    """How many ``/Artifact`` marked-content sequences the pages hold."""
    found = 0
    for page in reader.pages:
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            if operator in (b"BMC", b"BDC") and operands and operands[0] == "/Artifact":
                found += 1
    return found


def references(reader: PdfReader) -> int:
    """How many marked-content references (parts of an element on another page) there are."""
    count = 0

    def walk(elem: Any) -> None:
        nonlocal count
        kids = elem.get("/K")
        kids = kids.get_object() if kids is not None else []
        for kid in kids if isinstance(kids, list) else [kids]:
            kid = kid.get_object()
            if isinstance(kid, DictionaryObject) and kid.get("/Type") == "/MCR":
                count += 1
            elif isinstance(kid, DictionaryObject) and kid.get("/Type") == "/StructElem":
                walk(kid)

    walk(reader.trailer["/Root"]["/StructTreeRoot"].get_object())
    return count


def untagged_text(reader: PdfReader) -> list[tuple[int, str]]:
    """Every text-showing operator outside a marked-content sequence: (page, operator)."""
    loose = []
    for number, page in enumerate(reader.pages, start=1):
        content = ContentStream(page.get_contents(), reader)
        depth = 0
        for _operands, operator in content.operations:
            if operator in (b"BDC", b"BMC"):
                depth += 1
            elif operator == b"EMC":
                depth -= 1
                assert depth >= 0, f"EMC without BDC on page {number}"
            elif operator in TEXT_OPERATORS and depth == 0:
                loose.append((number, operator.decode()))
        assert depth == 0, f"unclosed marked content on page {number}"
    return loose
