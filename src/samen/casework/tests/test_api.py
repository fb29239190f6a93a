"""The API follows the Dutch API design rules: problem+json errors and an API-Version header."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from samen.casework.tests.factories import World
from samen.conftest import login

pytestmark = pytest.mark.django_db


def test_cases_of_the_users_organisation(client: Any, world: World) -> None:
    login(client, world.users["case_table_member"])
    response = client.get(reverse("api:case-list"))
    assert response.status_code == 200
    assert response["API-Version"] == "1.0.0"
    body = response.json()
    assert [case["reference"] for case in body["results"]] == [world.case.reference]
    assert {p["organisation"] for p in body["results"][0]["participants"]} == {
        world.municipality.name,
        world.police.name,
        world.youth.name,
    }


def test_hidden_case_is_a_problem_json_404(client: Any, world: World) -> None:
    login(client, world.outsider)
    response = client.get(reverse("api:case-detail", kwargs={"pk": world.case.pk}))
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == 404
    assert problem["title"]
    assert world.case.reference not in response.content.decode()


def test_missing_capability_is_a_problem_json_403(client: Any, world: World) -> None:
    login(client, world.users["analyst"])
    response = client.get(reverse("api:signal-list"))
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert response["API-Version"] == "1.0.0"


def test_openapi_schema_describes_the_api(client: Any) -> None:
    response = client.get(reverse("api:schema"), HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert "/api/v1/cases" in response.content.decode()


def test_partner_system_submits_a_signal(client: Any, world: World) -> None:
    from samen.casework.models import Signal

    reporter = world.users["reporter"]
    login(client, reporter)
    response = client.post(
        reverse("api:signal-list"),
        {"observation": "Zorgen via het leerlingvolgsysteem", "subject_name": "Leerling"},
        content_type="application/json",
    )
    assert response.status_code == 201
    body = response.json()
    signal = Signal.objects.get(reference=body["reference"])
    assert signal.channel == Signal.Channel.API
    assert signal.reporter_user == reporter
    assert len(body["receiptCode"]) == 14
    invalid = client.post(reverse("api:signal-list"), {}, content_type="application/json")
    assert invalid.status_code == 400
    assert invalid["Content-Type"] == "application/problem+json"
    assert invalid.json()["invalid-params"][0]["name"] == "observation"


def test_case_manager_moves_a_case_through_the_api(client: Any, world: World) -> None:
    login(client, world.users["case_manager"])
    url = reverse("api:case-move", kwargs={"pk": world.case.pk})
    moved = client.post(
        url, {"phase": "assessment", "reason": "Duiding"}, content_type="application/json"
    )
    assert moved.status_code == 200
    assert moved.json()["phase"] == "assessment"
    refused = client.post(url, {"phase": "closed", "reason": "x"}, content_type="application/json")
    assert refused.status_code == 409
    assert refused["Content-Type"] == "application/problem+json"
