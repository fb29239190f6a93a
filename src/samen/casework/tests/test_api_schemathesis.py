"""Property-based API tests from the OpenAPI schema (Schemathesis, in process against the WSGI
app), bounded so that CI runs them on every change: at least ``MIN_CASES`` generated requests,
valid and invalid, over every operation, and every response must

- not be a server error, and have a status code, content type, headers and body the schema
  documents (Schemathesis' own conformance checks);
- carry ``API-Version`` (Dutch API design rules);
- be problem details (``application/problem+json`` with type, title and status) when it is an
  error;

and no operation answers without authentication."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from samen.casework.tests.factories import World
from samen.conftest import login

pytestmark = pytest.mark.django_db

# Generated requests per operation and mode (positive and negative); the schema has five
# operations, so the run makes at least MIN_CASES requests in all.
EXAMPLES = 60
MIN_CASES = 500


@schemathesis.check
def api_version_header(ctx: Any, response: Any, case: Any) -> bool | None:
    """Every API response carries the API-Version header."""
    assert response.headers.get("api-version") == ["1.0.0"], "no API-Version header"
    return None


@schemathesis.check
def errors_are_problem_details(ctx: Any, response: Any, case: Any) -> bool | None:
    """Every error is problem details: its media type, and type, title and status in the body."""
    if response.status_code < 400:
        return None
    content_type = response.headers.get("content-type", [""])[0]
    assert content_type.startswith("application/problem+json"), f"error as {content_type}"
    body = json.loads(response.content)
    assert {"type", "title", "status"} <= set(body), f"not problem details: {body}"
    assert body["status"] == response.status_code
    return None


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    api_version_header,
    errors_are_problem_details,
]


@pytest.fixture(autouse=True)
def _keep_connection_open() -> Iterator[None]:
    """Like Django's test client: the test transaction's connection stays open across requests."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def session_cookie(client: Any, world: World, settings: Any) -> dict[str, str]:
    """A coordinator-like session with every casework capability, two-factor verified."""
    from samen.accounts.tests.factories import UserFactory

    # Hundreds of requests in a few seconds: the rate limits would (rightly) answer 429.
    settings.RATE_LIMITS = {}
    user = UserFactory(
        username="api-tester",
        organisation=world.municipality,
        roles=["advisor", "weighing_team", "case_manager", "chair", "reporter"],
    )
    login(client, user)
    return {"sessionid": client.cookies["sessionid"].value}


def _load_schema() -> Any:
    """The schema the API publishes at /api/v1/openapi.json, generated without a request."""
    raw = json.loads(json.dumps(SchemaGenerator().get_schema(request=None, public=True)))
    loaded = schemathesis.openapi.from_dict(raw)
    loaded.app = get_wsgi_application()
    return loaded


schema = _load_schema()
OPERATIONS = [result.ok() for result in schema.get_all_operations()]


def _generate(
    operation: Any, mode: GenerationMode, cookie: dict[str, str], calls: list[str]
) -> None:
    """Up to EXAMPLES generated requests of one operation in one mode, each one checked."""

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Any) -> None:
        calls.append(operation.label)
        case.call_and_validate(cookies=cookie, checks=CHECKS)

    run()


@pytest.mark.slow
def test_generated_requests_are_answered_as_documented(session_cookie: dict[str, str]) -> None:
    calls: list[str] = []
    for operation in OPERATIONS:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            _generate(operation, mode, session_cookie, calls)
    print(f"{len(calls)} generated requests")
    assert len(calls) >= MIN_CASES, f"only {len(calls)} generated requests"
    assert set(calls) == {operation.label for operation in OPERATIONS}


@schema.parametrize()
@settings(
    max_examples=5,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_no_endpoint_answers_without_authentication(case: Any, world: World) -> None:
    response = case.call()
    # 401 from the API, or 404 when a generated id does not even form a valid URL.
    assert response.status_code in (401, 404), f"{case.method} {case.formatted_path}"
    assert b"reference" not in response.content
    assert response.headers.get("content-type", [""])[0].startswith("application/problem+json")
