"""The browser tests' own checks (``samen.ui.tests.browser``) find what they are for, on pages
written here; no server, no database.

Run with ``pytest -m browser``; skipped when the ``chromium`` package is not installed.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, sync_playwright

from samen.casework.tests.browser_support import CHROMIUM_ARGS, TIMEOUT_MS
from samen.ui.tests.browser import WIDE, axe_violations, prepare

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium")
if CHROMIUM is None:
    pytest.skip("Chromium not installed (Debian package chromium)", allow_module_level=True)

# Faults of the words (an unnamed button, a link without text, a field without a label, a
# language that does not exist) and faults of the structure and colours (a list item outside a
# list, grey on white).
PAGE = """<!DOCTYPE html><html lang="{lang}"><head><title>{title}</title></head><body>
<main><h1>Test</h1>
<button type="button"></button>
<a href="/elders"></a>
<input type="text" name="q">
<li>los</li>
<p style="color:#bbb;background:#fff">bleek</p>
</main></body></html>"""


@pytest.fixture
def page() -> Iterator[Page]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport=WIDE)
            context.set_default_timeout(TIMEOUT_MS)
            prepare(context)
            yield context.new_page()
        finally:
            browser.close()


def rules(findings: list[str]) -> set[str]:
    return {finding.split(" ", 1)[0] for finding in findings}


def test_every_rule_finds_the_faults_of_words_structure_and_colour(page: Page) -> None:
    page.set_content(PAGE.format(lang="nl", title="Test"))
    found = rules(axe_violations(page))
    assert {"button-name", "link-name", "label", "listitem", "color-contrast"} <= found


def test_the_wording_rules_find_the_faults_of_words_only(page: Page) -> None:
    page.set_content(PAGE.format(lang="xx-nonsense", title=""))
    found = rules(axe_violations(page, everything=False))
    assert {"button-name", "link-name", "label", "html-lang-valid", "document-title"} <= found
    assert not {"listitem", "color-contrast"} & found
