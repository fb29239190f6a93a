"""Districts are a list per municipality: the forms offer it, nothing typed freely is kept,
and a district of another municipality is refused."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from samen.accounts.models import Organisation
from samen.audit.models import AuditEntry
from samen.casework.models import District, Signal
from samen.casework.tests.factories import World
from samen.conftest import login

pytestmark = pytest.mark.django_db


def test_the_public_form_takes_a_district_of_the_chosen_municipality(
    client: Any, world: World
) -> None:
    elsewhere = District.objects.create(municipality=world.other_municipality, name="Dorp")
    data = {
        "municipality": world.municipality.pk,
        "observation": "Zorgen",
        "anonymous": "on",
    }
    url = reverse("casework:public_report")
    offered = client.get(url, {"municipality": world.municipality.pk})
    html = offered.content.decode()
    assert "Centrum" in html and "Dorp" not in html
    refused = client.post(url, {**data, "district": elsewhere.pk})
    assert refused.status_code == 200
    assert refused.context["form"].errors["district"] == [
        "Kies een wijk van de gemeente die u koos."
    ]
    # Nothing typed is lost, and the districts offered are the posted municipality's.
    html = refused.content.decode()
    assert "Zorgen</textarea>" in html
    assert "Centrum" in html and "Dorp</option>" not in html
    assert client.post(url, {**data, "district": "Noord"}).context["form"].errors["district"]
    # A municipality that is no number is the form's error, not a crash.
    for wrong in ("²", "abc", "9" * 30):
        odd = client.post(url, {**data, "municipality": wrong})
        assert odd.status_code == 200 and odd.context["form"].errors["municipality"]
    client.post(url, {**data, "district": world.district.pk})
    assert Signal.objects.order_by("-pk").first().district == world.district


def test_with_several_municipalities_the_public_form_asks_for_one_first(
    client: Any, world: World
) -> None:
    """The first step lists the municipalities, not every municipality's districts."""
    District.objects.create(municipality=world.other_municipality, name="Dorp")
    url = reverse("casework:public_report")
    first = client.get(url)
    html = first.content.decode()
    assert 'name="observation"' not in html and 'method="get"' in html
    assert world.municipality.name in html and world.other_municipality.name in html
    assert "Centrum" not in html and "Dorp" not in html
    # The button of the first step asks for the municipality's own form.
    chosen = client.get(url, {"municipality": world.other_municipality.pk})
    html = chosen.content.decode()
    assert chosen.context["form"].initial["municipality"] == world.other_municipality.pk
    assert "Dorp" in html and "Centrum" not in html and 'id="id_observation"' in html
    # With a script, choosing another municipality fetches the form and takes its districts.
    select = html[html.index('<select name="municipality"') :]
    select = select[: select.index(">")]
    assert f'hx-get="{url}"' in select and 'hx-select="#id_district"' in select
    # An unknown municipality is asked again, with a message.
    for wrong in ("abc", "999999", ""):
        asked = client.get(url, {"municipality": wrong})
        assert 'name="observation"' not in asked.content.decode()
        assert asked.context["step"].errors["municipality"] == [
            "Kies een gemeente." if wrong == "" else "Kies een gemeente uit de lijst."
        ]


def test_an_installation_of_one_municipality_skips_the_first_step(
    client: Any, world: World
) -> None:
    Organisation.objects.filter(pk=world.other_municipality.pk).update(
        kind=Organisation.Kind.POLICE
    )
    page = client.get(reverse("casework:public_report"))
    assert page.context["form"].initial["municipality"] == world.municipality.pk
    assert "Centrum" in page.content.decode()


def test_the_coordinator_keeps_the_list(client: Any, world: World) -> None:
    login(client, world.users["chair"])
    url = reverse("casework:district_list")
    assert (
        client.post(url, {"name": " Haven  Oost ", "position": 2, "active": "on"}).status_code
        == 302
    )
    haven = District.objects.get(municipality=world.municipality, name="Haven Oost")
    duplicate = client.post(url, {"name": "haven oost", "position": 3})
    assert duplicate.status_code == 422
    edit = reverse("casework:district_edit", kwargs={"pk": haven.pk})
    client.post(edit, {"name": "Haven", "position": 2})
    haven.refresh_from_db()
    assert (haven.name, haven.active) == ("Haven", False)
    assert AuditEntry.objects.filter(action="casework.district.update").exists()
    other = District.objects.create(municipality=world.other_municipality, name="Dorp")
    assert client.get(reverse("casework:district_edit", kwargs={"pk": other.pk})).status_code == 404
