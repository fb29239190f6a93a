"""The rows of the DPO's pages for requests of a person (merged into casework's MATRIX).

Only the data protection officer (``privacy.subject_rights``) opens them; every other actor
gets 403 and anonymous visitors the login page. An empty POST is a form error (422): a reason
or a name is required.
Expectations are mappings whose missing actors get the default, so an actor added to the
matrix later is covered as well.
"""

from __future__ import annotations

from typing import Any


class Expect(dict[str, int]):
    def __init__(self, default: int, **explicit: int) -> None:
        super().__init__(explicit)
        self.default = default

    def __missing__(self, actor: str) -> int:
        return self.default


def dpo(status: int) -> Expect:
    return Expect(403, anonymous=302, dpo=status)


def _person(world: Any) -> dict[str, int]:
    return {"pk": world.case.person_id}


SUBJECT_MATRIX: dict[str, tuple[Any, dict[str, int], dict[str, int] | None]] = {
    "privacy:subject_search": (None, dpo(200), dpo(422)),
    "privacy:subject_detail": (_person, dpo(200), None),
    "privacy:subject_export_json": (_person, dpo(200), None),
    "privacy:subject_export_pdf": (_person, dpo(200), None),
    "privacy:subject_rectify": (_person, dpo(200), dpo(422)),
    "privacy:subject_erase": (_person, dpo(200), dpo(422)),
}
