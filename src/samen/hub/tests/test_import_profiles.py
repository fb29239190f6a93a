"""Importing city-profile pages shaped like the network of cities' repository."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from samen.audit.actor import Actor
from samen.audit.models import AuditEntry
from samen.hub import actions
from samen.hub.importing import looks_like_profile, read_profile
from samen.hub.models import CityProfile, ImportRecord, ProfileVersion
from samen.hub.tests.conftest import fixture_text

pytestmark = pytest.mark.django_db


def test_profile_with_french_chrome_is_read_completely() -> None:
    text = fixture_text("profile_havenstad_fr_chrome.txt")
    assert looks_like_profile(text)
    parsed = read_profile(text, actions.vocabulary())
    assert (parsed.city, parsed.country, parsed.region) == (
        "Havenstad",
        "The Netherlands",
        "Zuiderkust",
    )
    assert parsed.population == 212480
    assert parsed.leader_name == "Marit Zeegers"
    assert parsed.leader_role == "Mayor of Havenstad"
    assert parsed.language == "en"
    assert parsed.background.startswith("Havenstad is a fictional port city")
    assert "En savoir plus" not in parsed.background
    assert "national coordinator" in parsed.national_overview
    assert "3. Person-oriented approach" in parsed.local_overview
    assert [i.title for i in parsed.key_initiatives] == [
        "Parents' circles",
        "Media literacy in schools",
        "Harbour mentors",
    ]
    assert parsed.key_initiatives[0].description.endswith("in four languages.")
    assert "En lire moins" not in parsed.key_initiatives[2].description
    keywords = [(k.label, k.concept_code) for k in parsed.keywords]
    assert keywords == [
        ("Accroitre la résilience communautaire", "community-resilience"),
        ("Contre-discours", "counter-narratives"),
        ("Ecoles et éducation", "schools-education"),
        ("Engagement des jeunes et de la communauté", "youth-engagement"),
        ("Partenariat multiorganismes", "multi-agency"),
        ("Programme portuaire", None),
    ]
    # The navigation and the footer are page chrome in French: kept, not in the profile.
    assert parsed.unplaced == []
    assert any("Notre Équipe" in block for block in parsed.chrome)
    assert any("Ce que nous faisons" in block for block in parsed.chrome)


def test_profile_with_dutch_chrome_and_french_content_is_read() -> None:
    parsed = read_profile(fixture_text("profile_valrive_nl_chrome.txt"), actions.vocabulary())
    assert (parsed.city, parsed.country, parsed.population) == ("Valrive", "France", 98310)
    assert (parsed.leader_name, parsed.leader_role) == ("Claire Dumas", "Maire de Valrive")
    assert parsed.language == "fr"
    assert len(parsed.key_initiatives) == 3
    assert parsed.working_groups == ["Counter-narratives and local communications"]
    assert {k.concept_code for k in parsed.keywords} == {
        "community-resilience",
        "parents",
        "schools-education",
        "returnees-foreign-fighters",
        "online-propaganda",
        "social-work",
    }
    assert any("Verbinden" in block for block in parsed.chrome)


def test_text_that_cannot_be_placed_is_kept() -> None:
    text = fixture_text("profile_havenstad_fr_chrome.txt").replace(
        "KEY INITIATIVES",
        "PARTNERSHIPS\n\nThe city works with the port authority on youth jobs.\n\nKEY INITIATIVES",
    )
    parsed = read_profile(text, actions.vocabulary())
    assert parsed.unplaced == [
        "PARTNERSHIPS\nThe city works with the port authority on youth jobs."
    ]
    profile = actions.import_profile(Actor.system(), parsed, text=text)
    assert "port authority" in profile.unplaced_text


def test_import_shows_a_review_and_saves_only_when_confirmed(
    editor_client: Any, hub_editor: Any
) -> None:
    upload = SimpleUploadedFile(
        "havenstad.txt", fixture_text("profile_havenstad_fr_chrome.txt").encode()
    )
    response = editor_client.post(reverse("hub:import"), {"kind": "auto", "file": upload})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Havenstad" in page and "Harbour mentors" in page and "212,480" in page
    assert not CityProfile.objects.exists()

    response = editor_client.post(reverse("hub:import_confirm"))
    profile = CityProfile.objects.get()
    assert response.status_code == 302 and response["Location"] == profile.get_absolute_url()
    assert profile.initiatives.filter(key=True).count() == 3
    assert profile.keywords.count() == 6
    record = ImportRecord.objects.get()
    assert record.profile == profile and "Notre Équipe" in record.text
    entry = AuditEntry.objects.get(action="hub.profile.import")
    assert entry.user_id == hub_editor.pk and entry.object_id == str(profile.pk)


def test_reimporting_a_newer_version_updates_and_keeps_history(editor_client: Any) -> None:
    text = fixture_text("profile_havenstad_fr_chrome.txt")
    first = actions.import_profile(
        Actor.system(), read_profile(text, actions.vocabulary()), text=text
    )
    newer = text.replace("212 480", "215 002").replace("Harbour mentors", "Port mentors")
    editor_client.post(reverse("hub:import"), {"kind": "profile", "text": newer})
    editor_client.post(reverse("hub:import_confirm"))

    profile = CityProfile.objects.get()
    assert profile.pk == first.pk
    assert (profile.population, profile.version) == (215002, 2)
    assert "Port mentors" in [i.title for i in profile.initiatives.all()]
    old = ProfileVersion.objects.get(profile=profile)
    assert old.number == 1 and old.change == "import"
    assert old.snapshot["population"] == 212480
    assert "Harbour mentors" in [i["title"] for i in old.snapshot["initiatives"]]
    assert ImportRecord.objects.filter(profile=profile).count() == 2
    page = editor_client.get(profile.get_absolute_url()).content.decode()
    assert "Version 2" in page


def test_import_without_file_or_text_is_refused(editor_client: Any) -> None:
    response = editor_client.post(reverse("hub:import"), {"kind": "auto"})
    assert response.status_code == 422
    assert not CityProfile.objects.exists()
