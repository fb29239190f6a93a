"""The comparison worth reading, and the hub editor's start page."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from samen.audit.actor import Actor
from samen.hub import actions
from samen.hub.demo import load_hub_demo_data
from samen.hub.models import CityProfile, Concept, Document

pytestmark = pytest.mark.django_db


def _cities() -> tuple[CityProfile, CityProfile]:
    actor = Actor.system()
    utrecht_like = actions.save_profile(
        actor,
        None,
        {"city": "Oosterwijk", "country": "NL", "language": "en", "population": 343134},
        [
            actions.InitiativeData(
                "Individual case consultation",
                "Every possible case is discussed in the case consultation of the municipality, "
                "the police and the prosecutor.",
            ),
            actions.InitiativeData("Parents' evenings", "Mothers and fathers meet monthly."),
        ],
        [],
    )
    rotterdam_like = actions.save_profile(
        actor,
        None,
        {"city": "Westhaven", "country": "NL", "language": "en", "population": 610386},
        [
            actions.InitiativeData(
                "Case table in the Safety House",
                "Partners discuss each case at the case table and agree a tailored plan.",
            ),
            actions.InitiativeData(
                "Education", "Teachers are trained to recognise signs.", key=False
            ),
        ],
        [],
    )
    return utrecht_like, rotterdam_like


def test_comparison_lines_up_initiatives_by_theme_with_descriptions(reader_client: Any) -> None:
    first, second = _cities()
    response = reader_client.get(reverse("hub:compare"), {"city": [first.slug, second.slug]})
    page = response.content.decode()
    assert response.status_code == 200
    assert "343,134" in page and "610,386" in page  # numbers in the reader's format
    theme = page.index("Initiatives by theme")
    row = page.index("Case consultation", theme)  # the shared concept names the row
    end = page.index("</tr>", row)
    assert "Individual case consultation" in page[row:end]
    assert "Case table in the Safety House" in page[row:end]
    assert "the police and the prosecutor" in page  # descriptions, not titles only
    assert "activity by sector" in page and "Teachers are trained" in page


def test_comparison_links_documents_and_practices(reader_client: Any) -> None:
    load_hub_demo_data()
    rivierstad = CityProfile.objects.get(city="Rivierstad")
    montclair = CityProfile.objects.get(city="Montclair-sur-Meuse")
    with_french_numbers = reader_client.get(
        reverse("hub:compare"), {"city": [rivierstad.slug, montclair.slug]}
    )
    page = with_french_numbers.content.decode()
    plan = Document.objects.get()
    assert plan.get_absolute_url() in page
    assert "Moedercirkels" in page and "Café des parents" in page


def test_editor_start_page_shows_what_needs_doing(editor_client: Any) -> None:
    load_hub_demo_data()
    actor = Actor.system()
    actions.save_concept(actor, None, {"code": "only-dutch", "label_nl": "Alleen Nederlands"})
    Document.objects.update(city=None, country="")
    page = editor_client.get(reverse("hub:home")).content.decode()
    assert "For editors" in page
    assert "Concepts without a label in every language" in page and "Alleen Nederlands" in page
    assert "Documents without a city or country" in page
    assert Document.objects.get().title in page
    assert "Recent imports" in page and "Northbridge" in page
    assert "Recent changes" in page


def test_readers_do_not_see_the_editor_start(reader_client: Any) -> None:
    load_hub_demo_data()
    page = reader_client.get(reverse("hub:home")).content.decode()
    assert "For editors" not in page
    assert Concept.objects.exists()
