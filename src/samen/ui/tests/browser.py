"""Checks that the browser tests run on a page: axe-core and sideways scrolling at 320 px."""

from __future__ import annotations

import json
from typing import Any

from axe_playwright_python.base import AXE_FILE_PATH
from playwright.sync_api import BrowserContext, Page

# The WCAG 2.1 success criteria at levels A and AA that axe-core can test, and WCAG 2.2's
# target size (24 by 24 px; axe's only wcag22aa rule).
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
TARGET_SIZE = ["wcag22aa"]
NARROW = {"width": 320, "height": 800}
WIDE = {"width": 1280, "height": 900}

# What sticks out of the page at 320 px, named so that a failure says where to look.
OVERFLOW_SCRIPT = """() => {
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= width) return [];
  const names = [];
  for (const element of document.body.querySelectorAll('*')) {
    const box = element.getBoundingClientRect();
    if (box.right > width + 1 && box.width > 0) {
      let inScroller = false;
      for (let up = element.parentElement; up && up !== document.body; up = up.parentElement) {
        const style = getComputedStyle(up);
        if (style.overflowX === 'auto' || style.overflowX === 'scroll') {
          inScroller = true;
          break;
        }
      }
      if (!inScroller) {
        names.push(element.tagName.toLowerCase() + (element.id ? '#' + element.id : '') +
          (element.className && typeof element.className === 'string'
            ? '.' + element.className.trim().split(/\\s+/).join('.') : '') +
          ' (' + Math.round(box.right) + ' px)');
      }
    }
    if (names.length >= 5) break;
  }
  return names.length ? names : ['document ' + document.documentElement.scrollWidth + ' px'];
}"""


def prepare(context: BrowserContext) -> None:
    """Load axe-core (pinned through the axe-playwright-python package) into every page."""
    context.add_init_script(path=str(AXE_FILE_PATH))


# The rules whose outcome can change with the words of a page: names and text alternatives,
# labels, titles, the language attributes, and what overflows when a text is longer (a region
# that comes to scroll). The other rules read the structure of the page, which is the same in
# every language. (axe's experimental rules, which a run by tag leaves out, are left out here.)
WORDING_RULES = [
    "area-alt",
    "aria-command-name",
    "aria-input-field-name",
    "aria-meter-name",
    "aria-progressbar-name",
    "aria-tab-name",
    "aria-toggle-field-name",
    "aria-tooltip-name",
    "button-name",
    "document-title",
    "frame-title",
    "frame-title-unique",
    "html-has-lang",
    "html-lang-valid",
    "html-xml-lang-mismatch",
    "image-alt",
    "input-button-name",
    "input-image-alt",
    "label",
    "link-name",
    "object-alt",
    "role-img-alt",
    "scrollable-region-focusable",
    "select-name",
    "summary-name",
    "svg-img-alt",
    "valid-lang",
]


def axe_violations(page: Page, *, everything: bool = True) -> list[str]:
    """Each WCAG 2.1 A/AA violation: rule, impact and the first places it was found.

    ``everything=False``, for a page already checked in another language, runs only the rules
    whose outcome the words can change (``WORDING_RULES``): colour contrast (most of axe's
    time), target size and the structure of the page do not depend on the language.
    """
    options: dict[str, Any] = {"resultTypes": ["violations"]}
    if everything:
        options["runOnly"] = {"type": "tag", "values": WCAG_21_AA + TARGET_SIZE}
    else:
        options["runOnly"] = {"type": "rule", "values": WORDING_RULES}
    results: dict[str, Any] = page.evaluate(f"axe.run(document, {json.dumps(options)})")
    found = []
    for violation in results["violations"]:
        targets = [", ".join(node["target"]) for node in violation["nodes"][:3]]
        found.append(f"{violation['id']} ({violation['impact']}): {'; '.join(targets)}")
    return found


def sideways_at_320(page: Page) -> list[str]:
    """What makes the page scroll sideways at 320 CSS pixels (empty when nothing does)."""
    page.set_viewport_size(NARROW)
    try:
        return list(page.evaluate(OVERFLOW_SCRIPT))
    finally:
        page.set_viewport_size(WIDE)
