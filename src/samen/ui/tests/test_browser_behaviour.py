"""The small behaviours of samen.js in Chromium: focus moves to the error summary and from its
links into the field; the focus ring; the main menu folds behind "Menu" on a phone.

Run with ``pytest -m browser``; skipped when the ``chromium`` package is not installed.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.db import connections
from django.test import Client
from playwright.sync_api import Browser, Page, expect, sync_playwright

from samen.casework.models import District, Signal
from samen.casework.tests.browser_support import CHROMIUM_ARGS, TIMEOUT_MS
from samen.casework.tests.factories import World, build_world
from samen.conftest import login

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium")
if CHROMIUM is None:
    pytest.skip("Chromium not installed (Debian package chromium)", allow_module_level=True)


@pytest.fixture
def small_world(transactional_db: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[World]:
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    yield build_world()


@pytest.fixture
def chromium(small_world: World) -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
            # Connections opened while Playwright's loop ran in this thread are missed by the
            # clean-up after the test (on PostgreSQL an idle one then blocks dropping the test
            # database): close them while that loop still runs.
            connections.close_all()


def open_page(browser: Browser, base_url: str, width: int, session: str = "") -> Page:
    context = browser.new_context(
        base_url=base_url, locale="nl-NL", viewport={"width": width, "height": 800}
    )
    context.set_default_timeout(TIMEOUT_MS)
    if session:
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base_url}]
        )
    return context.new_page()


def test_focus_goes_to_the_error_summary_then_into_the_field(
    live_server: Any, chromium: Browser, small_world: World
) -> None:
    page = open_page(chromium, live_server.url, 1280)
    page.goto(f"/report/?municipality={small_world.municipality.pk}")
    page.get_by_role("button", name="Melding versturen").click()
    expect(page).to_have_title(re.compile(r"^Fout: Zorg melden"))
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading", name="Er is een probleem")).to_be_visible()
    summary.get_by_role("link").first.click()
    expect(page.locator("#id_observation")).to_be_focused()
    page.locator("#id_observation").fill("Iemand deelt gewelddadige filmpjes in de klas.")
    page.get_by_label("Anoniem melden").check()
    page.get_by_role("button", name="Melding versturen").click()
    expect(page.locator("[data-error-summary]")).to_have_count(0)
    expect(page).not_to_have_title(re.compile(r"^Fout:"))


def test_the_public_form_offers_the_districts_of_the_municipality_chosen(
    live_server: Any, chromium: Browser, small_world: World
) -> None:
    District.objects.create(municipality=small_world.other_municipality, name="Dorp")
    page = open_page(chromium, live_server.url, 1280)
    page.goto("/report/")
    page.get_by_label("Gemeente").select_option(label=small_world.municipality.name)
    page.get_by_role("button", name="Volgende").click()
    districts = page.locator("#id_district option")
    expect(districts).to_have_text(["Onbekend of niet in de lijst", "Centrum"])
    # Choosing another municipality fetches its districts; what was typed stays.
    page.locator("#id_observation").fill("Iemand deelt gewelddadige filmpjes in de klas.")
    page.get_by_label("Gemeente").select_option(label=small_world.other_municipality.name)
    expect(districts).to_have_text(["Onbekend of niet in de lijst", "Dorp"])
    expect(page.locator("#id_observation")).to_have_value(
        "Iemand deelt gewelddadige filmpjes in de klas."
    )
    page.locator("#id_district").select_option(label="Dorp")
    page.get_by_label("Anoniem melden").check()
    page.get_by_role("button", name="Melding versturen").click()
    expect(page).to_have_url(re.compile(r"/report/receipt/$"))
    signal = Signal.objects.order_by("-pk").first()
    assert signal is not None and signal.district is not None
    assert signal.district.name == "Dorp"


def test_the_focus_ring_has_two_colours(live_server: Any, chromium: Browser) -> None:
    page = open_page(chromium, live_server.url, 1280)
    page.goto("/report/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Naar de inhoud")
    expect(skip).to_be_focused()
    ring = skip.evaluate(
        "e => { const s = getComputedStyle(e); "
        "return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow]; }"
    )
    # A near-black outline (19:1 on white) around a yellow ring (high contrast on the blue
    # navigation and on dark text): at least 3:1 against whatever lies next to it.
    assert ring[:3] == ["solid", "3px", "rgb(11, 12, 12)"]
    assert "rgb(255, 221, 0)" in ring[3]


def test_the_menu_folds_on_a_phone_and_is_a_bar_on_a_desktop(
    live_server: Any, chromium: Browser, small_world: World
) -> None:
    client = Client()
    login(client, small_world.users["chair"])
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    phone = open_page(chromium, live_server.url, 375, session)
    phone.goto("/")
    cases = phone.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Casussen")
    expect(cases).to_be_hidden()
    phone.get_by_text("Menu", exact=True).click()
    expect(cases).to_be_visible()
    cases.click()
    expect(phone).to_have_url(re.compile(r"/cases/$"))
    desktop = open_page(chromium, live_server.url, 1280, session)
    desktop.goto("/")
    expect(desktop.get_by_text("Menu", exact=True)).to_be_hidden()
    expect(
        desktop.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Casussen")
    ).to_be_visible()
