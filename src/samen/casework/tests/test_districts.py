"""Districts are a list per municipality: the forms offer it, nothing typed freely is kept,
and a district of another municipality is refused."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

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
    page = client.get(reverse("casework:public_report"))
    assert "Centrum" in page.content.decode() and "Dorp" in page.content.decode()
    refused = client.post(reverse("casework:public_report"), {**data, "district": elsewhere.pk})
    assert refused.status_code == 200 and "district" in refused.context["form"].errors
    assert (
        client.post(reverse("casework:public_report"), {**data, "district": "Noord"})
        .context["form"]
        .errors["district"]
    )
    client.post(reverse("casework:public_report"), {**data, "district": world.district.pk})
    assert Signal.objects.order_by("-pk").first().district == world.district


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
