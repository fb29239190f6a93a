"""Property-based API tests from the OpenAPI schema: no server error anywhere, and no endpoint
that answers without authentication (Schemathesis, in process against the WSGI app)."""

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
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from samen.casework.tests.factories import World
from samen.conftest import login

pytestmark = pytest.mark.django_db


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
def session_cookie(client: Any, world: World) -> dict[str, str]:
    """A coordinator-like session with every casework capability, two-factor verified."""
    from samen.accounts.tests.factories import UserFactory

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


@schema.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_has_no_server_errors(case: Any, session_cookie: dict[str, str]) -> None:
    case.call_and_validate(cookies=session_cookie, checks=[not_a_server_error])


@schema.parametrize()
@settings(
    max_examples=5,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_no_endpoint_answers_without_authentication(case: Any, world: World) -> None:
    response = case.call()
    # 401/403 from the API, or 404 when a generated id does not even form a valid URL.
    assert response.status_code in (401, 403, 404), f"{case.method} {case.formatted_path}"
    assert b"reference" not in response.content
