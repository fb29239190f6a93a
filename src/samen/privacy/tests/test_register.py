"""The register of processing is generated from the configuration; its export is audited."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from samen.accounts import scope
from samen.accounts.tests.factories import OrganisationFactory, UserFactory
from samen.audit.actor import Actor
from samen.audit.models import AuditEntry
from samen.casework.actions import intake as intake_actions
from samen.casework.models import Case, Signal
from samen.casework.tests.factories import World
from samen.conftest import login
from samen.privacy import register
from samen.privacy.register import data_categories

pytestmark = pytest.mark.django_db


def test_categories_of_data_follow_the_encrypted_columns() -> None:
    with translation.override("en"):
        categories = {str(m): [str(f) for f in fields] for m, fields in data_categories()}
    assert "date of birth" in categories["persons"]
    assert "what was observed" in categories["signals"]
    assert "reason for the hold" in categories["legal holds"]


@override_settings(RETENTION_CLOSED_CASE_YEARS=7)
def test_register_page_shows_purposes_recipients_terms_and_measures(
    client: Any, world: World
) -> None:
    OrganisationFactory(name="Zonder Convenant", unsigned=True, municipality=world.municipality)
    OrganisationFactory(
        name="Wijkteam <Oost>",
        covenant_signed_on=date(2025, 3, 1),
        municipality=world.municipality,
    )
    login(client, world.users["dpo"])
    response = client.get(reverse("privacy:register"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Politie" in content and "Jeugdzorg" in content
    assert "Wijkteam &lt;Oost&gt; (ondertekend op 2025-03-01)" in content
    assert "Zonder Convenant" not in content
    assert "Dit register is van Gemeente Teststad." in content
    assert "SAMEN_RETENTION_CLOSED_CASE_YEARS" in content
    assert "7 years after closure" in content or "7 jaar" in content
    assert "SAMEN_REQUIRE_2FA" in content
    assert 'id="dpia"' in content
    assert not AuditEntry.objects.filter(action="privacy.register.export").exists()


def test_export_is_a_download_and_is_audited(client: Any, world: World) -> None:
    login(client, world.users["administrator"])
    response = client.get(reverse("privacy:register_export"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Cache-Control"] == "no-store, private"
    content = response.content.decode()
    assert content.startswith("<!DOCTYPE html>")
    assert "<script" not in content and "style=" not in content
    entry = AuditEntry.objects.get(action="privacy.register.export")
    assert entry.user_label == "administrator"


def test_the_register_is_the_readers_municipalitys_own(client: Any, world: World) -> None:
    """Each municipality is the controller of its own processing: its register names its own
    partners (and the regional ones that serve it) and counts its own signals and cases."""
    regional = OrganisationFactory(name="Veiligheidshuis Regio")
    regional.serves.add(world.municipality)
    OrganisationFactory(name="Partner Elders", municipality=world.other_municipality)
    intake_actions.report_signal(
        Actor.system("test"),
        municipality=world.other_municipality,
        channel=Signal.Channel.PUBLIC_FORM,
        observation="Zorgen elders",
        anonymous=True,
    )
    login(client, world.users["dpo"])
    response = client.get(reverse("privacy:register"))
    content = response.content.decode()
    assert "Veiligheidshuis Regio" in content
    assert "Partner Elders" not in content and "Gemeente Elders" not in content
    held = register.counts(scope.municipality_ids(world.users["dpo"]))
    assert held == {
        "signals": Signal.objects.filter(municipality=world.municipality).count(),
        "cases": Case.objects.filter(municipality=world.municipality).count(),
        "open_cases": Case.objects.filter(municipality=world.municipality)
        .exclude(phase="closed")
        .count(),
    }
    assert held["signals"] < Signal.objects.count()
    # Published as orders of magnitude, never as the exact (small) counts.
    assert response.context["scale"] == {name: register.band(n) for name, n in held.items()}
    assert "Er zijn nu minder dan 10 signalen en minder dan 10 casussen" in content
    # A reader of the other municipality sees the other side.
    elsewhere = UserFactory(organisation=world.other_municipality, roles=["dpo"])
    login(client, elsewhere)
    content = client.get(reverse("privacy:register")).content.decode()
    assert "Partner Elders" in content
    assert "Veiligheidshuis Regio" not in content and "Politie" not in content


def test_a_reader_of_no_municipality_gets_an_empty_register(client: Any, world: World) -> None:
    login(client, UserFactory(organisation=OrganisationFactory(name="Los"), roles=["dpo"]))
    response = client.get(reverse("privacy:register"))
    assert response.status_code == 200
    assert response.context["scale"] == {"signals": "0", "cases": "0", "open_cases": "0"}
    assert response.context["recipients"] == []
    assert "Dit register is van" not in response.content.decode()


@pytest.mark.parametrize(
    ("count", "published"),
    [
        (0, "0"),
        (1, "fewer than 10"),
        (9, "fewer than 10"),
        (10, "10 to 99"),
        (99, "10 to 99"),
        (100, "100 to 999"),
        (12345, "10,000 to 99,999"),
    ],
)
def test_counts_are_published_as_orders_of_magnitude(count: int, published: str) -> None:
    with translation.override("en"):
        assert register.band(count) == published
