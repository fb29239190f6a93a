"""The hub import opens uploaded DOCX files only after inspecting them: a bomb corpus generated
here is refused with a form error (422), with little memory and never a server error."""

from __future__ import annotations

import tracemalloc
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from samen.core.tests import bombs
from samen.hub.importing import extract
from samen.hub.models import Document, ImportRecord

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "make",
    [bombs.docx_bomb, bombs.billion_laughs_docx, bombs.nested_docx_bomb, bombs.zip_bomb],
    ids=["docx bomb", "billion laughs", "nested", "zip bomb"],
)
def test_bombs_are_refused_with_a_form_error(editor_client: Any, make: Any) -> None:
    content = make()
    upload = SimpleUploadedFile("actieplan.docx", content)
    tracemalloc.start()
    try:
        response = editor_client.post(reverse("hub:import"), {"kind": "document", "file": upload})
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert response.status_code == 422
    assert "file" in response.context["form"].errors
    assert not Document.objects.exists() and not ImportRecord.objects.exists()
    assert peak < 5 * len(content) + 40 * bombs.MB


def test_xml_a_parser_cannot_read_is_a_form_error_not_a_500(editor_client: Any) -> None:
    import zipfile
    from io import BytesIO

    out = BytesIO()
    with (
        zipfile.ZipFile(BytesIO(bombs.minimal_docx())) as source,
        zipfile.ZipFile(out, "w") as target,
    ):
        for info in source.infolist():
            if info.filename != "word/document.xml":
                target.writestr(info, source.read(info))
        target.writestr("word/document.xml", "<w:document><unclosed>")
    upload = SimpleUploadedFile("kapot.docx", out.getvalue())
    response = editor_client.post(reverse("hub:import"), {"kind": "document", "file": upload})
    assert response.status_code == 422


def test_a_real_docx_is_still_read() -> None:
    extracted = extract("verslag.docx", bombs.minimal_docx("Preventie begint thuis"))
    assert extracted.source_format == "docx"
    assert "Preventie begint thuis" in extracted.text
