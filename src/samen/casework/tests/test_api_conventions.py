"""The API against the Dutch API design rules and a careless client: every error is problem
details in the language of the request, camelCase names, strict input, and the status codes a
client can act on (400, 401, 403, 404, 413, 429, 500)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from samen.casework.models import CaseParticipation
from samen.casework.tests.factories import World
from samen.conftest import login

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


def _problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == PROBLEM
    assert response["API-Version"] == "1.0.0"
    body = response.json()
    assert body["status"] == status and body["title"] and body["type"] == "about:blank"
    text = response.content.decode()
    for internal in ("Traceback", "sys.set_int_max_str_digits", "non_field_errors", "JSON parse"):
        assert internal not in text
    return dict(body)


def _post(client: Client, name: str, body: str, **kwargs: Any) -> Any:
    return client.post(reverse(name, **kwargs), body, content_type="application/json")


@pytest.fixture
def reporter(client: Client, world: World) -> Client:
    return login(client, world.users["reporter"])


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ('{"observation": 12345}', "observation"),
        ('{"observation": 1e400}', None),
        ('{"observation": true}', "observation"),
        ('{"observation": "Zorgen", "subjectName": ["x"]}', "subjectName"),
        ('{"observation": NaN}', None),
        ('{"observation": ' + "9" * 5000 + "}", None),
        ("[" * 100_000 + "]" * 100_000, None),
        ('{"a": ' * 50 + "1" + "}" * 50, None),
        ("not json", None),
    ],
    ids=["number", "huge float", "boolean", "list", "NaN", "huge int", "deep", "nested", "text"],
)
def test_bad_bodies_are_a_problem_json_400(reporter: Client, body: str, field: str | None) -> None:
    from samen.casework.models import Signal

    problem = _problem(_post(reporter, "api:signal-list", body), 400)
    if field is not None:
        assert [p["name"] for p in problem["invalid-params"]] == [field]
    assert not Signal.objects.filter(channel=Signal.Channel.API).exists()


def test_deep_json_is_a_400_on_the_phase_move_too(client: Client, world: World) -> None:
    login(client, world.users["case_manager"])
    deep = "[" * 100_000 + "]" * 100_000
    _problem(_post(client, "api:case-move", deep, kwargs={"pk": world.case.pk}), 400)


def test_names_are_camel_case_both_ways_and_201_has_a_location(reporter: Client) -> None:
    body = {"observation": "Zorgen", "subjectName": "Leerling", "subjectBirthDate": "2010-05-01"}
    response = _post(reporter, "api:signal-list", json.dumps(body))
    assert response.status_code == 201
    created = response.json()
    assert set(created) == {"reference", "receiptCode"}
    from samen.casework.models import Signal

    signal = Signal.objects.get(reference=created["reference"])
    assert signal.subject_name == "Leerling"
    assert signal.subject_birth_date is not None
    assert response["Location"] == "http://testserver" + reverse(
        "api:signal-detail", kwargs={"pk": signal.pk}
    )


def test_list_fields_are_camel_case(client: Client, world: World) -> None:
    login(client, world.users["advisor"])
    body = client.get(reverse("api:signal-list")).json()
    assert {"receivedAt", "subjectName"} <= set(body["results"][0])
    assert not any("_" in key for key in body["results"][0])


def test_invalid_params_name_the_camel_case_field(reporter: Client) -> None:
    problem = _problem(
        _post(reporter, "api:signal-list", '{"observation": "x", "subjectBirthDate": "gisteren"}'),
        400,
    )
    assert [p["name"] for p in problem["invalid-params"]] == ["subjectBirthDate"]


@pytest.mark.parametrize("cursor", ["abc", "0", "cD05OTk5OTk5", "-1"])
def test_a_cursor_that_is_not_ours_is_a_400(client: Client, world: World, cursor: str) -> None:
    login(client, world.users["case_table_member"])
    problem = _problem(client.get(reverse("api:case-list"), {"cursor": cursor}), 400)
    assert problem["invalid-params"][0]["name"] == "cursor"


@pytest.mark.parametrize(
    "path", ["/api/v1/nothing", "/api/v1/cases/", "/api/v2/cases", "/api/", "/api/v1/cases/1/x"]
)
def test_unknown_api_paths_are_a_problem_json_404(client: Client, path: str) -> None:
    _problem(client.get(path), 404)


def test_no_login_is_a_401_with_a_challenge(client: Client, world: World) -> None:
    for response in (
        client.get(reverse("api:case-list")),
        client.post(reverse("api:signal-list"), "{}", content_type="application/json"),
    ):
        _problem(response, 401)
        assert response["WWW-Authenticate"] == 'Bearer realm="samen", Session realm="samen"'


def test_without_the_second_factor_the_api_answers_403_json(
    client: Client, world: World, settings: Any
) -> None:
    settings.REQUIRE_2FA = True
    login(client, world.users["case_table_member"], verified=False)
    response = client.get(reverse("api:case-list"))
    problem = _problem(response, 403)
    assert "second factor" in problem["detail"] or "tweede" in problem["detail"]


def test_a_body_over_the_limit_is_a_413(reporter: Client) -> None:
    big = json.dumps({"observation": "x" * (600 * 1024)})
    _problem(_post(reporter, "api:signal-list", big), 413)


def test_form_posts_are_415(reporter: Client) -> None:
    _problem(reporter.post(reverse("api:signal-list"), {"observation": "x"}), 415)


@pytest.mark.parametrize(
    ("language", "title"), [("fr", "Requête incorrecte"), ("en", "Bad request"), ("", "Ongeldig")]
)
def test_errors_are_in_the_language_of_the_request(
    reporter: Client, language: str, title: str
) -> None:
    response = reporter.post(
        reverse("api:signal-list"),
        '{"observation": 1}',
        content_type="application/json",
        headers={"Accept-Language": language} if language else {},
    )
    problem = _problem(response, 400)
    assert problem["title"].startswith(title)
    assert response["Content-Language"] == (language or "nl")


def test_a_removed_participant_is_not_in_the_case_detail(client: Client, world: World) -> None:
    from samen.casework.actions import cases as case_actions
    from samen.casework.tests.factories import actor_for

    manager = world.users["case_manager"]
    participation = CaseParticipation.objects.get(case=world.case, organisation=world.youth)
    case_actions.remove_participant(actor_for(manager), participation, reason="Niet meer nodig")
    login(client, manager)
    detail = client.get(reverse("api:case-detail", kwargs={"pk": world.case.pk})).json()
    listed = client.get(reverse("api:case-list")).json()["results"][0]
    for case in (detail, listed):
        assert world.youth.name not in {p["organisation"] for p in case["participants"]}


def test_a_server_error_is_problem_json(world: World) -> None:
    client = Client(raise_request_exception=False)
    with override_settings(ROOT_URLCONF="samen.conf.tests.failing_urls"):
        _problem(client.get("/api/v1/boom"), 500)
        page = client.get("/boom")
    assert page.status_code == 500 and page["Content-Type"].startswith("text/html")


def test_the_openapi_document_states_errors_headers_servers_and_cors(client: Client) -> None:
    schema = client.get(reverse("api:schema")).json()
    assert schema["servers"][0]["url"]
    assert "CORS" in schema["info"]["description"]
    assert "Problem" in schema["components"]["schemas"]
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            assert {"401", "403", "429", "500"} <= codes, f"{method} {path}"
            if "{" in path:
                assert "404" in codes
            if "requestBody" in operation:
                assert {"400", "413", "415"} <= codes
            for status, response in operation["responses"].items():
                if "$ref" in response:
                    response = schema["components"]["responses"][response["$ref"].split("/")[-1]]
                assert "API-Version" in response["headers"], f"{method} {path} {status}"
                if status.startswith(("4", "5")):
                    assert list(response["content"]) == [PROBLEM]
    created = schema["paths"]["/api/v1/signals"]["post"]["responses"]["201"]
    assert "Location" in created["headers"]
    receipt = schema["components"]["schemas"]["SignalReceipt"]["properties"]
    assert "receiptCode" in receipt
