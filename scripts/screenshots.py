"""Screenshots of the main pages of a running demo, at 1280 and 375 px, into docs/screenshots/.

Start the demo first (`make demo`, or `SAMEN_MODE=demo PORT=8765 samen demo`), then:

    .venv/bin/python scripts/screenshots.py http://127.0.0.1:8765

Needs Chromium (Debian package `chromium`) and Playwright (a dev dependency). The demo's
accounts and password are the ones `samen demo` prints; the pages are in Dutch, the default.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
PASSWORD = "samen-demo-2026"
WIDTHS = (1280, 375)
MAX_HEIGHT = 2400  # the top of a long page (the audit log) is what a screenshot should show


def log_in(page: Page, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def shoot(page: Page, name: str) -> None:
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        height = min(page.evaluate("document.documentElement.scrollHeight"), MAX_HEIGHT)
        page.screenshot(
            path=str(OUT / f"{name}-{width}.png"),
            full_page=True,
            clip={"x": 0, "y": 0, "width": width, "height": height},
        )


def main(base: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"))
        page = browser.new_page(locale="nl-NL")
        page.goto(f"{base}/report/")
        shoot(page, "public-form")

        log_in(page, base, "coordinator")
        page.goto(f"{base}/")
        shoot(page, "dashboard")
        page.goto(f"{base}/cases/?phase=open")
        page.locator("main table a[href^='/cases/']").first.click()
        page.wait_for_load_state()
        shoot(page, "case-page")
        page.goto(f"{base}/meetings/")
        links = page.locator("main table a[href^='/meetings/']")
        page.goto(base + (links.first.get_attribute("href") or "/meetings/"))
        shoot(page, "meeting-page")

        log_in(page, base, "dpo")
        page.goto(f"{base}/audit/")
        shoot(page, "audit-log")
        browser.close()


if __name__ == "__main__":
    if len(sys.argv) != 2 or not re.match(r"^https?://", sys.argv[1]):
        sys.exit(__doc__)
    main(sys.argv[1].rstrip("/"))
