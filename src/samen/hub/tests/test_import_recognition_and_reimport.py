"""Import: long headings, colophons and titles recognised; a re-import offers to update."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from samen.audit.models import AuditEntry
from samen.hub.importing import read_document
from samen.hub.models import Document, ImportRecord, SearchSource
from samen.hub.tests.conftest import fixture_text

pytestmark = pytest.mark.django_db


def test_long_headings_listed_in_the_contents_are_sections() -> None:
    parsed = read_document(fixture_text("report_exchange_lab.txt"))
    headings = [s.heading for s in parsed.sections]
    first = "Workshop 1: How partners share information about a person without breaking " + (
        "professional secrecy"
    )
    assert first in headings and len(first) > 70
    assert "Workshop 2: Training professionals and key figures to recognise early signs" in (
        headings
    )
    workshop = next(s for s in parsed.sections if s.heading == first)
    assert workshop.level == 2 and "covenant" in workshop.body and "Training" not in workshop.body


def test_addresses_and_colophon_lines_are_not_sections() -> None:
    parsed = read_document(fixture_text("report_exchange_lab.txt"))
    headings = [s.heading for s in parsed.sections]
    assert not any("@" in h or "P.O. Box" in h for h in headings)
    for line in ("Publisher", "Example Knowledge Network", "Design"):
        assert line not in headings
    colophon = next(s for s in parsed.sections if s.heading == "Colophon")
    assert "Studio Example" in colophon.body  # kept as the colophon's text, nothing dropped


def test_title_comes_from_the_title_page() -> None:
    assert read_document(fixture_text("report_exchange_lab.txt")).title == "Sharing what works"
    plan = read_document("Inhoud\n\n| Inleiding | 2 |\n\nWijkplan Oost\n\nInleiding\n\nTekst.\n")
    assert plan.title == "Wijkplan Oost"  # not the table of contents' heading


def _import(client: Any, text: str, name: str, **extra: Any) -> Any:
    upload = SimpleUploadedFile(name, text.encode())
    return client.post(reverse("hub:import"), {"kind": "document", "file": upload, **extra})


def test_reimport_of_a_nearly_identical_document_offers_to_update_it(editor_client: Any) -> None:
    text = fixture_text("report_exchange_lab.txt")
    _import(editor_client, text, "exchange.txt")
    editor_client.post(reverse("hub:import_confirm"), {"replace": "update"})
    document = Document.objects.get()
    newer = text.replace("Twelve cities", "Fourteen cities")
    review = _import(editor_client, newer, "exchange-v2.txt")
    page = review.content.decode()
    assert "already in the hub" in page and document.title in page
    response = editor_client.post(reverse("hub:import_confirm"), {"replace": "update"})
    assert response.status_code == 302
    assert Document.objects.count() == 1  # updated, not a silent duplicate
    document.refresh_from_db()
    assert "Fourteen cities" in " ".join(document.sections.values_list("body", flat=True))
    assert SearchSource.objects.filter(document=document).count() == 1
    assert ImportRecord.objects.filter(document=document).count() == 2
    assert AuditEntry.objects.filter(action="hub.document.reimport").count() == 1


def test_the_editor_may_keep_a_reimport_as_a_new_document(editor_client: Any) -> None:
    text = fixture_text("report_exchange_lab.txt")
    _import(editor_client, text, "exchange.txt")
    editor_client.post(reverse("hub:import_confirm"), {"replace": "update"})
    _import(editor_client, text, "exchange-copy.txt")
    editor_client.post(reverse("hub:import_confirm"), {"replace": "new"})
    assert Document.objects.count() == 2


def test_a_different_document_is_not_offered_as_an_update(editor_client: Any) -> None:
    _import(editor_client, fixture_text("report_exchange_lab.txt"), "exchange.txt")
    editor_client.post(reverse("hub:import_confirm"), {"replace": "update"})
    review = _import(editor_client, fixture_text("actieplan_rivierstad.txt"), "plan.txt")
    assert "already in the hub" not in review.content.decode()
    editor_client.post(reverse("hub:import_confirm"), {"replace": "update"})
    assert Document.objects.count() == 2


def test_review_suggests_the_country_and_the_editor_may_change_it(editor_client: Any) -> None:
    review = _import(editor_client, fixture_text("report_exchange_lab.txt"), "exchange.txt")
    assert '<option value="BE" selected>' in review.content.decode()
    editor_client.post(reverse("hub:import_confirm"), {"replace": "update", "country": "FR"})
    assert Document.objects.get().country == "FR"
