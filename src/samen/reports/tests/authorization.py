"""The yearly account's rows of the authorization matrix (merged into casework's MATRIX).

The coordinator (chair role: reads and keeps the programme) and the analyst read the account of
their municipality; "elsewhere" (a chair of another municipality) reads its own (200). Only the
coordinator writes the texts; an empty text is refused (422)."""

from __future__ import annotations

from typing import Any

from samen.programme.tests.authorization import Expect


def _year(world: Any) -> dict[str, int]:
    return {"year": 2026}


REPORTS_MATRIX: dict[str, tuple[Any, dict[str, int], dict[str, int] | None]] = {
    "reports:account": (
        _year,
        Expect(403, anonymous=302, chair=200, analyst=200, elsewhere=200),
        None,
    ),
    "reports:account_texts": (
        _year,
        Expect(403, anonymous=302, chair=200, elsewhere=200),
        Expect(403, anonymous=302, chair=422, elsewhere=422),
    ),
}
