"""The register of processing is generated from the configuration; its export is audited."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from samen.accounts.tests.factories import OrganisationFactory
from samen.audit.models import AuditEntry
from samen.casework.tests.factories import World
from samen.conftest import login
from samen.privacy.register import data_categories

pytestmark = pytest.mark.django_db


def test_categories_of_data_follow_the_encrypted_columns() -> None:
    with translation.override("en"):
        categories = {str(m): [str(f) for f in fields] for m, fields in data_categories()}
    assert "date of birth" in categories["persons"]
    assert "what was observed" in categories["signals"]
    assert "reason for the hold" in categories["legal holds"]


@override_settings(RETENTION_CLOSED_CASE_YEARS=7)
def test_register_page_shows_purposes_recipients_terms_and_measures(
    client: Any, world: World
) -> None:
    OrganisationFactory(name="Zonder Convenant", unsigned=True)
    OrganisationFactory(name="Wijkteam <Oost>", covenant_signed_on=date(2025, 3, 1))
    login(client, world.users["dpo"])
    response = client.get(reverse("privacy:register"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Politie" in content and "Jeugdzorg" in content
    assert "Wijkteam &lt;Oost&gt; (ondertekend op 2025-03-01)" in content
    assert "Zonder Convenant" not in content
    assert "SAMEN_RETENTION_CLOSED_CASE_YEARS" in content
    assert "7 years after closure" in content or "7 jaar" in content
    assert "SAMEN_REQUIRE_2FA" in content
    assert 'id="dpia"' in content
    assert not AuditEntry.objects.filter(action="privacy.register.export").exists()


def test_export_is_a_download_and_is_audited(client: Any, world: World) -> None:
    login(client, world.users["administrator"])
    response = client.get(reverse("privacy:register_export"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Cache-Control"] == "no-store, private"
    content = response.content.decode()
    assert content.startswith("<!DOCTYPE html>")
    assert "<script" not in content and "style=" not in content
    entry = AuditEntry.objects.get(action="privacy.register.export")
    assert entry.user_label == "administrator"
