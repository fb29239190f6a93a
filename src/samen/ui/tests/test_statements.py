"""The privacy statement, the accessibility statement and the contact page: open to everyone,
in every language, filled from the organisation's settings, linked from every page's footer."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import override_settings
from django.urls import reverse

from samen.casework.tests.factories import World
from samen.conftest import login

STATEMENTS = ("ui:privacy", "ui:accessibility", "ui:contact")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "headings"),
    [
        ("nl", ["Privacyverklaring", "Toegankelijkheidsverklaring", "Contact"]),
        ("en", ["Privacy statement", "Accessibility statement", "Contact"]),
        ("fr", ["Déclaration de confidentialité", "Déclaration d\u2019accessibilité", "Contact"]),
    ],
)
def test_statements_open_without_login_in_the_visitors_language(
    client: Any, language: str, headings: list[str]
) -> None:
    for name, heading in zip(STATEMENTS, headings, strict=True):
        response = client.get(reverse(name), HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200
        assert response["Content-Language"] == language
        assert f"<h1>{heading}</h1>".encode() in response.content


@pytest.mark.django_db
@override_settings(
    ORGANISATION_NAME="Gemeente Veldhoven-aan-Zee",
    CONTACT_EMAIL="samen@veldhoven.example",
    CONTACT_PHONE="14 040",
    PRIVACY_EMAIL="fg@veldhoven.example",
    RETENTION_CLOSED_CASE_YEARS=4,
)
def test_statements_name_the_organisation_its_contacts_and_its_terms(client: Any) -> None:
    privacy = client.get(reverse("ui:privacy"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Gemeente Veldhoven-aan-Zee is the controller." in privacy
    assert 'href="mailto:fg@veldhoven.example"' in privacy
    assert "A closed case: 4 years after closing." in privacy
    accessibility = client.get(reverse("ui:accessibility"), HTTP_ACCEPT_LANGUAGE="en")
    text = accessibility.content.decode()
    # The Dutch government's model: status, what was tested, known issues, contact, date.
    for part in ("Status", "What was tested", "Known issues", "Contact", "If you are not"):
        assert f"<h2>{part}" in text
    assert "Partially compliant." in text
    assert 'href="mailto:samen@veldhoven.example"' in text
    assert 'href="tel:14 040"' in text
    assert "This statement was drawn up on 3 Dec 2026." in text
    contact = client.get(reverse("ui:contact"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "samen@veldhoven.example" in contact and "112" in contact
    assert "<title>Contact · samen · Gemeente Veldhoven-aan-Zee</title>" in contact


@pytest.mark.django_db
@override_settings(ORGANISATION_NAME="", CONTACT_EMAIL="", CONTACT_PHONE="", PRIVACY_EMAIL="")
def test_without_settings_the_statements_still_say_whom_to_ask(client: Any) -> None:
    privacy = client.get(reverse("ui:privacy"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "The municipality is the controller." in privacy
    assert "mailto:" not in privacy
    contact = client.get(reverse("ui:contact"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Contact the municipality through its usual channels." in contact


@pytest.mark.django_db
def test_every_page_links_to_the_statements_in_its_footer(client: Any, world: World) -> None:
    anonymous = client.get(reverse("casework:public_report")).content.decode()
    login(client, world.users["chair"])
    staff = client.get(reverse("dashboard")).content.decode()
    for page in (anonymous, staff):
        footer = page[page.index('<footer class="utrecht-page-footer') :]
        for name in STATEMENTS:
            assert f'href="{reverse(name)}"' in footer
