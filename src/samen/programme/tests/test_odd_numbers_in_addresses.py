"""A number in an address that is no number of ours ("²", which ``str.isdigit`` accepts and
``int`` refuses; one too long for the database's integer; letters) is treated as not given:
the page answers as without it, never with a server error."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from samen.casework.tests.factories import World
from samen.conftest import login
from samen.programme.tests.authorization import Scene

pytestmark = pytest.mark.django_db

ODD = ("²", "9" * 30, "abc")


def test_odd_numbers_in_addresses_are_ignored(client: Any, world: World, programme: Scene) -> None:
    login(client, world.users["chair"])
    plan = programme.plan.pk
    asked = [
        (reverse("programme:contacts"), "organisation"),
        (reverse("programme:by_organisation", kwargs={"pk": plan}), "organisation"),
        (reverse("programme:budget", kwargs={"pk": plan}), "year"),
        (reverse("programme:budget_line_create", kwargs={"pk": plan}), "theme"),
        (reverse("programme:budget_line_create", kwargs={"pk": plan}), "action"),
        (reverse("programme:contacts"), "after"),
        (reverse("hub:search"), "keyword"),
        (reverse("reports:account", kwargs={"year": date.today().year}), "years"),
    ]
    for url, name in asked:
        plain = client.get(url, {"q": "ouders"} if "hub" in url else {})
        assert plain.status_code == 200, url
        for value in ODD:
            params = {name: value, **({"q": "ouders"} if "hub" in url else {})}
            assert client.get(url, params).status_code == 200, (url, name, value)
