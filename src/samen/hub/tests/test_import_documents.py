"""Importing action plans and reports: sections by heading, actions with their lead."""

from __future__ import annotations

import io
from typing import Any

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from samen.audit.models import AuditEntry
from samen.hub.importing import extract, read_document
from samen.hub.models import Document, DocumentAction, ImportRecord, Section
from samen.hub.tests.conftest import fixture_text

pytestmark = pytest.mark.django_db


def test_action_plan_is_split_into_sections_with_actions_and_leads() -> None:
    parsed = read_document(fixture_text("actieplan_rivierstad.txt"))
    # The title page's title and subtitle, not the table of contents.
    assert (
        parsed.title == "Actieplan Rivierstad verbindt — Een gezamenlijke aanpak van radicalisering"
    )
    assert parsed.language == "nl"
    headings = [s.heading for s in parsed.sections]
    for heading in ("1. Inleiding", "2.1 Opvoeding", "2.2 Onderwijs", "3. Financiën"):
        assert heading in headings
    path = " \u203a ".join(["2. De thema's", "2.1 Opvoeding", "Wat gaan we samen doen?"])
    opvoeding = next(s for s in parsed.sections if s.path == path)
    assert [a.title for a in opvoeding.actions] == ["Opvoedcursus voor ouders", "Vadergroepen"]
    assert {a.lead for a in opvoeding.actions} == {"Noor Vermeulen, Centrum Jeugd en Gezin"}
    assert opvoeding.actions[0].partners.startswith("Stichting Moederkracht")
    leads = {a.title: a.lead for a in parsed.actions}
    assert leads["Lessen over polarisatie"] == "Daan Smits, Stichting Vreedzaam Rivierstad"
    assert leads["Mediawijsheid in de wijk"] == ""  # the document names no lead here
    assert leads["Nazorg voor terugkeerders en hun families"] == "Veiligheidshuis Rivierland"


def test_no_text_is_dropped_from_a_document() -> None:
    text = fixture_text("actieplan_rivierstad.txt")
    parsed = read_document(text)
    kept = " ".join(f"{s.heading} {s.body}" for s in parsed.sections)
    for word in ("werkbijeenkomsten", "ronselaars", "subsidie", "Inhoud"):
        assert word in kept


def test_html_report_headings_become_sections() -> None:
    extracted = extract("lab.html", fixture_text("report_policy_lab.html").encode())
    assert extracted.source_format == "html"
    assert "var x" not in extracted.text and "color:red" not in extracted.text
    parsed = read_document(extracted.text)
    assert parsed.title == "Prevention in three countries"
    assert parsed.language == "en"
    returnees = next(s for s in parsed.sections if s.heading == "Workshop on returnees")
    assert returnees.level == 3
    assert returnees.actions == [] or returnees.actions[0].lead == ""
    assert "support returnees" in returnees.body


def test_docx_headings_and_bold_action_titles_are_read() -> None:
    document = docx.Document()
    document.add_heading("Plan d'action de Valrive", level=1)
    document.add_heading("Parents et écoles", level=2)
    document.add_paragraph("Pilote : Centre social des Tilleuls")
    item = document.add_paragraph(style="List Bullet")
    item.add_run("Café des parents.").bold = True
    item.add_run(" Une rencontre mensuelle pour les parents inquiets.")
    buffer = io.BytesIO()
    document.save(buffer)
    extracted = extract("plan.docx", buffer.getvalue())
    assert extracted.source_format == "docx"
    parsed = read_document(extracted.text)
    section = next(s for s in parsed.sections if s.heading == "Parents et écoles")
    assert section.level == 2
    assert [(a.title, a.lead) for a in section.actions] == [
        ("Café des parents", "Centre social des Tilleuls")
    ]


def _minimal_pdf(text: str) -> bytes:
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def test_pdf_text_is_extracted() -> None:
    extracted = extract("report.pdf", _minimal_pdf("Prevention starts with parents and schools"))
    assert extracted.source_format == "pdf"
    assert "Prevention starts with parents" in extracted.text


def test_unreadable_pdf_is_refused_with_a_message(editor_client: Any) -> None:
    upload = SimpleUploadedFile("broken.pdf", b"%PDF-1.4 nothing here")
    response = editor_client.post(reverse("hub:import"), {"kind": "document", "file": upload})
    assert response.status_code == 422
    assert not Document.objects.exists()


def test_document_import_saves_sections_actions_and_audit(editor_client: Any) -> None:
    upload = SimpleUploadedFile("actieplan.txt", fixture_text("actieplan_rivierstad.txt").encode())
    review = editor_client.post(reverse("hub:import"), {"kind": "auto", "file": upload})
    assert review.status_code == 200
    assert "Noor Vermeulen" in review.content.decode()
    assert not Document.objects.exists()
    editor_client.post(reverse("hub:import_confirm"))
    document = Document.objects.get()
    assert (document.title, document.language, document.source_format) == (
        "Actieplan Rivierstad verbindt — Een gezamenlijke aanpak van radicalisering",
        "nl",
        "text",
    )
    assert Section.objects.filter(document=document).count() > 10
    assert DocumentAction.objects.filter(document=document, lead__startswith="Noor").count() == 2
    assert ImportRecord.objects.filter(kind="document").exists()
    assert AuditEntry.objects.filter(action="hub.document.import").count() == 1
    page = editor_client.get(document.get_absolute_url()).content.decode()
    assert "Opvoedcursus voor ouders" in page and "Noor Vermeulen" in page
