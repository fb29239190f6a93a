"""Request bodies are limited per route, before anything reads them: 413, and no temporary file
of an oversized upload."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from samen.casework.tests.factories import World
from samen.conftest import login

pytestmark = pytest.mark.django_db

MB = 1024 * 1024


def _temp_files() -> set[Path]:
    return set(Path(tempfile.gettempdir()).glob("*.upload*"))


def test_an_extra_file_on_the_public_form_is_refused_unread(client: Client) -> None:
    before = _temp_files()
    response = client.post(
        reverse("casework:public_report"),
        {"observation": "Zorgen", "extra": SimpleUploadedFile("big.bin", b"\0" * (3 * MB))},
    )
    assert response.status_code == 413
    assert response["Content-Type"].startswith("text/html")
    assert _temp_files() == before


def test_each_route_has_its_own_limit(client: Client, world: World) -> None:
    login(client, world.users["case_table_member"])
    url = reverse("casework:case_attachment", kwargs={"pk": world.case.pk})
    too_big = SimpleUploadedFile("rapport.pdf", b"%PDF-" + b"\0" * (11 * MB))
    assert client.post(url, {"attachment-file": too_big}).status_code == 413
    # Two megabytes are fine for an attachment, not for the search of persons.
    fits = SimpleUploadedFile("rapport.pdf", b"%PDF-" + b"\0" * (2 * MB))
    assert client.post(url, {"attachment-file": fits}).status_code == 422
    search = reverse("casework:person_search")
    assert client.post(search, {"name": "x" * (2 * MB)}).status_code == 413


def test_a_malformed_content_length_is_a_bad_request(client: Client) -> None:
    response = client.generic("POST", reverse("casework:public_report"), b"", CONTENT_LENGTH="-5")
    assert response.status_code == 400
    api = client.generic("POST", reverse("api:signal-list"), b"", CONTENT_LENGTH="abc")
    assert api.status_code == 400
    assert api["Content-Type"] == "application/problem+json"


def test_the_limits_table_names_existing_routes(settings: Any) -> None:
    from django.urls import NoReverseMatch

    for name in settings.REQUEST_BODY_LIMITS:
        if name.endswith(":*"):
            continue
        try:
            reverse(name)
        except NoReverseMatch as error:
            assert "arguments" in str(error), name
