"""The interface's rows of the authorization matrix (merged into casework's MATRIX).

The privacy statement, the accessibility statement and the contact page hold no personal data
and are open to everyone, logged in or not; they only answer GET (and HEAD).
"""

from __future__ import annotations

from typing import Any


class Everyone(dict[str, int]):
    """The same status for every actor of the matrix."""

    def __init__(self, status: int) -> None:
        super().__init__()
        self.status = status

    def __missing__(self, actor: str) -> int:
        return self.status


UI_MATRIX: dict[str, tuple[Any, dict[str, int], dict[str, int] | None]] = {
    "ui:privacy": (None, Everyone(200), Everyone(405)),
    "ui:accessibility": (None, Everyone(200), Everyone(405)),
    "ui:contact": (None, Everyone(200), Everyone(405)),
}
