"""Archives are inspected without inflating them: a generated bomb corpus is refused from the
central directory, with little memory, and entries are only read streamed with a cap."""

from __future__ import annotations

import contextlib
import tracemalloc
import zipfile
from collections.abc import Callable
from io import BytesIO

import pytest

from samen.core import archives
from samen.core.tests import bombs

MB = bombs.MB


def _peak(action: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        with contextlib.suppress(archives.UnsafeArchive):
            action()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize(
    ("make", "code"),
    [
        (bombs.zip_bomb, "ratio"),
        (bombs.odt_mimetype_bomb, "too_large"),
        (bombs.docx_bomb, "too_large"),
        (bombs.nested_docx_bomb, "too_large"),
        (bombs.many_entries, "too_many_entries"),
    ],
    ids=["zip bomb", "odt mimetype bomb", "docx bomb", "nested zip", "many entries"],
)
def test_bombs_are_refused_from_the_central_directory(make: Callable[[], bytes], code: str) -> None:
    data = make()
    assert len(data) < 2 * MB
    with pytest.raises(archives.UnsafeArchive) as refused:
        archives.inspect(data)
    assert refused.value.code == code
    # Inspecting costs a little more than the upload itself, never the inflated size.
    assert _peak(lambda: archives.inspect(data)) < len(data) + 8 * MB


def test_an_entry_that_lies_about_its_size_is_read_only_up_to_the_cap() -> None:
    data = bombs.lying_odt()
    peak = 0

    def read() -> None:
        with archives.inspect(data) as archive:
            archive.read("mimetype", cap=100)

    with pytest.raises(archives.UnsafeArchive):
        read()
    peak = _peak(read)
    assert peak < 8 * MB


def test_a_capped_read_refuses_more_than_the_cap() -> None:
    out = BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", b"x" * 5000)
    with archives.inspect(out.getvalue()) as inspected, pytest.raises(archives.UnsafeArchive):
        inspected.read("mimetype", cap=100)


def test_xml_with_a_document_type_declaration_is_refused_when_asked() -> None:
    data = bombs.billion_laughs_docx()
    archives.inspect(data).close()  # not asked: the XML is not looked at
    with pytest.raises(archives.UnsafeArchive) as refused:
        archives.inspect(data, archives.ArchiveLimits(forbid_xml_dtd=True))
    assert refused.value.code == "dtd"


def test_a_real_document_with_an_embedded_spreadsheet_passes() -> None:
    inner = BytesIO()
    with zipfile.ZipFile(inner, "w", compression=zipfile.ZIP_DEFLATED) as sheet:
        sheet.writestr("xl/workbook.xml", "<workbook/>")
    docx = bombs.minimal_docx()
    out = BytesIO()
    with zipfile.ZipFile(BytesIO(docx)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            target.writestr(info, source.read(info))
        target.writestr("word/embeddings/sheet.xlsx", inner.getvalue())
    limits = archives.ArchiveLimits(forbid_xml_dtd=True)
    with archives.inspect(out.getvalue(), limits) as archive:
        assert "word/document.xml" in archive.names


def test_encrypted_and_unknown_methods_and_split_archives_are_refused() -> None:
    out = BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_BZIP2) as archive:
        archive.writestr("a.txt", b"abc")
    with pytest.raises(archives.UnsafeArchive) as refused:
        archives.inspect(out.getvalue())
    assert refused.value.code == "method"
    encrypted = bytearray(bombs.minimal_docx())
    # Set the "encrypted" flag of the first central directory entry.
    at = encrypted.find(b"PK\x01\x02")
    encrypted[at + 8] |= 0x1
    with pytest.raises(archives.UnsafeArchive) as refused:
        archives.inspect(bytes(encrypted))
    assert refused.value.code == "encrypted"
    with pytest.raises(archives.UnsafeArchive):
        archives.inspect(b"PK\x03\x04 not really")
