"""Bad input keeps what was typed; personal data is encrypted at rest; headers and CSRF."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from samen.casework.models import Signal
from samen.casework.tests.factories import World
from samen.conftest import login

pytestmark = pytest.mark.django_db


def test_public_form_without_contact_or_anonymity_keeps_the_text(client: Any, world: World) -> None:
    response = client.post(
        reverse("casework:public_report"),
        {"municipality": world.municipality.pk, "observation": "Wat ik zag: een lang verhaal"},
    )
    assert response.status_code == 200
    assert "reporter_contact" in response.context["form"].errors
    assert b"Wat ik zag: een lang verhaal" in response.content
    assert Signal.objects.count() == 2  # only the world's two


def test_personal_data_is_encrypted_in_the_database(world: World) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT observation, subject_name FROM casework_signal WHERE id = %s",
            [world.signal.pk],
        )
        observation, subject = cursor.fetchone()
    assert observation.startswith("fernet:")
    assert "buurjongen" not in observation
    assert "Test Persoon" not in subject
    assert Signal.objects.get(pk=world.signal.pk).observation == "Zorgen over een buurjongen"


def test_encrypted_fields_cannot_be_searched_in_sql(world: World) -> None:
    with pytest.raises(TypeError):
        Signal.objects.filter(observation__icontains="buur").count()


@pytest.mark.parametrize("path", ["/report/", "/accounts/login/", "/api/v1/openapi.json"])
def test_security_headers_on_every_response(client: Any, path: str) -> None:
    response = client.get(path)
    csp = response["Content-Security-Policy"]
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Request-ID"]


def test_htmx_script_carries_the_csp_nonce(client: Any) -> None:
    response = client.get("/report/")
    assert "script-src 'self' 'nonce-" in response["Content-Security-Policy"]
    nonce = response["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"'.encode() in response.content
    assert b"<script>" not in response.content


def test_forms_need_a_csrf_token(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        reverse("casework:public_report"),
        {"municipality": world.municipality.pk, "observation": "x", "anonymous": "on"},
    )
    assert response.status_code == 403
    login(client, world.users["chair"])
    response = client.post(reverse("casework:meeting_create"), {"title": "x"})
    assert response.status_code == 403


def test_error_pages_do_not_echo_case_content(client: Any, world: World) -> None:
    login(client, world.outsider)
    response = client.get(reverse("casework:case_detail", kwargs={"pk": world.case.pk}))
    assert response.status_code == 404
    assert world.case.reference.encode() not in response.content
    assert b"Tweede Persoon" not in response.content
