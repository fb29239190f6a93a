"""The hub's pages: comparison side by side, editing through forms, audit of every change."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from samen.audit.actor import Actor
from samen.audit.models import AuditEntry
from samen.hub import actions
from samen.hub.importing import read_profile
from samen.hub.models import CityProfile, Concept, Practice, ProfileVersion
from samen.hub.tests.conftest import fixture_text

pytestmark = pytest.mark.django_db


def _import(name: str) -> CityProfile:
    text = fixture_text(name)
    return actions.import_profile(
        Actor.system(), read_profile(text, actions.vocabulary()), text=text
    )


def test_comparison_puts_cities_side_by_side(reader_client: Any) -> None:
    havenstad = _import("profile_havenstad_fr_chrome.txt")
    valrive = _import("profile_valrive_nl_chrome.txt")
    response = reader_client.get(reverse("hub:compare"), {"city": [havenstad.slug, valrive.slug]})
    page = response.content.decode()
    assert response.status_code == 200
    assert page.index("Havenstad, Netherlands") < page.index("Valrive, France")
    for text in (
        "212,480",  # numbers formatted for the reader's language
        "98,310",
        "Marit Zeegers",
        "Claire Dumas",
        "Harbour mentors",
        "Maison des parents",
    ):
        assert text in page
    # Shared keywords (recognised in French on one page, in Dutch on the other) are marked.
    assert "<strong>Schools and education</strong>" in page


def test_comparison_asks_for_two_cities(reader_client: Any) -> None:
    profile = _import("profile_havenstad_fr_chrome.txt")
    response = reader_client.get(reverse("hub:compare"), {"city": [profile.slug, "nowhere"]})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Choose at least two cities" in page
    assert "<caption>Cities side by side</caption>" not in page


def test_profile_page_shows_the_whole_profile(reader_client: Any) -> None:
    profile = _import("profile_havenstad_fr_chrome.txt")
    page = reader_client.get(profile.get_absolute_url()).content.decode()
    for text in (
        "Zuiderkust",
        "Mayor of Havenstad",
        "Parents&#x27; circles",
        "Harbour mentors",
        "fictional port city",
        "national coordinator",
        "Person-oriented approach",
    ):
        assert text in page


def test_editor_creates_and_edits_a_profile_with_history(editor_client: Any) -> None:
    data = {
        "city": "Noordhaven",
        "country": "NL",
        "language": "nl",
        "background": "Een verzonnen stad.",
        "keywords_text": "Ouders, Travail social, Eigen trefwoord",
        "initiatives-TOTAL_FORMS": "2",
        "initiatives-INITIAL_FORMS": "0",
        "initiatives-MIN_NUM_FORMS": "0",
        "initiatives-MAX_NUM_FORMS": "60",
        "initiatives-0-title": "Oudercafé",
        "initiatives-0-description": "Ouders praten met elkaar.",
        "initiatives-0-key": "on",
        "initiatives-1-title": "",
    }
    response = editor_client.post(reverse("hub:profile_create"), data)
    profile = CityProfile.objects.get(city="Noordhaven")
    assert response.status_code == 302
    assert [i.title for i in profile.initiatives.all()] == ["Oudercafé"]
    assert {k.concept.code if k.concept else k.label for k in profile.keywords.all()} == {
        "parents",
        "social-work",
        "Eigen trefwoord",
    }
    response = editor_client.post(
        reverse("hub:profile_edit", kwargs={"slug": profile.slug}),
        {**data, "population": "45000"},
    )
    profile.refresh_from_db()
    assert (profile.population, profile.version) == (45000, 2)
    assert ProfileVersion.objects.get(profile=profile).snapshot["population"] is None
    assert list(
        AuditEntry.objects.filter(object_type="hub.cityprofile")
        .order_by("id")
        .values_list("action", flat=True)
    ) == ["hub.profile.create", "hub.profile.update"]


def test_editor_creates_edits_and_deletes_a_practice(editor_client: Any) -> None:
    concept = Concept.objects.get(code="parents")
    response = editor_client.post(
        reverse("hub:practice_create"),
        {
            "title": "Moedercursus",
            "description": "Een cursus voor moeders over opvoeding.",
            "language": "nl",
            "themes": [concept.pk],
            "links": "https://example.org/moedercursus",
            "keywords_text": "Ouders",
        },
    )
    practice = Practice.objects.get()
    assert response.status_code == 302
    page = editor_client.get(practice.get_absolute_url()).content.decode()
    assert "Moedercursus" in page and "https://example.org/moedercursus" in page
    bad = editor_client.post(
        reverse("hub:practice_edit", kwargs={"pk": practice.pk}),
        {"title": "x", "description": "y", "links": "javascript:alert(1)"},
    )
    assert bad.status_code == 422
    editor_client.post(reverse("hub:practice_delete", kwargs={"pk": practice.pk}))
    assert not Practice.objects.exists()
    assert list(
        AuditEntry.objects.filter(action__startswith="hub.practice")
        .order_by("id")
        .values_list("action", flat=True)
    ) == ["hub.practice.create", "hub.practice.delete"]


def test_editor_edits_document_metadata(editor_client: Any) -> None:
    from samen.hub.tests.authorization import matrix_document

    document = matrix_document()
    response = editor_client.post(
        reverse("hub:document_edit", kwargs={"pk": document.pk}),
        {"title": "Nieuw plan", "language": "nl", "keywords_text": "Ouders"},
    )
    document.refresh_from_db()
    assert response.status_code == 302 and document.title == "Nieuw plan"
    assert AuditEntry.objects.filter(action="hub.document.update").count() == 1


def test_thesaurus_concepts_are_added_and_deleted_as_data(editor_client: Any) -> None:
    response = editor_client.post(
        reverse("hub:concept_create"),
        {
            "code": "harbour-mentoring",
            "label_nl": "Havenmentoraat",
            "label_en": "Harbour mentoring",
            "label_fr": "Mentorat portuaire",
            "alt_labels": "havenmaatjes",
        },
    )
    assert response.status_code == 302
    concept = Concept.objects.get(code="harbour-mentoring")
    position = list(Concept.objects.order_by("code").values_list("code", flat=True)).index(
        concept.code
    )
    listing = editor_client.get(reverse("hub:thesaurus"), {"page": position // 50 + 1})
    assert "Mentorat portuaire" in listing.content.decode()
    editor_client.post(reverse("hub:concept_delete", kwargs={"pk": concept.pk}))
    assert not Concept.objects.filter(code="harbour-mentoring").exists()
    actions_done = AuditEntry.objects.filter(action__startswith="hub.concept")
    assert [a.action for a in actions_done.order_by("id")] == [
        "hub.concept.create",
        "hub.concept.delete",
    ]


def test_home_page_lists_and_links(reader_client: Any) -> None:
    _import("profile_havenstad_fr_chrome.txt")
    page = reader_client.get(reverse("hub:home")).content.decode()
    assert "Havenstad" in page and 'role="search"' in page and 'hx-get="' in page
    assert "<script>" not in page.replace("<script nonce=", "")


def test_document_list_pages_by_title_with_the_sections_of_each(reader_client: Any) -> None:
    from samen.hub.importing import read_document
    from samen.hub.models import Document
    from samen.hub.views import PAGE_SIZE

    for n in range(PAGE_SIZE + 2):
        sections = "".join(f"\n\n{k}. Deel {k}\n\nTekst {k}." for k in range(1, n % 3 + 2))
        text = f"Plan {n:02d}{sections}"
        actions.import_document(Actor.system(), read_document(text, f"Plan {n:02d}"), text=text)
    first = reader_client.get(reverse("hub:document_list")).content.decode()
    last = reader_client.get(reverse("hub:document_list"), {"page": "2"}).content.decode()
    assert "Plan 00" in first and f"Plan {PAGE_SIZE - 1:02d}" in first
    assert f"Plan {PAGE_SIZE:02d}" not in first and f"Plan {PAGE_SIZE:02d}" in last
    assert first.index("Plan 00") < first.index("Plan 01") < first.index("Plan 02")
    counts = set()
    for n, page in ((0, first), (1, first), (2, first), (PAGE_SIZE + 1, last)):
        document = Document.objects.get(title=f"Plan {n:02d}")
        sections = document.sections.count()
        counts.add(sections)
        row = page[page.index(f">Plan {n:02d}<") :].split("</tr>")[0]
        assert f"<td>{sections}</td>" in row, row
    assert len(counts) == 3  # the rows differ, so each row shows its own
