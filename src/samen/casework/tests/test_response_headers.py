"""The security and cache headers of every response of the URL matrix: every URL, as an actor
who may open it and as an anonymous visitor. A new URL is checked by being in the matrix."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from samen.casework.tests.factories import World
from samen.casework.tests.test_authorization_matrix import (
    ALL_URL_NAMES,
    BASE_ACTORS,
    MATRIX,
    _client,
    _url,
    matrix_world,  # noqa: F401 (the module's world, shared with the matrix)
)

pytestmark = pytest.mark.django_db


def _allowed_actor(name: str) -> str:
    expected = MATRIX[name][1]
    return next((actor for actor in BASE_ACTORS if expected[actor] == 200), "anonymous")


def check_headers(response: Any, where: str) -> None:
    assert "no-store" in response["Cache-Control"], where
    assert response["X-Content-Type-Options"] == "nosniff", where
    assert response["X-Frame-Options"] == "DENY", where
    assert response["Referrer-Policy"] == "same-origin", where
    assert response["Cross-Origin-Opener-Policy"] == "same-origin", where
    csp = response.get("Content-Security-Policy", "")
    assert ("frame-ancestors 'none'" in csp and "object-src" in csp) or "sandbox" in csp, where
    if response.get("Content-Disposition", "").startswith("attachment"):
        assert "sandbox" in csp and "default-src 'none'" in csp, where
    if response.wsgi_request.path.startswith("/api/"):
        assert response["API-Version"] == "1.0.0", where


@pytest.mark.parametrize("name", ALL_URL_NAMES)
def test_every_response_is_private_and_hardened(
    client: Any,
    matrix_world: World,  # noqa: F811
    name: str,
) -> None:
    world = matrix_world
    url = _url(world, name)
    check_headers(client.get(url), f"GET {name} as anonymous")
    actor = _allowed_actor(name)
    if actor != "anonymous":
        _client(client, world, actor)
        response = client.get(url)
        assert response.status_code == MATRIX[name][1][actor]
        check_headers(response, f"GET {name} as {actor}")
        if MATRIX[name][2] is not None:
            check_headers(client.post(url, {}), f"POST {name} as {actor}")


def test_error_pages_and_unknown_addresses_too(
    client: Any,
    matrix_world: World,  # noqa: F811
) -> None:
    check_headers(client.get("/no/such/page"), "404 page")
    check_headers(client.get("/api/v1/nothing"), "404 problem")
    _client(client, matrix_world, "analyst")
    check_headers(client.get(reverse("casework:case_list")), "403 page")


def test_an_attachment_download_cannot_run(
    client: Any,
    matrix_world: World,  # noqa: F811
) -> None:
    world = matrix_world
    _client(client, world, "case_table_member")
    url = reverse(
        "casework:attachment_download",
        kwargs={"pk": world.case.pk, "attachment_pk": world.attachment.pk},
    )
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Security-Policy"].startswith("default-src 'none'; sandbox")
    check_headers(response, "download")
