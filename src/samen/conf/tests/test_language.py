"""The language: the user's choice; else the browser's on public pages; else Dutch."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from samen.casework.tests.factories import World
from samen.conftest import login


@pytest.mark.django_db
def test_staff_pages_are_dutch_whatever_the_browser_asks(client: Any, world: World) -> None:
    login(client, world.users["chair"])
    response = client.get(reverse("dashboard"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "nl"
    assert b'<html lang="nl"' in response.content


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "accept", "language", "word"),
    [
        ("/accounts/login/", "en-GB,en;q=0.9", "en", "Log in"),
        ("/accounts/login/", "fr-BE,fr;q=0.9,nl;q=0.5", "fr", "Se connecter"),
        ("/report/", "fr-FR", "fr", "Signaler"),
        ("/about/privacy/", "en", "en", "Privacy statement"),
        ("/report/", "de-DE,de;q=0.9", "nl", "Zorg melden"),
        ("/report/", "", "nl", "Zorg melden"),
    ],
)
def test_public_pages_follow_the_browser_until_a_language_is_chosen(
    client: Any, path: str, accept: str, language: str, word: str
) -> None:
    response = client.get(path, HTTP_ACCEPT_LANGUAGE=accept)
    assert response["Content-Language"] == language
    assert f'<html lang="{language}"'.encode() in response.content
    assert word.encode() in response.content
    assert "Accept-Language" in response["Vary"]


@pytest.mark.django_db
def test_a_chosen_language_beats_the_browser(client: Any) -> None:
    client.post(reverse("set_language"), {"language": "nl", "next": "/report/"})
    response = client.get("/report/", HTTP_ACCEPT_LANGUAGE="fr-FR")
    assert response["Content-Language"] == "nl"


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "word"), [("en", "Log in"), ("fr", "Se connecter")])
def test_the_language_switch_is_kept(client: Any, language: str, word: str) -> None:
    response = client.post(
        reverse("set_language"), {"language": language, "next": "/accounts/login/"}
    )
    assert response.status_code == 302
    page = client.get(reverse("accounts:login"))
    assert page["Content-Language"] == language
    assert word.encode() in page.content


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "3 Dec 2026 · 03/12/2026 · 14:05 · 3 December"),
        ("nl", "3 december 2026 · 3-12-2026 · 14:05 · 3 december"),
        ("fr", "3 décembre 2026 · 03/12/2026 · 14:05 · 3 décembre"),
    ],
)
def test_dates_are_formatted_per_language_with_british_english(
    language: str, expected: str
) -> None:
    template = Template(
        '{{ moment|date:"DATE_FORMAT" }} · {{ moment|date:"SHORT_DATE_FORMAT" }} · '
        '{{ moment|time:"TIME_FORMAT" }} · {{ moment|date:"MONTH_DAY_FORMAT" }}'
    )
    moment = datetime.datetime(2026, 12, 3, 14, 5)
    with translation.override(language):
        assert template.render(Context({"moment": moment})) == expected
