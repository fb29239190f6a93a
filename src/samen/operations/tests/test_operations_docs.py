"""docs/operations.md and the code it describes agree."""

from __future__ import annotations

import re
from pathlib import Path

from samen.operations.tests.test_crash_safety import CYCLES

DOCS = Path(__file__).resolve().parents[4] / "docs" / "operations.md"
WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "ten": 10}


def test_the_crash_test_kills_as_often_as_the_documentation_says() -> None:
    text = " ".join(DOCS.read_text(encoding="utf-8").split())
    found = re.search(r"kills the whole process group .*? (\w+) times", text)
    assert found is not None
    assert WORDS.get(found.group(1), -1) == CYCLES
