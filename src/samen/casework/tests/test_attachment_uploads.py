"""Uploads: an allow-list by content, a stored name derived from the detected type, bombs and
active content refused (a bomb corpus generated here), and downloads that cannot run."""

from __future__ import annotations

import tracemalloc
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from samen.casework.models import Attachment
from samen.casework.tests.factories import World, pdf_file
from samen.conftest import login
from samen.core.tests import bombs

pytestmark = pytest.mark.django_db

PE = b"MZ" + bytes(58) + (64).to_bytes(4, "little") + b"PE\x00\x00" + bytes(200)


def _upload(client: Any, world: World, name: str, content: bytes, title: str = "Stuk") -> Any:
    login(client, world.users["case_table_member"])
    return client.post(
        reverse("casework:case_attachment", kwargs={"pk": world.case.pk}),
        {
            "attachment-kind": "report",
            "attachment-title": title,
            "attachment-file": SimpleUploadedFile(name, content, "application/octet-stream"),
        },
    )


def _newest(world: World) -> Attachment | None:
    return Attachment.objects.filter(case=world.case, pk__gt=world.attachment.pk).first()


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("verslag.odt", bombs.odt_mimetype_bomb),
        ("verslag.odt", bombs.lying_odt),
        ("data.zip", bombs.zip_bomb),
        ("verslag.docx", bombs.docx_bomb),
        ("verslag.docx", bombs.nested_docx_bomb),
        ("verslag.docx", bombs.billion_laughs_docx),
    ],
    ids=["odt mimetype bomb", "lying odt", "zip bomb", "docx bomb", "nested", "billion laughs"],
)
def test_bombs_are_refused_without_inflating(
    client: Any, world: World, name: str, make: Any
) -> None:
    content = make()
    tracemalloc.start()
    try:
        response = _upload(client, world, name, content)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert response.status_code == 422
    assert _newest(world) is None
    # The upload is held a few times over (request body, form, check); never its inflated size.
    assert peak < 5 * len(content) + 40 * bombs.MB


def test_a_real_docx_is_accepted_and_named_by_its_type(client: Any, world: World) -> None:
    response = _upload(client, world, "verslag.exe", bombs.minimal_docx())
    assert response.status_code == 302
    attachment = _newest(world)
    assert attachment is not None
    assert attachment.filename == "verslag.docx"
    assert attachment.content_type.endswith("wordprocessingml.document")


def test_a_docx_with_macros_is_refused(client: Any, world: World) -> None:
    import zipfile
    from io import BytesIO

    out = BytesIO()
    with (
        zipfile.ZipFile(BytesIO(bombs.minimal_docx())) as source,
        zipfile.ZipFile(out, "w") as target,
    ):
        for info in source.infolist():
            target.writestr(info, source.read(info))
        target.writestr("word/vbaProject.bin", b"Attribute VB_Name")
    assert _upload(client, world, "verslag.docx", out.getvalue()).status_code == 422
    assert _newest(world) is None


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("report.html", b"<!doctype html><p>Rapport</p><script>alert(1)</script>"),
        ("chart.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("notes.txt", b"Notities\n<html><body onload=alert(1)>"),
        ("data.xml", b'<?xml version="1.0"?><a/>'),
        ("tool.exe", PE),
        ("binary.bin", b"\x00\x01\x02 not text"),
    ],
    ids=["html", "svg", "html in txt", "xml", "exe", "binary"],
)
def test_markup_and_executables_are_refused(
    client: Any, world: World, name: str, content: bytes
) -> None:
    assert _upload(client, world, name, content).status_code == 422
    assert _newest(world) is None


def test_a_script_is_stored_as_inert_text_under_a_txt_name(client: Any, world: World) -> None:
    assert _upload(client, world, "run.bat", b"@echo off\r\ndel /q *.*\r\n").status_code == 302
    attachment = _newest(world)
    assert attachment is not None
    assert (attachment.filename, attachment.content_type) == ("run.txt", "text/plain")


def test_the_stored_name_loses_bidi_controls_and_the_clients_extension(
    client: Any, world: World
) -> None:
    response = _upload(client, world, "Rapport\u202efdp.exe", pdf_file("rapport"))
    assert response.status_code == 302
    attachment = _newest(world)
    assert attachment is not None
    assert attachment.filename == "Rapportfdp.pdf"
    assert _upload(client, world, "brief.exe.pdf", pdf_file("brief")).status_code == 302
    assert Attachment.objects.filter(case=world.case).order_by("-pk")[0].filename == (
        "brief_exe.pdf"
    )


def _javascript_action() -> DictionaryObject:
    return DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert(1)"),
        }
    )


def _launch_action() -> DictionaryObject:
    return DictionaryObject(
        {
            NameObject("/S"): NameObject("/Launch"),
            NameObject("/F"): TextStringObject("calc.exe"),
        }
    )


def _with_embedded_file() -> bytes:
    from io import BytesIO

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.add_attachment("payload.txt", b"hidden")
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(lambda: pdf_file("x", OpenAction=_javascript_action()), id="openaction js"),
        pytest.param(lambda: pdf_file("x", OpenAction=_launch_action()), id="launch"),
        pytest.param(
            lambda: pdf_file("x", AA=DictionaryObject({NameObject("/O"): _javascript_action()})),
            id="additional actions",
        ),
        pytest.param(_with_embedded_file, id="embedded file"),
        pytest.param(
            lambda: pdf_file("x").replace(b"/Title", b"/J#61vaScript", 1), id="obfuscated name"
        ),
        pytest.param(lambda: pdf_file("x") + PE, id="exe appended"),
        pytest.param(lambda: PE[:400] + pdf_file("x"), id="exe first"),
        pytest.param(lambda: b"%PDF-1.7 no structure at all\n%%EOF", id="unreadable"),
    ],
)
def test_pdfs_with_active_content_or_polyglots_are_refused(
    client: Any, world: World, content: Any
) -> None:
    assert _upload(client, world, "duiding.pdf", content()).status_code == 422
    assert _newest(world) is None


def test_a_pdf_that_opens_at_its_first_page_is_accepted(client: Any, world: World) -> None:
    opening = ArrayObject([NumberObject(0), NameObject("/Fit")])
    response = _upload(client, world, "duiding.pdf", pdf_file("x", OpenAction=opening))
    assert response.status_code == 302
