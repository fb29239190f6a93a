"""Chromium driven through Playwright, for the tests marked ``browser``.

The test modules skip themselves when Debian's ``chromium`` is not installed; these fixtures
are only set up by tests that ask for them."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, sync_playwright

from samen.casework.tests.browser_support import CHROMIUM_ARGS, TIMEOUT_MS


@pytest.fixture
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        # launch() gives Chromium a fresh, throwaway user-data directory of its own.
        browser = playwright.chromium.launch(
            executable_path=shutil.which("chromium"), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(browser: Browser, live_server: Any) -> Iterator[Page]:
    context = browser.new_context(base_url=live_server.url, locale="nl-NL")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def console(page: Page) -> list[str]:
    """What the page writes to the console, uncaught script errors and failed responses."""
    messages: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        messages.append(f"{message.type}: {message.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: messages.append(f"pageerror: {error}"))
    page.on(
        "response",
        lambda r: messages.append(f"response: {r.status} {r.url}") if r.status >= 400 else None,
    )
    return messages
