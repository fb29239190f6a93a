"""Dutch by default, English and French on request, whatever the browser asks for."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_dutch_by_default_even_for_an_english_browser(client: Any) -> None:
    response = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "nl"
    assert b'<html lang="nl">' in response.content
    assert b"Inloggen" in response.content


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
