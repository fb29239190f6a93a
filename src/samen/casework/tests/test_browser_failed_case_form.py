"""In Chromium: a form of the case page that fails comes back on a page of its own, says so in
its title, focuses its error summary, and once corrected makes the change and returns to the
case page (decision 0017).

Run with ``pytest -m browser``; skipped when the ``chromium`` package is not installed.
"""

from __future__ import annotations

import re
import shutil
from typing import Any

import pytest
from django.conf import settings
from django.db import connections
from django.test import Client
from playwright.sync_api import Page, expect

from samen.casework.models import Goal
from samen.casework.tests.factories import build_world
from samen.conftest import login

pytestmark = pytest.mark.browser

if shutil.which("chromium") is None:
    pytest.skip("Chromium not installed (Debian package chromium)", allow_module_level=True)


def test_a_failed_goal_comes_back_alone_then_is_added(
    transactional_db: None,
    monkeypatch: pytest.MonkeyPatch,
    live_server: Any,
    page: Page,
    console: list[str],
) -> None:
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    world = build_world()
    case = world.case
    assert case is not None
    client = Client()
    login(client, world.users["case_manager"])
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    try:
        page.goto(f"/cases/{case.pk}/")
        page.get_by_text("Een doel toevoegen", exact=True).click()
        page.get_by_role("button", name="Doel toevoegen").click()

        # The page of its own: the error in the title, the summary focused, one form.
        expect(page).to_have_title(re.compile(rf"^Fout: Een doel toevoegen — {case.reference}"))
        expect(page.get_by_role("heading", level=1)).to_have_text("Een doel toevoegen")
        summary = page.locator("[data-error-summary]")
        expect(summary).to_be_focused()
        expect(summary.get_by_role("heading", name="Er is een probleem")).to_be_visible()
        expect(page.locator("form[id]")).to_have_count(1)
        back = page.get_by_role("link", name="Terug naar de casus")
        expect(back).to_have_attribute("href", re.compile(rf"/cases/{case.pk}/#goal_form$"))
        summary.get_by_role("link").first.click()
        field = page.locator("#id_goal-text")
        expect(field).to_be_focused()

        # Corrected, the goal is added and the case page shows it.
        field.fill("Gaat weer naar school.")
        page.get_by_role("button", name="Doel toevoegen").click()
        expect(page).to_have_url(re.compile(rf"/cases/{case.pk}/#goal_form$"))
        expect(page.get_by_text("Het doel is aan het plan toegevoegd.")).to_be_visible()
        expect(page.locator("#plan")).to_contain_text("Gaat weer naar school.")
        assert Goal.objects.filter(case=case).count() == 1
        errors = [m for m in console if m.startswith("pageerror:")]
        assert not errors, "\n".join(errors)
    finally:
        connections.close_all()
