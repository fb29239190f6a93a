"""The hub's demo data loads through the actions and is searchable across languages."""

from __future__ import annotations

import pytest

from samen.audit.models import AuditEntry
from samen.hub.demo import load_hub_demo_data
from samen.hub.models import CityProfile, Document, Practice
from samen.hub.search import search

pytestmark = pytest.mark.django_db


def test_demo_loads_invented_cities_practices_and_a_plan() -> None:
    load_hub_demo_data()
    assert set(CityProfile.objects.values_list("city", flat=True)) == {
        "Rivierstad",
        "Montclair-sur-Meuse",
        "Northbridge",
    }
    northbridge = CityProfile.objects.get(city="Northbridge")
    assert northbridge.population == 158900 and northbridge.initiatives.count() == 2
    assert northbridge.keywords.count() == 4
    assert Practice.objects.count() == 5
    plan = Document.objects.get()
    assert plan.actions.filter(lead__startswith="Fatima El Amrani").count() == 2
    assert AuditEntry.objects.filter(action="hub.document.import").count() == 1
    french = search("écoles", {})
    assert any(hit.source.document_id == plan.pk for hit in french.results[:20])
